import type * as Y from 'yjs';
import type { PageMeta, Person } from '../../shared/domain/types';
import {
  createPersonResolver,
  QuickSwitcher,
  SearchIndex,
  type SearchFilter,
  type SearchHit,
  type SwitcherResult,
} from '../../shared/search';
import type { DocStore } from '../storage/docStore';
import type { WorkspaceSnapshot, WorkspaceView } from '../state/workspaceView';
import { loadIndexRecord, readDirty, saveIndexRecord, writeDirty } from './indexStorage';
import { switcherItems, toSearchDoc } from './searchDocs';

/**
 * Keeps the full-text index in step with the pages, and answers queries from memory.
 *
 * Start-up reads one persisted record; only pages that changed since it was saved (the dirty
 * list), or that it has never seen, are opened and indexed — in the background, with progress.
 * Typing updates the index within ~300 ms of a pause; nothing is rebuilt from scratch unless
 * the saved index is missing or from another format.
 */
export type IndexingState =
  | { kind: 'loading' }
  | { kind: 'indexing'; done: number; total: number }
  | { kind: 'ready'; docs: number }
  | { kind: 'failed'; message: string };

export interface SearchService {
  state(): IndexingState;
  subscribe(listener: () => void): () => void;
  search(query: string, filter?: SearchFilter, limit?: number): SearchHit[];
  quickSwitch(query: string, limit?: number): SwitcherResult[];
  /** Saves the index now (e.g. before the window closes). */
  flush(): Promise<void>;
  dispose(): void;
}

const UPDATE_DELAY_MS = 300;
const SAVE_DELAY_MS = 3_000;
const SAVE_FORMAT = 1;

interface SavedRecord {
  format: number;
  index: unknown;
}

