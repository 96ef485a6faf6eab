// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startDerivedIndex, type RunningDerivedIndex } from '../../electron/services/derived/derivedIndex';
import { createConversation, createPerson, initWorkspace, renamePerson } from '../../shared/domain/workspace';
import { writeSeed } from '../care/seedNote';
import { startTestHost } from '../replica/inProcessHost.testkit';
import { openTestWindow, type OpenedTestWindow } from '../replica/testWindow.testkit';
import { createDerivedFacts } from '../state/derivedFacts';
import { derivedSourceOf } from '../state/derivedFacts.testkit';
import { createWorkspaceView } from '../state/workspaceView';
import { hostChangeFeed, type ChangeFeed } from './changeFeed';
import { loadIndexRecord, saveIndexRecord } from './indexStorage';
import { createSearchService, type SearchService } from './searchService';

/**
 * The search service against the real stack: a real in-process host and journal store (memory
 * backend), the window's replica DocStore on fake-indexeddb, the host's real derived index over
 * that store, and `replica.changes` / `replica.changed` from the real host. Only the contract
 * mapping of the derived index is bypassed (it belongs to the hosts; tested there).
 */
const disposers: (() => unknown)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0).reverse()) await d();
  vi.restoreAllMocks();
  await new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase('kindred-search');
    req.onsuccess = resolve;
    req.onerror = () => reject(req.error);
  });
});

const stamp = { now: 1, deviceId: 'dev' };
const until = async (check: () => boolean, ms = 10_000): Promise<void> => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function journalWithNotes(count: number) {
  const host = await startTestHost();
  const win = openTestWindow(host);
  const derived = await startDerivedIndex(host.store, { liveDelayMs: 1, log: () => undefined });
  disposers.push(() => host.dispose(), () => win.docs.flushAll(), () => derived.close());
  const ws = new Y.Doc();
  initWorkspace(ws);
  const maria = createPerson(ws, 'María', '2026-01-01', stamp).id;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = createConversation(ws, `2026-02-${String((i % 27) + 1).padStart(2, '0')}`, '', stamp);
    const words = i === 7 ? 'her sister is opening a bakery' : `ordinary day number ${i}`;
    await win.docs.editDoc(id, (doc) => writeSeed(doc, [{ type: 'paragraph', inlines: ['Walk with ', { mention: maria }, ` — ${words}`] }]));
    ids.push(id);
  }
  await derived.idle();
  return { host, win, derived, ws, ids, maria };
}

/** One app start: view over the workspace + derived facts, and the search service. */
async function start(
  setup: { ws: Y.Doc; win: OpenedTestWindow; derived: RunningDerivedIndex },
  feed: ChangeFeed = hostChangeFeed(setup.win.client),
): Promise<{ search: SearchService; states: string[] }> {
  const facts = createDerivedFacts(derivedSourceOf(setup.derived));
  const view = createWorkspaceView(setup.ws, facts);
  const search = createSearchService({ ws: setup.ws, view, docs: setup.win.docs, recentIds: () => [], changes: feed, factsLoaded: facts.loaded });
  const states: string[] = [];
  search.subscribe(() => states.push(search.state().kind));
  disposers.push(() => facts.dispose(), () => view.dispose(), () => search.dispose());
  return { search, states };
}

async function appendWords(win: OpenedTestWindow, id: string, words: string): Promise<void> {
  await win.docs.editDoc(id, (doc) => {
    const para = doc.get('root', Y.XmlText).toDelta()[0].insert as Y.XmlText;
    para.insert(para.length, words);
  });
}

