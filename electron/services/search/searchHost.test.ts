import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createConversation, createPerson, initWorkspace, pagesMap, renamePerson, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import type { Block } from '../../../shared/pages/pageBlocks';
import { appendBlocks, para } from '../../../shared/pages/pageDoc.testkit';
import { SearchIndex } from '../../../shared/search';
import type { JournalStore } from '../store/types';
import { change as changeDoc, harness, stamp, startHost } from './searchTest.testkit';
import { loadSearchTerms, SEARCH_SPACE, SEGMENT_END, SEGMENT_PREFIX, segmentKey, unpackRecord } from './searchStorage';
import type { SearchHost } from './types';

/**
 * The host's search index against a real LevelDB store in a temp folder, with real Yjs page
 * docs (@lexical/yjs layout) and a real workspace doc: build from the log, live edits, saving
 * only changed segments, restart from segments, renames, Trash, damage.
 */
/** Applies a local change to a stored doc, as a window's push would (reads not counted). */
const change = (store: JournalStore, docId: string, edit: (doc: Y.Doc) => void): Promise<void> =>
  changeDoc(store, docId, edit, (id) => (uncounted.get(store) ?? store.getUpdate.bind(store))(id));
const write = (store: JournalStore, docId: string, blocks: Block[]): Promise<void> => change(store, docId, (d) => appendBlocks(d, blocks));
const workspace = (store: JournalStore, edit: (ws: Y.Doc) => void): Promise<void> => change(store, WORKSPACE_DOC_ID, edit);

const start = (store: JournalStore): Promise<SearchHost> => startHost(store);

/** Counts the host's page-doc reads (the workspace excluded) to prove what is (not) re-read. */
const uncounted = new WeakMap<JournalStore, JournalStore['getUpdate']>();
function countReads(store: JournalStore): { n: number; ids: string[] } {
  const counter = { n: 0, ids: [] as string[] };
  const get = store.getUpdate.bind(store);
  uncounted.set(store, get);
  store.getUpdate = async (id: string) => {
    if (id !== WORKSPACE_DOC_ID) {
      counter.n++;
      counter.ids.push(id);
    }
    return get(id);
  };
  return counter;
}

async function segments(store: JournalStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const [k, v] of store.space(SEARCH_SPACE).entries({ gt: SEGMENT_PREFIX, lt: SEGMENT_END })) out.set(k, Buffer.from(v).toString('base64'));
  return out;
}

interface Journal {
  maria: string;
  notes: string[];
}

async function seed(store: JournalStore, n: number): Promise<Journal> {
  let maria = '';
  const notes: string[] = [];
  await workspace(store, (ws) => {
    initWorkspace(ws);
    maria = createPerson(ws, 'María López', '2024-01-01', stamp).id;
    for (let i = 0; i < n; i++) notes.push(createConversation(ws, `2024-02-${String((i % 28) + 1).padStart(2, '0')}`, '', stamp));
  });
  for (let i = 0; i < n; i++) {
    const parts: (string | { m: string })[] = [`Note ${i}: we talked about the bakery number${i} `];
    if (i % 4 === 0) parts.push({ m: maria }, ' came along.');
    await write(store, notes[i]!, [para(...parts)]);
  }
  await write(store, maria, [para('Loves sailing and sourdough.')]);
  return { maria, notes };
}