export function createSearchService(deps: { ws: Y.Doc; view: WorkspaceView; docs: DocStore; recentIds(): string[] }): SearchService {
  const { view, docs } = deps;
  let index = SearchIndex.create();
  let state: IndexingState = { kind: 'loading' };
  const listeners = new Set<() => void>();
  const dirty = readDirty();
  const queue = new Set<string>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;
  let switcher: { version: number; switcher: QuickSwitcher } | null = null;
  let resolver: { people: ReadonlyMap<string, Person>; resolve: (name: string) => string[] } | null = null;
  let draining = false;
  let drainTotal = 0;
  let drainDone = 0;

  const setState = (next: IndexingState): void => {
    state = next;
    listeners.forEach((l) => l());
  };
  const snapshot = (): WorkspaceSnapshot => view.getSnapshot();

  const markDirty = (id: string): void => {
    if (!dirty.has(id)) {
      dirty.add(id);
      writeDirty(dirty);
    }
  };

  // Serialising a large index takes ~0.15 s: do it after typing pauses, when the page is idle.
  const scheduleSave = (): void => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
      if (idle) idle(() => void save(), { timeout: 5_000 });
      else void save();
    }, SAVE_DELAY_MS);
  };

  const save = async (): Promise<void> => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    if (draining || state.kind === 'loading') return;
    const savedIds = new Set(dirty);
    await saveIndexRecord({ format: SAVE_FORMAT, index: index.toJSON() } satisfies SavedRecord);
    savedIds.forEach((id) => {
      if (!queue.has(id) && !timers.has(id)) dirty.delete(id);
    });
    writeDirty(dirty);
  };

  /** Indexes one page from its doc (open or not). */
  const indexPage = async (id: string): Promise<void> => {
    const { pages, people } = snapshot();
    const meta = pages.get(id);
    if (!meta) {
      index.remove(id);
      return;
    }
    const doc = await docs.loadDoc(id);
    index.upsert(toSearchDoc(meta, doc, people));
  };

  /** Works through queued pages in the background, yielding to the UI between pages. */
  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    try {
      while (queue.size > 0 && !disposed) {
        const id = queue.values().next().value as string;
        queue.delete(id);
        try {
          await indexPage(id);
        } catch (err) {
          console.warn('[kindred search] could not index', id, err);
        }
        drainDone++;
        if (drainTotal > 20) setState({ kind: 'indexing', done: drainDone, total: drainTotal });
        await new Promise((r) => setTimeout(r, 0));
      }
    } finally {
      draining = false;
      drainTotal = drainDone = 0;
      if (!disposed) {
        setState({ kind: 'ready', docs: index.size });
        scheduleSave();
      }
    }
  };

  const enqueue = (ids: Iterable<string>): void => {
    for (const id of ids) {
      if (!queue.has(id)) {
        queue.add(id);
        drainTotal++;
      }
    }
    void drain();
  };

  // Typing (or sync) in any open doc: re-index that page shortly after the burst ends.
  const stopUpdates = docs.subscribeUpdates((pageId, _update, origin, doc) => {
    const isLoad = typeof origin === 'object' && origin !== null && 'whenSynced' in origin;
    if (isLoad) return;
    markDirty(pageId);
    const prev = timers.get(pageId);
    if (prev) clearTimeout(prev);
    timers.set(
      pageId,
      setTimeout(() => {
        timers.delete(pageId);
        const { pages, people } = snapshot();
        const meta = pages.get(pageId);
        if (meta && state.kind !== 'loading') {
          index.upsert(toSearchDoc(meta, doc, people));
          notify();
          scheduleSave();
        }
      }, UPDATE_DELAY_MS),
    );
  });

  // Registry changes that alter what a page is found by: a rename, a new date or place.
  let lastPeople = snapshot().people;
  let lastPages = snapshot().pages;
  const stopView = view.subscribe(() => {
    if (state.kind === 'loading') return;
    const { people, pages } = snapshot();
    const changed = new Set<string>();
    for (const [id, p] of people) {
      if (lastPeople.get(id)?.name !== p.name) {
        changed.add(id);
        for (const page of pages.values()) if (page.mentions[id]) changed.add(page.id);
      }
    }
    for (const [id, meta] of pages) {
      const before = lastPages.get(id);
      if (!before || before.date !== meta.date || before.place !== meta.place || !index.has(id)) {
        if (!index.has(id) && meta.preview.length === 0 && meta.kind !== 'person') continue;
        changed.add(id);
      }
    }
    lastPeople = people;
    lastPages = pages;
    if (changed.size > 0) {
      changed.forEach(markDirty);
      enqueue(changed);
    }
  });

  const notify = (): void => listeners.forEach((l) => l());

  // Start-up: the saved index, then only what it is missing.
  void (async () => {
    try {
      const saved = (await loadIndexRecord()) as SavedRecord | undefined;
      if (saved && saved.format === SAVE_FORMAT) index = SearchIndex.fromJSON(saved.index);
    } catch (err) {
      console.warn('[kindred search] saved index unusable, rebuilding', err);
      index = SearchIndex.create();
    }
    const { pages } = snapshot();
    const todo = new Set<string>(dirty);
    for (const meta of pages.values()) if (!index.has(meta.id) && worthIndexing(meta)) todo.add(meta.id);
    for (const id of index.ids()) if (!pages.has(id)) index.remove(id);
    setState(todo.size > 0 ? { kind: 'indexing', done: 0, total: todo.size } : { kind: 'ready', docs: index.size });
    lastPeople = snapshot().people;
    lastPages = snapshot().pages;
    enqueue(todo);
  })();

  return {
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    search(query, filter, limit = 50) {
      const snap = snapshot();
      if (!resolver || resolver.people !== snap.people) {
        resolver = { people: snap.people, resolve: createPersonResolver(peopleNames(snap.people)) };
      }
      return index.search(query, { limit, filter, resolvePerson: resolver.resolve });
    },
    quickSwitch(query, limit = 12) {
      const snap = snapshot();
      // Rebuilt only when the registry changed, not per keystroke.
      if (!switcher || switcher.version !== snap.version) {
        switcher = { version: snap.version, switcher: new QuickSwitcher(switcherItems(snap.pages, snap.people)) };
      }
      return switcher.switcher.search(query, { limit, recentIds: deps.recentIds() });
    },
    flush: () => save(),
    dispose() {
      disposed = true;
      stopUpdates();
      stopView();
      timers.forEach((t) => clearTimeout(t));
      if (saveTimer) clearTimeout(saveTimer);
    },
  };
}

function worthIndexing(meta: PageMeta): boolean {
  return meta.kind !== 'journal' || meta.preview.length > 0;
}

function peopleNames(people: ReadonlyMap<string, Person>): { id: string; name: string }[] {
  return [...people.values()].map((p) => ({ id: p.id, name: p.name }));
}
