import { readDerivedFacts } from '../../shared/domain/derivedFacts';
import type { DerivedPageFacts } from '../../shared/domain/types';
import type { HostClient } from '../../shared/host/contract';
import type { DerivedIndexState } from '../../shared/host/slices/derived';

/**
 * This window's copy of the host's derived index (previews, mention snippets, care facts per
 * page): loaded once at start-up with `derived.pages` (in pages), then kept current by the
 * `derived.changed` events. Lists compose it with the authored workspace doc (workspaceView).
 *
 * Events and page loads may interleave; both carry the host index's cursor (`seq`), and a page's
 * facts are only replaced by a value at least as recent as the one already applied, so a page
 * load that started before an event can never bring back older facts.
 */
export interface DerivedSource {
  pages(after: string | undefined, limit: number): Promise<{ seq: number; pages: [string, unknown][]; next: string | null; state: DerivedIndexState }>;
  subscribe(listener: (change: { seq: number; pages: [string, unknown][]; state: DerivedIndexState }) => void): () => void;
}

/** The host's derived index over the contract (`derived.pages` / `derived.changed`). */
export function hostDerivedSource(host: HostClient): DerivedSource {
  return {
    pages: (after, limit) => host.request('derived.pages', after === undefined ? { limit } : { after, limit }),
    subscribe: (listener) => host.subscribe('derived.changed', listener),
  };
}

export type DerivedFactsState = { kind: 'loading' } | DerivedIndexState | { kind: 'failed'; message: string };

export interface DerivedFacts {
  get(pageId: string): DerivedPageFacts | undefined;
  state(): DerivedFactsState;
  /** Called with the ids whose facts changed (during the first load: each page's ids as it arrives, then once more when it ends). */
  subscribe(listener: (changed: ReadonlySet<string>) => void): () => void;
  /** Resolves once every page's facts have been loaded (or the load failed: see state()). */
  readonly loaded: Promise<void>;
  dispose(): void;
}

/** Pages per request (the host also stops a page at ~256 KB of facts). */
const PAGE_SIZE = 1_000;

export function createDerivedFacts(source: DerivedSource, options: { pageSize?: number } = {}): DerivedFacts {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const facts = new Map<string, DerivedPageFacts>();
  /** Seq of the value applied per page, deletions included (so an older load cannot revive it). */
  const seqs = new Map<string, number>();
  const listeners = new Set<(changed: ReadonlySet<string>) => void>();
  let state: DerivedFactsState = { kind: 'loading' };
  let disposed = false;

  const notify = (changed: Set<string>): void => {
    if (changed.size === 0 || disposed) return;
    listeners.forEach((l) => l(changed));
  };

  /** Applies one value unless the page already has a more recent one. */
  const apply = (id: string, value: unknown, seq: number, changed: Set<string>): void => {
    if (typeof id !== 'string') return;
    if ((seqs.get(id) ?? -1) > seq) return;
    seqs.set(id, seq);
    if (value === null) {
      if (facts.delete(id)) changed.add(id);
    } else {
      facts.set(id, readDerivedFacts(value));
      changed.add(id);
    }
  };

  // Listen before loading, so nothing that happens during the load is missed.
  const stop = source.subscribe((change) => {
    const changed = new Set<string>();
    for (const [id, value] of change.pages) apply(id, value, change.seq, changed);
    if (state.kind !== 'loading') state = change.state;
    notify(changed);
  });

  const loaded = (async () => {
    let after: string | undefined;
    const changed = new Set<string>();
    let last: DerivedIndexState = { kind: 'ready' };
    try {
      do {
        const res = await source.pages(after, pageSize);
        if (disposed) return;
        for (const [id, value] of res.pages) apply(id, value, res.seq, changed);
        last = res.state;
        after = res.next ?? undefined;
        // Heard page by page: each page's ids are re-read in a task of their own, not all
        // 10,000 pages' at once in one long task when the last page arrives.
        if (after !== undefined) {
          notify(new Set(changed));
          changed.clear();
        }
      } while (after !== undefined);
      state = last;
    } catch (err) {
      state = { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
      console.warn('[kindred derived] could not load page facts', err);
    }
    // Always heard, even with nothing loaded: the state changed at least.
    if (!disposed) listeners.forEach((l) => l(changed));
  })();

  return {
    get: (id) => facts.get(id),
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    loaded,
    dispose() {
      disposed = true;
      stop();
      listeners.clear();
    },
  };
}