describe('search host', () => {
  it('builds from the log, answers, saves once; a restart loads segments without reading any page doc', async () => {
    const h = await harness();
    const j = await seed(h.store, 30);
    const host = await start(h.store);
    const states: string[] = [];
    host.onState((s) => states.push(s.kind));
    await host.idle();
    expect(host.state().kind).toBe('ready');
    let res = await host.query({ q: '"number17"' });
    expect(res).toMatchObject({ complete: true, state: { kind: 'ready' } });
    expect(res.hits.map((hit) => hit.id)).toEqual([j.notes[17]]);
    expect((await host.query({ q: 'maria sourdough' })).hits[0]?.id).toBe(j.maria); // accents folded, person page
    const saved = await segments(h.store);
    expect(saved.size).toBeGreaterThan(5);
    await host.close();

    await h.reopen();
    const reads = countReads(h.store);
    const again = await start(h.store);
    await again.idle();
    expect(reads.n).toBe(0); // nothing changed: no page doc opened
    res = await again.query({ q: 'bakery "number2"' });
    expect(res.complete).toBe(true);
    expect(res.hits[0]?.id).toBe(j.notes[2]);
    expect(await segments(h.store)).toEqual(saved); // and nothing written
  });

  it('answers "not complete" while loading, never a bare empty result', async () => {
    const h = await harness();
    const j = await seed(h.store, 40);
    const first = await start(h.store);
    await first.idle();
    await first.close();
    const host = await start(h.store);
    const early = await host.query({ q: '"number33"' });
    expect(early.complete).toBe(false);
    expect(early.state.kind).toBe('loading');
    await host.idle();
    const late = await host.query({ q: '"number33"' });
    expect(late).toMatchObject({ complete: true });
    expect(late.hits[0]?.id).toBe(j.notes[33]);
  });

  it('an edit re-indexes that page and rewrites only its segment', async () => {
    const h = await harness();
    const j = await seed(h.store, 30);
    const host = await start(h.store);
    await host.idle();
    const before = await segments(h.store);
    const reads = countReads(h.store);
    await write(h.store, j.notes[5]!, [para('Then a zanzibar postcard arrived.')]);
    await host.idle();
    expect(reads.ids).toEqual([j.notes[5]]);
    const found = (await host.query({ q: 'zanzibar' })).hits;
    expect(found.map((x) => x.id)).toEqual([j.notes[5]]);
    const after = await segments(h.store);
    const changed = [...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k);
    expect(changed).toEqual([segmentKey(SearchIndex.segmentOf(j.notes[5]!))]);
  });

  it('a rename re-indexes exactly the pages that mention the person (and their own page)', async () => {
    const h = await harness();
    const j = await seed(h.store, 20);
    const host = await start(h.store);
    await host.idle();
    const reads = countReads(h.store);
    await workspace(h.store, (ws) => renamePerson(ws, j.maria, 'Marisol Ortega'));
    await host.idle();
    const mentioning = j.notes.filter((_, i) => i % 4 === 0);
    expect(new Set(reads.ids)).toEqual(new Set([...mentioning, j.maria]));
    expect((await host.query({ q: 'marisol', limit: 50 })).hits.map((x) => x.id).sort()).toEqual([...mentioning, j.maria].sort());
    expect((await host.query({ q: 'lopez' })).hits).toEqual([]);
  });

  it('a rename while closed is found at the next start', async () => {
    const h = await harness();
    const j = await seed(h.store, 12);
    const host = await start(h.store);
    await host.idle();
    await host.close();
    await workspace(h.store, (ws) => renamePerson(ws, j.maria, 'Marisol Ortega'));
    const again = await start(h.store);
    await again.idle();
    expect((await again.query({ q: 'ortega', limit: 50 })).hits.length).toBe(4); // 3 notes + her page
  });

  it('leaves out pages in Trash and brings them back when restored', async () => {
    const h = await harness();
    const j = await seed(h.store, 8);
    const host = await start(h.store);
    await host.idle();
    const id = j.notes[3]!;
    await workspace(h.store, (ws) => pagesMap(ws).get(id)!.set('deletedAt', stamp.now));
    await host.idle();
    expect((await host.query({ q: '"number3"' })).hits).toEqual([]);
    await workspace(h.store, (ws) => pagesMap(ws).get(id)!.delete('deletedAt'));
    await host.idle();
    expect((await host.query({ q: '"number3"' })).hits.map((x) => x.id)).toEqual([id]);
  });

  it('a damaged segment is reported and its pages are indexed again', async () => {
    const h = await harness();
    const j = await seed(h.store, 30);
    const host = await start(h.store);
    await host.idle();
    await host.close();
    const key = segmentKey(SearchIndex.segmentOf(j.notes[7]!));
    const bytes = (await h.store.space(SEARCH_SPACE).get(key))!.slice();
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0x5a;
    await h.store.space(SEARCH_SPACE).batch([{ type: 'put', key, value: bytes }]);
    const logged: string[] = [];
    const again = await startHost(h.store, (m) => logged.push(m));
    await again.idle();
    expect(logged.some((m) => m.includes('damaged'))).toBe(true);
    expect((await again.query({ q: '"number7"' })).hits.map((x) => x.id)).toEqual([j.notes[7]]);
    const fixed = await h.store.space(SEARCH_SPACE).get(key);
    const check = SearchIndex.create();
    await loadSearchTerms(h.store.space(SEARCH_SPACE), check);
    const unpacked = await unpackRecord(fixed!);
    expect(() => check.loadSegment(unpacked)).not.toThrow();
  });
});
