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
import { WORKSPACE_DOC_ID } from '../../shared/domain/workspace';
import { isLoadOrigin, type DocStore } from '../storage/docStore';
import type { WorkspaceSnapshot, WorkspaceView } from '../state/workspaceView';
import { readChangesSince, type ChangeFeed, type LogCursor } from './changeFeed';
import { forgetLegacyDirtyList, loadSealedRecord, saveSealedRecord } from './indexStorage';
import { pageTitle, switcherItems, toSearchDoc } from './searchDocs';

/**
 * Keeps the full-text index in step with the pages, and answers queries from memory.
 *
 * The index follows the store's change log. Its saved record carries the cursor it reflects
 * ({logId, seq}) and the people's names it was built with; at start-up only the pages the log
 * lists after that cursor, the pages whose title, date or people's names changed since, and the
 * pages it has never seen are opened and indexed — in the background, with progress. Another
 * logId (the store's log was rebuilt) or no saved index means a rebuild. Live, every durable
 * batch (`replica.changed`) re-indexes its pages ~300 ms later, and the open page's own updates
 * re-index it as typing pauses, for instant results. The cursor is saved only up to the first
 * change not indexed yet, so a crash at any moment costs a re-index, never a stale result.
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
/** 3: sealed with a checksum (older records cannot be verified: rebuilt once). */
const SAVE_FORMAT = 3;
/** How long `flush` waits for queued pages before saving what is safe. */
const FLUSH_WAIT_MS = 1_000;

interface SavedRecord {
  format: number;
  index: unknown;
  /** Every change in this log up to `seq` is reflected in `index`. */
  cursor: LogCursor;
  /** People's names the index was built with (a rename re-indexes the pages mentioning them). */
  names: Record<string, string>;
}

export interface SearchServiceDeps {
  ws: Y.Doc;
  view: WorkspaceView;
  docs: Pick<DocStore, 'loadDoc' | 'subscribeUpdates'>;
  recentIds(): string[];
  /** The store's change log: `hostChangeFeed(host)`. */
  changes: ChangeFeed;
  /**
   * Resolves once the derived facts (mentions, previews) are in the view: titles and "worth
   * indexing" depend on them, so start-up compares only after it.
   */
  factsLoaded?: Promise<unknown>;
}

