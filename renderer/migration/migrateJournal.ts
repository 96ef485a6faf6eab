import type * as Y from 'yjs';
import type { HostClient } from '../../shared/host/contract';
import { sameInStore } from './verifyInStore';

/**
 * Moves a journal that lived only in this browser profile's IndexedDB into the host's store.
 *
 * Pages are taken in sorted id order. Opening a page through the replica link pushes whatever
 * the cache has beyond the store; the page is then verified identical in the store, and the
 * store records how many pages (in that order) are verified — so closing the app halfway resumes
 * at the first unverified page, and nothing in IndexedDB is treated as a mere cache until every
 * page has been verified. The workspace doc moves the same way when it is opened at start-up.
 */
export interface MigrationDeps {
  host: HostClient;
  /** Every page the registry knows (the workspace doc is already open and linked). */
  pageIds(): string[];
  /** Opens a page through the replica link and resolves once the store has acknowledged it. */
  moveDoc(pageId: string): Promise<Y.Doc>;
  /** The workspace doc, verified like any page before the move is declared done. */
  workspace: { id: string; doc: Y.Doc };
  onProgress?(progress: { done: number; total: number }): void;
  signal?: AbortSignal;
  /** Pages moved at the same time (each one waits for IndexedDB and the host); 8 by default. */
  concurrency?: number;
  /** True for docs this window keeps live (their subscription must survive the check). */
  stillLinked?(docId: string): boolean;
}

export type MigrationOutcome =
  | { kind: 'done'; moved: number; total: number }
  | { kind: 'stopped'; verified: number; total: number }
  | { kind: 'failed'; verified: number; total: number; pageId: string; message: string };

const RECORD_EVERY = 25;

export async function migrateJournal(deps: MigrationDeps): Promise<MigrationOutcome> {
  const { host } = deps;
  const recorded = await host.request('migration.state', {});
  if (recorded.state === 'done') return { kind: 'done', moved: 0, total: recorded.total };
  const ids = [...new Set(deps.pageIds())].sort();
  const total = ids.length;
  // Resume only over the same list: if pages were added since, the sorted order may have shifted,
  // so start over (cheap: already-moved pages are found identical and nothing is sent again).
  let verified = recorded.total === total ? Math.min(recorded.verified, total) : 0;
  await host.request('migration.record', { state: 'in-progress', verified, total });
  deps.onProgress?.({ done: verified, total });

  const concurrency = Math.max(1, deps.concurrency ?? 8);
  const done = new Array<boolean>(total).fill(false);
  let next = verified;
  let failure: { pageId: string; message: string } | null = null;
  let lastRecorded = verified;

  const advance = async (): Promise<void> => {
    while (verified < total && done[verified]) verified++;
    deps.onProgress?.({ done: verified, total });
    if (verified - lastRecorded >= RECORD_EVERY) {
      lastRecorded = verified;
      await host.request('migration.record', { state: 'in-progress', verified, total });
    }
  };

  const worker = async (): Promise<void> => {
    while (!failure && !deps.signal?.aborted && next < total) {
      const index = next++;
      const pageId = ids[index]!;
      try {
        const doc = await deps.moveDoc(pageId);
        if (!(await sameInStore(host, pageId, doc, deps.stillLinked))) throw new Error('the store’s copy differs after the move');
        done[index] = true;
        await advance();
      } catch (err) {
        failure ??= { pageId, message: err instanceof Error ? err.message : String(err) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total - next) }, worker));
  await host.request('migration.record', { state: 'in-progress', verified, total });

  // Assigned inside the workers: TypeScript cannot see that, so read it through its declared type.
  const failed = failure as { pageId: string; message: string } | null;
  if (failed) return { kind: 'failed', verified, total, pageId: failed.pageId, message: failed.message };
  if (deps.signal?.aborted || verified < total) return { kind: 'stopped', verified, total };
  if (!(await sameInStore(host, deps.workspace.id, deps.workspace.doc, deps.stillLinked))) {
    return { kind: 'failed', verified, total, pageId: deps.workspace.id, message: 'the store’s copy of the registry differs' };
  }
  await host.request('migration.record', { state: 'done', verified: total, total });
  deps.onProgress?.({ done: total, total });
  return { kind: 'done', moved: total, total };
}