describe('search service', () => {
  it('indexes every page once with progress, then later starts open no page doc', async () => {
    const setup = await journalWithNotes(30);
    const first = await start(setup);
    await until(() => first.search.state().kind === 'ready');
    expect(first.states).toContain('indexing');
    expect(first.search.search('bakry').map((h) => h.id)).toEqual([setup.ids[7]]);
    expect(first.search.search('maria', { kinds: ['conversation'] }, 100)).toHaveLength(30);
    await first.search.flush();
    first.search.dispose();
    const saved = (await loadIndexRecord()) as { cursor: { logId: string; seq: number } };
    expect(saved.cursor).toEqual({ logId: setup.host.store.logId, seq: await setup.host.store.head() });

    const loads = vi.spyOn(setup.win.docs, 'loadDoc');
    const second = await start(setup);
    await until(() => second.search.state().kind === 'ready');
    expect(second.states).not.toContain('indexing');
    expect(loads).not.toHaveBeenCalled();
    expect(second.search.search('"opening a bakery"').map((h) => h.id)).toEqual([setup.ids[7]]);
  });

  it('after a crash right after an edit, the new words are found: the log lists the page', async () => {
    const setup = await journalWithNotes(12);
    const first = await start(setup);
    await until(() => first.search.state().kind === 'ready');
    await first.search.flush();
    // The app dies: the index saved before the edit; the store has the edit (acknowledged).
    first.search.dispose();
    await appendWords(setup.win, setup.ids[3]!, ' and a kiln');
    expect(localStorage.getItem('kindred.search.dirty')).toBeNull(); // no side list any more

    const loads = vi.spyOn(setup.win.docs, 'loadDoc');
    const second = await start(setup);
    await until(() => second.search.search('kiln').length > 0);
    expect(second.search.search('kiln').map((h) => h.id)).toEqual([setup.ids[3]]);
    expect(loads.mock.calls.map((c) => c[0])).toEqual([setup.ids[3]]);
  });

  it('after a crash right after a rename, pages are found by the new name', async () => {
    const setup = await journalWithNotes(5);
    const first = await start(setup);
    await until(() => first.search.state().kind === 'ready');
    await first.search.flush();
    first.search.dispose();
    renamePerson(setup.ws, setup.maria, 'Mariela');

    const second = await start(setup);
    await until(() => second.search.state().kind === 'ready' && second.search.search('mariela', undefined, 100).length >= 6);
    const found = new Set(second.search.search('mariela', undefined, 100).map((h) => h.id));
    for (const id of [...setup.ids, setup.maria]) expect(found.has(id)).toBe(true);
  });

  it('live: a page changed in another window is re-indexed from the log', async () => {
    const setup = await journalWithNotes(4);
    const { search } = await start(setup);
    await until(() => search.state().kind === 'ready');
    const other = openTestWindow(setup.host);
    disposers.push(() => other.docs.flushAll());
    await appendWords(other, setup.ids[2]!, ' then a pottery class');
    await until(() => search.search('pottery').length > 0);
    expect(search.search('pottery').map((h) => h.id)).toEqual([setup.ids[2]]);
  });

  it('never saves a cursor past a change it has not indexed', async () => {
    const setup = await journalWithNotes(3);
    const { search } = await start(setup);
    await until(() => search.state().kind === 'ready');
    await search.flush();
    const before = ((await loadIndexRecord()) as { cursor: { seq: number } }).cursor.seq;
    // Loading the changed page hangs: its change stays unindexed while the index is saved.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const realLoad = setup.win.docs.loadDoc.bind(setup.win.docs);
    vi.spyOn(setup.win.docs, 'loadDoc').mockImplementation(async (id) => {
      await gate;
      return realLoad(id);
    });
    const other = openTestWindow(setup.host);
    disposers.push(() => other.docs.flushAll());
    await appendWords(other, setup.ids[1]!, ' lantern');
    const changedAt = await setup.host.store.seqOf(setup.ids[1]!);
    const loads = vi.mocked(setup.win.docs.loadDoc);
    await until(() => loads.mock.calls.some((c) => c[0] === setup.ids[1])); // heard, and stuck
    await search.flush(); // gives up waiting after a while and saves what is safe
    const mid = ((await loadIndexRecord()) as { cursor: { seq: number } }).cursor.seq;
    expect(mid).toBeLessThan(changedAt);
    expect(mid).toBeGreaterThanOrEqual(before);
    release();
    await until(() => search.search('lantern').length > 0);
    await until(() => search.state().kind === 'ready');
    await search.flush();
    expect(((await loadIndexRecord()) as { cursor: { seq: number } }).cursor.seq).toBeGreaterThanOrEqual(changedAt);
  });

  it('does not trust a saved index that was changed after saving: checks it, warns and rebuilds', async () => {
    const setup = await journalWithNotes(10);
    const first = await start(setup);
    await until(() => first.search.state().kind === 'ready');
    await first.search.flush();
    first.search.dispose();
    // Someone (a bug, a disk, another program) edits the saved record consistently: note 7's
    // words now belong to note 2 — id, title and date swapped together, so it is well-formed and
    // agrees with the registry (the start-up title/date comparison cannot see it).
    const record = (await loadIndexRecord()) as { index: Record<'ids' | 'titles' | 'dates', string[]> };
    const { ids } = record.index;
    const [a, b] = [ids.indexOf(setup.ids[7]!), ids.indexOf(setup.ids[2]!)];
    for (const field of ['ids', 'titles', 'dates'] as const) {
      const list = record.index[field];
      [list[a], list[b]] = [list[b]!, list[a]!];
    }
    await saveIndexRecord(record);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const second = await start(setup);
    await until(() => second.search.state().kind === 'ready' && second.search.search('bakery').length > 0);
    expect(second.search.search('bakery').map((h) => h.id)).toEqual([setup.ids[7]]);
    expect(second.states).toContain('indexing'); // rebuilt from the pages, with progress
    expect(second.search.search('"ordinary day number 2"').map((h) => h.id)).toEqual([setup.ids[2]]);
    expect(warn.mock.calls.some((c) => /checksum/i.test(String(c[0])))).toBe(true);
  });

  it('rebuilds when the store log is another one than the saved cursor names', async () => {
    const setup = await journalWithNotes(3);
    const first = await start(setup);
    await until(() => first.search.state().kind === 'ready');
    await first.search.flush();
    first.search.dispose();
    const real = hostChangeFeed(setup.win.client);
    // The store's log was rebuilt (restored from a backup): same pages, another logId.
    const restored: ChangeFeed = {
      changes: async (since, limit) => ({ ...(await real.changes(since, limit)), logId: 'restored-log' }),
      subscribe: (l) => real.subscribe((b) => l({ ...b, logId: 'restored-log' })),
    };
    const loads = vi.spyOn(setup.win.docs, 'loadDoc');
    const second = await start(setup, restored);
    await until(() => second.search.state().kind === 'ready' && loads.mock.calls.length >= 4);
    expect(new Set(loads.mock.calls.map((c) => c[0]))).toEqual(new Set([...setup.ids, setup.maria]));
    expect(second.search.search('bakry')).toEqual([]); // (no note 7 here) nothing stale either
    expect(second.search.search('ordinary', undefined, 10)).toHaveLength(3);
  });
});
