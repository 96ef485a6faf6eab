import type { Person } from '../../shared/domain/types';
import type { HostClient } from '../../shared/host/contract';
import type { SearchState } from '../../shared/host/slices/search';
import { QuickSwitcher, type SearchFilter, type SearchHit, type SwitcherResult } from '../../shared/search';
import type { WorkspaceView } from '../state/workspaceView';
import { switcherItems } from './searchDocs';

/**
 * Search as the window sees it. Full-text search runs in the host, beside the store and off this
 * window's UI thread (electron/services/search): it indexes, loads and saves there, so nothing
 * here ever parses or saves an index. `search()` asks the host; its answer says whether the
 * index is `complete` — while it is still loading, an empty answer means "still loading your
 * notes", never "nothing found". The quick switcher stays local: names and titles come from the
 * workspace snapshot the window already holds.
 */
export type IndexingState =
  | { kind: 'loading' }
  | { kind: 'indexing'; done: number; total: number }
  | { kind: 'ready'; docs: number }
  | { kind: 'failed'; message: string };

export interface SearchAnswer {
  hits: SearchHit[];
  /** False while the host's index is loading or indexing. */
  complete: boolean;
}

export interface SearchService {
  state(): IndexingState;
  subscribe(listener: () => void): () => void;
  search(query: string, filter?: SearchFilter, limit?: number): Promise<SearchAnswer>;
  quickSwitch(query: string, limit?: number): SwitcherResult[];
  /** Nothing to save here any more (the host saves its index); kept for callers that flush. */
  flush(): Promise<void>;
  dispose(): void;
}

export interface SearchServiceDeps {
  host: Pick<HostClient, 'request' | 'subscribe'>;
  view: WorkspaceView;
  recentIds(): string[];
}

const LEGACY_DB = 'kindred-search';
const LEGACY_DIRTY_KEY = 'kindred.search.dirty';

function fromHost(s: SearchState): IndexingState {
  if (s.kind === 'loading') return { kind: 'loading' };
  if (s.kind === 'indexing') return { kind: 'indexing', done: s.done, total: s.total };
  return { kind: 'ready', docs: s.total };
}

/** filter fields the host's schema accepts (no undefined keys, no empty lists). */
function cleanFilter(filter: SearchFilter | undefined): SearchFilter | undefined {
  if (!filter) return undefined;
  const out: SearchFilter = {};
  if (filter.people && filter.people.length > 0) out.people = filter.people;
  if (filter.kinds && filter.kinds.length > 0) out.kinds = filter.kinds;
  if (filter.from) out.from = filter.from;
  if (filter.to) out.to = filter.to;
  return Object.keys(out).length > 0 ? out : undefined;
}

export function createSearchService(deps: SearchServiceDeps): SearchService {
  const { host, view } = deps;
  let state: IndexingState = { kind: 'loading' };
  const listeners = new Set<() => void>();
  let disposed = false;
  let switcher: { version: number; switcher: QuickSwitcher } | null = null;
  const setState = (next: IndexingState): void => {
    state = next;
    listeners.forEach((l) => l());
  };
  // Every state the host reports is a new object, so views re-ask after pages were indexed.
  const stop = host.subscribe('search.state', (s) => {
    if (!disposed) setState(fromHost(s));
  });
  forgetLegacyIndex();

  return {
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async search(query, filter, limit = 50) {
      const params = { q: query.slice(0, 1_000), limit: Math.max(1, Math.min(500, Math.floor(limit))) };
      const f = cleanFilter(filter);
      try {
        const res = await host.request('search.query', f ? { ...params, filter: f } : params);
        const next = fromHost(res.state);
        if (!disposed && (next.kind !== state.kind || (next.kind === 'loading' && state.kind !== 'loading'))) setState(next);
        return { hits: res.hits, complete: res.complete };
      } catch (err) {
        if (!disposed) setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
        throw err;
      }
    },
    quickSwitch(query, limit = 12) {
      const snap = view.getSnapshot();
      // Rebuilt only when the registry changed, not per keystroke.
      if (!switcher || switcher.version !== snap.version) {
        switcher = { version: snap.version, switcher: new QuickSwitcher(switcherItems(snap.pages, snap.people as ReadonlyMap<string, Person>)) };
      }
      return switcher.switcher.search(query, { limit, recentIds: deps.recentIds() });
    },
    flush: async () => undefined,
    dispose() {
      disposed = true;
      stop();
      listeners.clear();
    },
  };
}

/**
 * The index this window used to keep in IndexedDB (37 MB at 10,000 pages) is deleted once: the
 * host has its own now. Deleting a database that does not exist is a quick no-op.
 */
function forgetLegacyIndex(): void {
  try {
    globalThis.localStorage?.removeItem(LEGACY_DIRTY_KEY);
    globalThis.indexedDB?.deleteDatabase(LEGACY_DB);
  } catch {
    // Storage not available (private mode…): nothing to delete.
  }
}
