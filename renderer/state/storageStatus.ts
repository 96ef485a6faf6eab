import type { StorageFailure } from '../storage/guardedPersistence';

/**
 * What the user sees about saving. The journal's system of record is the host's store, so:
 *  - "Saved on this device": the store has acknowledged every update;
 *  - "Saving…": something the user did is not acknowledged yet;
 *  - failed: pushes to the store are failing while there is an unacknowledged backlog; it stays
 *    until that backlog is acknowledged (not merely until the store says it is back);
 *  - notices, shown quietly beside the state: this window's offline copy (IndexedDB) is not
 *    updating — not data loss, the store still receives every update — or a damaged part of the
 *    offline copy was set aside and the page restored from the store.
 */
export type SaveState =
  | { kind: 'saved'; notices: readonly string[] }
  | { kind: 'saving'; notices: readonly string[] }
  | { kind: 'failed'; message: string; notices: readonly string[] };

export interface StorageStatus {
  get(): SaveState;
  subscribe(listener: () => void): () => void;
  /** Pushing `docId` to the store failed; its backlog is kept and retried. */
  reportSaveFailure(docId: string, reason: string): void;
  /** Everything of `docId` is acknowledged again. */
  reportSaveRecovered(docId: string): void;
  /** The offline copy (IndexedDB cache) of a doc failed. */
  reportCacheFailure(failure: StorageFailure): void;
  reportCacheRecovered(docName: string): void;
  /** Damaged records of a page were set aside (`where`: the offline copy or the store). */
  reportDamaged(pageName: string, where: 'cache' | 'store'): void;
  /** Polled by the status indicator; cheap (counts unacknowledged updates). */
  refresh(pendingWrites: number): void;
}

export function createStorageStatus(): StorageStatus {
  const saveFailures = new Map<string, string>();
  const cacheFailures = new Map<string, string>();
  const damaged = new Map<string, string>();
  let pending = 0;
  let state: SaveState = { kind: 'saved', notices: [] };
  const listeners = new Set<() => void>();

  const compute = (): SaveState => {
    const notices: string[] = [...damaged.values()];
    const cacheReason = [...cacheFailures.values()][0];
    if (cacheReason) notices.push(`This window’s offline copy isn’t updating (${cacheReason}); your journal is still saved.`);
    const failure = [...saveFailures.values()][0];
    if (failure) return { kind: 'failed', message: failure, notices };
    return { kind: pending > 0 ? 'saving' : 'saved', notices };
  };
  const update = (): void => {
    const next = compute();
    if (sameState(state, next)) return;
    state = next;
    listeners.forEach((l) => l());
  };

  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reportSaveFailure(docId, reason) {
      saveFailures.set(docId, reason);
      update();
    },
    reportSaveRecovered(docId) {
      saveFailures.delete(docId);
      update();
    },
    reportCacheFailure(failure) {
      console.warn('[kindred offline copy]', failure.docName, failure.message);
      cacheFailures.set(failure.docName, stripPeriod(failure.message));
      update();
    },
    reportCacheRecovered(docName) {
      cacheFailures.delete(docName);
      update();
    },
    reportDamaged(pageName, where) {
      const message =
        where === 'cache'
          ? `Part of the offline copy of ‘${pageName}’ was damaged and set aside; the page was restored from the journal store.`
          : `Part of ‘${pageName}’ in the journal store was damaged and set aside; everything readable was kept.`;
      damaged.set(`${where}:${pageName}`, message);
      update();
    },
    refresh(pendingWrites) {
      pending = pendingWrites;
      update();
    },
  };
}

function stripPeriod(text: string): string {
  return text.trim().replace(/[.。]+$/, '');
}

function sameState(a: SaveState, b: SaveState): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'failed' && b.kind === 'failed' && a.message !== b.message) return false;
  return a.notices.length === b.notices.length && a.notices.every((n, i) => n === b.notices[i]);
}
