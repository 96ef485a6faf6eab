import * as Y from 'yjs';
import { deriveFacts } from '../../../shared/domain/derivedFacts';
import { trashStateOf } from '../../../shared/domain/trashState';
import type { Person } from '../../../shared/domain/types';
import { composePageMeta, pagesMap, peopleMap, readPageRecord, readPerson, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { createPersonResolver, SearchIndex, SearchIndexFormatError, type SearchHit } from '../../../shared/search';
import { pageTitle, toSearchDoc } from '../../../shared/search/searchDocs';
import type { JournalStore } from '../store/types';
import {
  loadSearchTerms, readSearchMeta, SEARCH_FORMAT, SEARCH_SPACE, saveSearch, SEGMENT_END, SEGMENT_PREFIX, unpackSegments, type SearchMeta, type UnpackedSegment,
} from './searchStorage';
import type { SearchHost, SearchHostOptions, SearchHostState, SearchQuery, SearchQueryResult } from './types';

/**
 * Full-text search beside the store, off every window's UI thread (issue 14).
 *
 * - Follows the store's change log with a cursor, like the derived index: a changed page doc is
 *   read into a scratch Y.Doc, indexed and dropped (one page in memory at a time).
 * - Keeps the workspace doc (page records, people) in memory, updated from each durable batch's
 *   effective update, so a rename re-indexes only the pages that mention the person and a new
 *   date only that page.
 * - Persists in binary segments in store.space('search'), only the segments that changed, after
 *   changes pause; the cursor and the people's names go in the same batch (searchStorage.ts).
 * - Starts by loading segments one by one: queries answer from what is loaded, `complete: false`.
 * - Hits of pages (or people) that are not live (Trash, purged, merged) are left out.
 */
/** Segments loaded per round at start (1/16 of the index: ~0.25 s at 50,000 pages). */
const LOAD_ROUND = 16;

export async function startSearchHost(store: JournalStore, options: SearchHostOptions = {}): Promise<SearchHost> {
  const saveDelayMs = options.saveDelayMs ?? 1_000;
  const liveDelayMs = options.liveDelayMs ?? 50;
  const batchSize = options.batchSize ?? 100;
  const log = options.log ?? ((m: string, err?: unknown) => console.warn(`[kindred search] ${m}`, err ?? ''));
  const space = store.space(SEARCH_SPACE);
  const listeners = new Set<(s: SearchHostState) => void>();
  let index = SearchIndex.create();
  let state: SearchHostState = { kind: 'loading', done: 0, total: SearchIndex.SEGMENT_COUNT };
  let closed = false;

  // The workspace doc, whole, then kept current from each batch's effective update.
  const ws = new Y.Doc();
  // Subscribed before the read: a batch landing meanwhile is applied too (Yjs updates commute).
  const stopWorkspace = store.onChange((changes) => {
    for (const c of changes) {
      if (c.docId !== WORKSPACE_DOC_ID) continue;
      try {
        Y.applyUpdate(ws, c.update);
      } catch (err) {
        log('could not apply a workspace update', err);
      }
    }
  });
  const wsBytes = await store.getUpdate(WORKSPACE_DOC_ID).catch((err: unknown) => {
    stopWorkspace();
    throw err;
  });
  if (wsBytes) Y.applyUpdate(ws, wsBytes);
  const changedPages = new Set<string>();
  const changedPeople = new Set<string>();
  const observe = (map: Y.Map<unknown>, into: Set<string>) => (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const e of events) {
      if (e.target === map) for (const k of e.keys.keys()) into.add(k);
      else if (typeof e.path[0] === 'string') into.add(e.path[0]);
    }
  };
  pagesMap(ws).observeDeep(observe(pagesMap(ws) as Y.Map<unknown>, changedPages));
  peopleMap(ws).observeDeep(observe(peopleMap(ws) as Y.Map<unknown>, changedPeople));
  let people: Map<string, Person> | null = null;
  const peopleNow = (): Map<string, Person> => {
    if (!people) {
      people = new Map();
      peopleMap(ws).forEach((rec, id) => people!.set(id, readPerson(id, rec)));
    }
    return people;
  };
  let resolver: ((name: string) => string[]) | null = null;

  const setState = (next: SearchHostState): void => {
    state = next;
    listeners.forEach((l) => {
      try {
        l(next);
      } catch (err) {
        log('a state listener failed', err);
      }
    });
  };

  // --- What needs (re)indexing, and the cursor that is safe to save ------------------------
  const pending = new Set<string>();
  /** Log entries not indexed yet: doc id → seq of its latest change. */
  const unindexed = new Map<string, number>();
  let logId = store.logId;
  let head = 0;
  /** Names renames are detected against (updated as each rename is queued). */
  let names: Record<string, string> = {};
  /** Names the saved segments reflect. */
  let savedNames: Record<string, string> = {};
  const safeCursor = (): number => {
    let seq = head;
    for (const s of unindexed.values()) seq = Math.min(seq, s - 1);
    return Math.max(0, seq);
  };
  const namesNow = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [id, p] of peopleNow()) out[id] = p.name;
    return out;
  };

  /** Pages whose registry-derived fields (title, date, names in the text) changed. */
  const registryChanges = (): void => {
    if (changedPeople.size > 0) people = null;
    resolver = null;
    const now = peopleNow();
    for (const id of changedPeople) {
      if (names[id] === now.get(id)?.name) continue;
      // Renamed (or new): the pages that mention them read "@old name"; their own page is titled by it.
      for (const page of index.pagesMentioning(id)) pending.add(page);
      if (index.has(id)) pending.add(id);
      names = { ...names, [id]: now.get(id)?.name ?? '' };
    }
    for (const id of changedPages) {
      const rec = pagesMap(ws).get(id);
      const record = rec ? readPageRecord(id, rec) : null;
      const indexed = index.get(id);
      if (!record) {
        if (indexed) index.remove(id);
        continue;
      }
      const mentions = Object.fromEntries((indexed?.people ?? []).map((p) => [p, []]));
      if (!indexed || indexed.date !== record.date || indexed.title !== pageTitle({ ...record, mentions }, now)) pending.add(id);
    }
    changedPages.clear();
    changedPeople.clear();
  };

  /** Reads one page doc and indexes it (removes it when it has no record, no doc or no text). */
  const indexPage = (id: string, bytes: Uint8Array | null): void => {
    const rec = pagesMap(ws).get(id);
    const record = rec ? readPageRecord(id, rec) : null;
    if (!record || !bytes) {
      index.remove(id);
      return;
    }
    const doc = new Y.Doc({ guid: id });
    try {
      Y.applyUpdate(doc, bytes);
      const sd = toSearchDoc(composePageMeta(record, deriveFacts(id, doc)), doc, peopleNow());
      if (record.kind === 'journal' && sd.text.trim() === '') index.remove(id);
      else index.upsert(sd);
    } finally {
      doc.destroy();
    }
  };

  // --- The indexing loop -------------------------------------------------------------------
  let running: Promise<void> | null = null;
  let wanted = false;
  let progressTotal = 0;
  let progressDone = 0;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let saving: Promise<void> | null = null;
  let rebuilding = false;

  const pump = (): Promise<void> => {
    wanted = true;
    if (running || closed) return running ?? Promise.resolve();
    running = (async () => {
      while (wanted && !closed) {
        wanted = false;
        const wsSeq = unindexed.get(WORKSPACE_DOC_ID);
        registryChanges();
        while (pending.size > 0 && !closed) {
          const ids = Array.from(pending).slice(0, batchSize);
          for (const id of ids) pending.delete(id);
          const seqs = ids.map((id) => unindexed.get(id));
          const docs = await Promise.all(ids.map((id) => store.getUpdate(id).catch((err: unknown) => (log(`could not read ${id}`, err), undefined))));
          registryChanges(); // the workspace may have changed while reading
          ids.forEach((id, i) => {
            const bytes = docs[i];
            if (bytes === undefined) return; // unreadable: stays unindexed, the cursor stays before it
            try {
              indexPage(id, bytes);
            } catch (err) {
              log(`could not index ${id}`, err);
            }
            if (seqs[i] !== undefined && unindexed.get(id) === seqs[i]) unindexed.delete(id);
          });
          progressDone += ids.length;
          if (progressTotal > 20) setState({ kind: 'indexing', done: Math.min(progressDone, progressTotal), total: progressTotal });
          await new Promise((r) => setImmediate(r)); // queries answer between batches
        }
        if (!closed && wsSeq !== undefined && unindexed.get(WORKSPACE_DOC_ID) === wsSeq) unindexed.delete(WORKSPACE_DOC_ID);
      }
      progressTotal = progressDone = 0;
      // Also after live edits: windows re-ask their current query when they hear it.
      if (!closed) setState({ kind: 'ready', done: index.size, total: index.size });
      scheduleSave();
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const enqueue = (ids: Iterable<string>): void => {
    for (const id of ids) {
      if (!pending.has(id)) progressTotal++;
      pending.add(id);
    }
  };

  const scheduleSave = (): void => {
    if (saveTimer || closed) return;
    saveTimer = setTimeout(() => {
      saveTimer = null;
      void save();
    }, saveDelayMs);
  };

  /** Writes the changed segments and the cursor in one batch; nothing when nothing changed. */
  const save = async (): Promise<void> => {
    while (saving) await saving;
    if (state.kind === 'loading') return;
    const idle = pending.size === 0 && !running;
    // Names are saved only when every page reflects them (a rename still being indexed is
    // found again at the next start by comparing with the older names).
    if (idle) savedNames = namesNow();
    const meta: SearchMeta = { format: SEARCH_FORMAT, logId, seq: safeCursor(), names: savedNames };
    // A rebuild that has not finished leaves no meta: the next start rebuilds again.
    const writeMeta = !(rebuilding && !idle);
    if (idle) rebuilding = false;
    saving = saveSearch(space, index, writeMeta ? meta : null).then(
      () => undefined,
      (err: unknown) => log('could not save the search index', err),
    );
    await saving;
    saving = null;
    void upkeep();
  };

  /** Rewrites grown posting lists in slices of ~8 ms while nothing else is waiting. */
  let upkeeping = false;
  const upkeep = async (): Promise<void> => {
    if (upkeeping) return;
    upkeeping = true;
    try {
      while (!closed && !running && !index.maintain(8)) await new Promise((r) => setImmediate(r));
    } finally {
      upkeeping = false;
    }
  };

  // --- Live changes ------------------------------------------------------------------------
  let liveTimer: ReturnType<typeof setTimeout> | null = null;
  const stopFollowing = store.onChange((changes) => {
    if (closed) return;
    for (const c of changes) {
      if (c.seq > head) head = c.seq;
      // The workspace itself is applied by the listener above; until its consequences (renames,
      // new dates) are indexed, the saved cursor stays before it.
      if ((unindexed.get(c.docId) ?? -1) < c.seq) unindexed.set(c.docId, c.seq);
      if (c.docId !== WORKSPACE_DOC_ID) enqueue([c.docId]);
    }
    if (state.kind === 'loading' || liveTimer) return;
    liveTimer = setTimeout(() => {
      liveTimer = null;
      void pump();
    }, liveDelayMs);
  });

  // --- Start: load what was saved, then catch up with the log ------------------------------
  const start = (async () => {
    const meta = await readSearchMeta(space);
    let usable = meta !== null && meta.logId === store.logId;
    if (usable) {
      try {
        await loadSearchTerms(space, index);
      } catch (err) {
        if (!(err instanceof SearchIndexFormatError)) throw err;
        // Without its dictionary no segment can be read: index everything again.
        log('the search index word list is damaged; indexing everything again', err);
        usable = false;
      }
    }
    if (usable && meta) {
      names = meta.names;
      savedNames = meta.names;
      const bad: number[] = [];
      let done = 0;
      // Rounds of segments: each posting list grows once per round; queries answer between
      // rounds. The next round is decompressed (on the thread pool) while this one is applied.
      const apply = async (unpacked: UnpackedSegment[]): Promise<void> => {
        const ok: Uint8Array[] = [];
        const keys: string[] = [];
        for (const u of unpacked) {
          if ('error' in u) {
            log(`search segment ${u.key} is damaged; its pages are indexed again`, u.error);
            bad.push(Number(u.key.slice(SEGMENT_PREFIX.length)));
          } else {
            ok.push(u.bytes);
            keys.push(u.key);
          }
        }
        const res = index.loadSegments(ok);
        for (const { index: i, error } of res.failed) {
          const key = keys[i]!;
          log(`search segment ${key} is damaged; its pages are indexed again`, error);
          bad.push(Number(key.slice(SEGMENT_PREFIX.length)));
        }
        done += unpacked.length;
        setState({ kind: 'loading', done, total: SearchIndex.SEGMENT_COUNT });
        await new Promise((r) => setImmediate(r));
      };
      let round: [string, Uint8Array][] = [];
      // In an object: TypeScript does not see the closure below assign a plain variable.
      const pending: { next: Promise<UnpackedSegment[]> | null } = { next: null };
      const flush = async (): Promise<void> => {
        const unpacking = unpackSegments(round);
        round = [];
        if (pending.next) await apply(await pending.next);
        pending.next = unpacking;
      };
      for await (const entry of space.entries({ gt: SEGMENT_PREFIX, lt: SEGMENT_END })) {
        if (closed) {
          void pending.next?.catch(() => undefined);
          return;
        }
        round.push(entry);
        if (round.length === LOAD_ROUND) await flush();
      }
      if (round.length > 0) await flush();
      if (pending.next) await apply(await pending.next);
      index.takeDirtySegments();
      if (bad.length > 0) {
        const damaged = new Set(bad);
        const ids: string[] = [];
        pagesMap(ws).forEach((_rec, id) => {
          if (damaged.has(SearchIndex.segmentOf(id))) ids.push(id);
        });
        enqueue(ids);
        index.markDirty(damaged); // rewritten even if none of its pages is left
      }
    } else {
      // No index, an older format, a damaged word list or another store log: from scratch.
      await space.clear();
      index = SearchIndex.create();
      rebuilding = true;
    }
    const since = usable && meta ? meta.seq : 0;
    let at = since;
    head = Math.max(head, since);
    let workspaceChanged = !usable;
    for (;;) {
      const res = await store.changesSince(at, 10_000);
      logId = res.logId;
      head = Math.max(head, res.head);
      for (const c of res.changes) {
        if (c.docId === WORKSPACE_DOC_ID) {
          workspaceChanged = true;
          if ((unindexed.get(c.docId) ?? -1) < c.seq) unindexed.set(c.docId, c.seq);
          continue;
        }
        if ((unindexed.get(c.docId) ?? -1) < c.seq) unindexed.set(c.docId, c.seq);
        enqueue([c.docId]);
      }
      if (!res.more || res.changes.length === 0) break;
      at = res.changes[res.changes.length - 1]!.seq;
    }
    if (workspaceChanged && usable) {
      // The registry changed since the save: compare every indexed page's title and date (no
      // page doc is opened for that), and re-index pages mentioning anyone renamed.
      for (const id of index.ids()) changedPages.add(id);
      for (const id of Object.keys(names)) changedPeople.add(id);
      peopleNow().forEach((_p, id) => changedPeople.add(id));
    }
    setState(pending.size > 0 || changedPages.size > 0 ? { kind: 'indexing', done: 0, total: pending.size } : { kind: 'ready', done: index.size, total: index.size });
    await pump();
  })();
  start.catch((err: unknown) => log('search did not start', err));

  const isLive = (id: string, kind: string): boolean => {
    if (trashStateOf(pagesMap(ws).get(id)).state !== 'live') return false;
    return kind !== 'person' || trashStateOf(peopleMap(ws).get(id)).state === 'live';
  };

  return {
    state: () => state,
    async query({ q, filter, limit = 50 }: SearchQuery): Promise<SearchQueryResult> {
      if (!resolver) resolver = createPersonResolver([...peopleNow().values()].filter((p) => isLive(p.id, 'person') || !pagesMap(ws).has(p.id)));
      // A few more than asked: hits of pages in Trash are dropped after ranking.
      const raw = index.search(q, { limit: limit + 20, ...(filter ? { filter } : {}), resolvePerson: resolver });
      const hits: SearchHit[] = raw.filter((h) => isLive(h.id, h.kind)).slice(0, limit);
      return { hits, complete: state.kind === 'ready', state };
    },
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async idle() {
      await start.catch(() => undefined);
      if (liveTimer) {
        clearTimeout(liveTimer);
        liveTimer = null;
      }
      await pump(); // also picks up workspace changes heard but not looked at yet
      while (running || pending.size > 0 || wanted) await pump();
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = null;
      await save();
    },
    async close() {
      if (closed) return;
      closed = true; // stops loading and indexing at the next step
      stopFollowing();
      stopWorkspace();
      if (liveTimer) clearTimeout(liveTimer);
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = null;
      await start.catch(() => undefined);
      while (running) await running;
      await save(); // what changed is kept (the cursor stays before anything not indexed)
      listeners.clear();
      ws.destroy();
    },
  };
}