export function createSearchService(deps: SearchServiceDeps): SearchService {
  const { view, docs, changes } = deps;
  let index = SearchIndex.create();
  let state: IndexingState = { kind: 'loading' };
  const listeners = new Set<() => void>();
  const queue = new Set<string>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Changes the log announced that are not indexed yet: doc id → seq of its latest change. */
  const unindexed = new Map<string, number>();
  /** Docs from live batches waiting for the pause before indexing. */
  const live = new Set<string>();
  let liveTimer: ReturnType<typeof setTimeout> | null = null;
  /** The log and its head as far as this service has heard (null until start-up has read it). */
  let heard: LogCursor | null = null;
  /** People's names every indexed page reflects (updated whenever the queue runs empty). */
  let indexedNames: Record<string, string> = {};
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
  const notify = (): void => listeners.forEach((l) => l());
  const snapshot = (): WorkspaceSnapshot => view.getSnapshot();

  /** Up to the first change not indexed yet: what the saved index may claim. */
  const safeCursor = (): LogCursor | null => {
    if (!heard) return null;
    let seq = heard.seq;
    for (const s of unindexed.values()) seq = Math.min(seq, s - 1);
    return { logId: heard.logId, seq: Math.max(0, seq) };
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

  /**
   * Safe at any moment, even with pages queued: the cursor stops before the first change not
   * indexed, and the names are those of the last moment nothing was queued, so a rename still
   * being indexed is found again at the next start.
   */
  const save = async (): Promise<void> => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    const cursor = safeCursor();
    if (state.kind === 'loading' || !cursor) return;
    const record: SavedRecord = { format: SAVE_FORMAT, index: index.toJSON(), cursor, names: indexedNames };
    await saveSealedRecord({ ...record });
  };

  /** Indexes one page from its doc (open or not); a change announced meanwhile stays pending. */
  const indexPage = async (id: string): Promise<void> => {
    const seqAtStart = unindexed.get(id);
    if (!snapshot().pages.has(id)) {
      index.remove(id);
    } else {
      const doc = await docs.loadDoc(id);
      // Read the registry after the load: a rename meanwhile must not be indexed stale.
      const { pages, people } = snapshot();
      const meta = pages.get(id);
      if (meta) index.upsert(toSearchDoc(meta, doc, people));
    }
    if (seqAtStart !== undefined && unindexed.get(id) === seqAtStart) unindexed.delete(id);
  };

  /** Works through queued pages in the background, yielding to the UI between pages. */
  let drainRun: Promise<void> = Promise.resolve();
  const drain = (): Promise<void> => {
    if (draining) return drainRun;
    drainRun = drainQueue();
    return drainRun;
  };
  const drainQueue = async (): Promise<void> => {
    draining = true;
    try {
      while (queue.size > 0 && !disposed) {
        const id = queue.values().next().value as string;
        queue.delete(id);
        try {
          await indexPage(id);
        } catch (err) {
          // Left in `unindexed`: the saved cursor stays before it, so the next start retries it.
          console.warn('[kindred search] could not index', id, err);
        }
        drainDone++;
        if (drainTotal > 20) setState({ kind: 'indexing', done: drainDone, total: drainTotal });
        await new Promise((r) => setTimeout(r, 0));
      }
    } finally {
      draining = false;
      drainTotal = drainDone = 0;
      if (queue.size === 0) indexedNames = namesOf(snapshot().people);
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

  /** Everything is indexed from scratch (no saved index, or another store log). */
  const rebuildAll = (): void => {
    index = SearchIndex.create();
    unindexed.clear();
    const todo: string[] = [];
    for (const meta of snapshot().pages.values()) if (worthIndexing(meta)) todo.push(meta.id);
    setState(todo.length > 0 ? { kind: 'indexing', done: 0, total: todo.length } : { kind: 'ready', docs: 0 });
    enqueue(todo);
  };

  // The change log, live: every durable batch (this window's pushes included) re-indexes its
  // pages shortly after the burst ends.
  const flushLive = (): void => {
    if (liveTimer) clearTimeout(liveTimer);
    liveTimer = null;
    if (state.kind === 'loading' || live.size === 0) return;
    const ids = [...live];
    live.clear();
    enqueue(ids);
  };
  const stopChanges = changes.subscribe((batch) => {
    if (disposed) return;
    if (heard && batch.logId !== heard.logId) {
      // The store's log was replaced: no cursor of the old one means anything.
      heard = { logId: batch.logId, seq: batch.head };
      live.clear();
      rebuildAll();
      return;
    }
    for (const { docId, seq } of batch.changes) {
      if (docId === WORKSPACE_DOC_ID) continue; // registry changes: see the view below
      if ((unindexed.get(docId) ?? -1) < seq) unindexed.set(docId, seq);
      live.add(docId);
    }
    if (heard && batch.head > heard.seq) heard = { logId: heard.logId, seq: batch.head };
    if (!liveTimer) liveTimer = setTimeout(flushLive, UPDATE_DELAY_MS);
  });

  // Typing in an open doc: re-index that page as soon as the burst ends, before the store's
  // batch comes back through the log.
  const stopUpdates = docs.subscribeUpdates((pageId, _update, origin, doc) => {
    if (isLoadOrigin(origin)) return;
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

  // Registry changes that alter what a page is found by: a rename, a new date or place, a page
  // removed, or facts arriving for a page not indexed yet.
  let lastPeople = snapshot().people;
  let lastPages = snapshot().pages;
  const stopView = view.subscribe(() => {
    if (state.kind === 'loading') return;
    const { people, pages } = snapshot();
    const changed = new Set<string>();
    if (people !== lastPeople) {
      for (const [id, p] of people) {
        if (lastPeople.get(id)?.name !== p.name) {
          changed.add(id);
          for (const page of pages.values()) if (page.mentions[id]) changed.add(page.id);
        }
      }
    }
    if (pages !== lastPages) {
      for (const [id, meta] of pages) {
        const before = lastPages.get(id);
        if (before === meta && index.has(id)) continue;
        if (!before || before.date !== meta.date || before.place !== meta.place || before.mentions !== meta.mentions || !index.has(id)) {
          if (!index.has(id) && !worthIndexing(meta)) continue;
          changed.add(id);
        }
      }
      for (const id of lastPages.keys()) if (!pages.has(id) && index.remove(id)) notify();
    }
    lastPeople = people;
    lastPages = pages;
    if (changed.size > 0) enqueue(changed);
  });

  // Start-up: the saved index, then only what the log and the registry say it is missing.
  void (async () => {
    forgetLegacyDirtyList();
    let saved: SavedRecord | undefined;
    try {
      const loaded = await loadSealedRecord<Record<string, unknown>>();
      if (loaded.kind === 'mismatch') {
        console.warn('[kindred search] the saved index does not match its checksum (changed after saving): rebuilding it from the pages');
      }
      const record = loaded.kind === 'ok' ? (loaded.value as unknown as SavedRecord) : undefined;
      if (record && record.format === SAVE_FORMAT && isCursor(record.cursor)) {
        index = SearchIndex.fromJSON(record.index);
        saved = record;
        indexedNames = typeof record.names === 'object' && record.names !== null ? record.names : {};
      }
    } catch (err) {
      console.warn('[kindred search] saved index unusable, rebuilding', err);
      index = SearchIndex.create();
    }
    let log: Awaited<ReturnType<typeof readChangesSince>>;
    try {
      await deps.factsLoaded;
      log = await readChangesSince(changes, saved?.cursor.seq ?? 0);
    } catch (err) {
      setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
      return;
    }
    if (disposed) return;
    // Batches heard during the read are in `unindexed` already; the cursor starts at the head
    // the read reported (a later batch only raises it once heard).
    heard = { logId: log.logId, seq: log.head };
    lastPeople = snapshot().people;
    lastPages = snapshot().pages;
    if (!saved || saved.cursor.logId !== log.logId) {
      state = { kind: 'ready', docs: 0 };
      live.clear();
      rebuildAll();
      return;
    }
    const { pages, people } = snapshot();
    const todo = new Set<string>();
    for (const { docId, seq } of log.changes) {
      if (docId === WORKSPACE_DOC_ID) continue;
      if ((unindexed.get(docId) ?? -1) < seq) unindexed.set(docId, seq);
      todo.add(docId);
    }
    // Renamed since the save: every indexed page that mentions them reads "@old name".
    const renamed = new Set<string>();
    for (const [id, p] of people) if (indexedNames[id] !== undefined && indexedNames[id] !== p.name) renamed.add(id);
    for (const id of index.ids()) {
      const meta = pages.get(id);
      if (!meta) {
        index.remove(id);
        continue;
      }
      const indexed = index.get(id)!;
      if (indexed.date !== meta.date || indexed.title !== pageTitle(meta, people) || indexed.people.some((p) => renamed.has(p))) todo.add(id);
    }
    for (const meta of pages.values()) if (!index.has(meta.id) && worthIndexing(meta)) todo.add(meta.id);
    live.forEach((id) => todo.add(id));
    live.clear();
    setState(todo.size > 0 ? { kind: 'indexing', done: 0, total: todo.size } : { kind: 'ready', docs: index.size });
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
    // Before closing: what the log announced is indexed first (if it can be), then saved.
    async flush() {
      flushLive();
      const settled = (async () => {
        while (!disposed && (draining || queue.size > 0)) await drain();
      })();
      // A page that cannot be loaded must not hold up closing: save what is safe after a while.
      await Promise.race([settled, new Promise((r) => setTimeout(r, FLUSH_WAIT_MS))]);
      await save();
    },
    dispose() {
      disposed = true;
      stopUpdates();
      stopChanges();
      stopView();
      timers.forEach((t) => clearTimeout(t));
      if (saveTimer) clearTimeout(saveTimer);
      if (liveTimer) clearTimeout(liveTimer);
    },
  };
}

function worthIndexing(meta: PageMeta): boolean {
  return meta.kind !== 'journal' || meta.preview.length > 0;
}

function namesOf(people: ReadonlyMap<string, Person>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, p] of people) out[id] = p.name;
  return out;
}

function isCursor(v: unknown): v is LogCursor {
  const c = v as Partial<LogCursor> | null;
  return typeof c === 'object' && c !== null && typeof c.logId === 'string' && typeof c.seq === 'number' && c.seq >= 0;
}

function peopleNames(people: ReadonlyMap<string, Person>): { id: string; name: string }[] {
  return [...people.values()].map((p) => ({ id: p.id, name: p.name }));
}
