import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeRecord } from './layout';
import { checkInvariants, Editor, openLevelHarness, openMemoryHarness, type StoreHarness } from './storeTest.testkit';
import type { StoreHealth } from './types';

/** Five updates from five writers, so losing one record loses only that writer's word. */
async function fiveWords(h: StoreHarness): Promise<string[]> {
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
  for (const [i, w] of words.entries()) {
    const ed = new Editor(100 + i);
    ed.doc.getMap('words').set(w, i);
    await h.store.applyUpdate('page-1', ed.take());
  }
  return words;
}

const wordsOf = (update: Uint8Array | null): string[] => {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return [...doc.getMap('words').keys()].sort();
};

async function recordKeys(h: StoreHarness): Promise<string[]> {
  return (await h.backend.range({ gte: 'doc/page-1/u/', lt: 'doc/page-1/u0' })).map(([k]) => k);
}

const damages: Array<[string, (len: number) => Uint8Array]> = [
  ['garbage', () => new Uint8Array([9, 8, 7, 6, 5, 4, 3, 2, 1])],
  ['zero-filled', (len) => new Uint8Array(len)],
  ['well-framed but undecodable', () => encodeRecord(new Uint8Array([200, 201, 202, 203, 204, 205]))],
];

describe.each([
  ['memory', openMemoryHarness],
  ['level', openLevelHarness],
] as const)('damage at rest (%s backend)', (_name, open) => {
  let h: StoreHarness;
  afterEach(async () => h?.cleanup());

  it.each(damages)('a %s record is quarantined (not deleted) when read, and the rest loads', async (_kind, make) => {
    h = await open();
    const words = await fiveWords(h);
    const keys = await recordKeys(h);
    const victim = keys[2] as string;
    const original = (await h.backend.get(victim)) as Uint8Array;
    const garbage = make(original.length);
    await h.backend.batch([{ type: 'put', key: victim, value: garbage }]);
    await h.reopen();
    const healths: StoreHealth[] = [];
    h.store.onHealth((x) => healths.push(x));
    const headBefore = await h.store.head();

    expect(wordsOf(await h.store.getUpdate('page-1'))).toEqual(words.filter((w) => w !== 'charlie').sort());
    expect(await h.store.damaged('page-1')).toBe(true);
    expect(await h.store.damaged('page-2')).toBe(false);
    const q = await h.backend.range({ gte: 'q/page-1/', lt: 'q/page-10' });
    expect(q).toHaveLength(1);
    expect(Array.from((q[0] as [string, Uint8Array])[1])).toEqual(Array.from(garbage));
    expect(await h.backend.get(victim)).toBeUndefined();
    expect(h.store.health()).toMatchObject({ ok: false, code: 'damaged' });
    expect((h.store.health() as { message: string }).message).toContain('page-1');
    expect(healths).toHaveLength(1);
    // The doc changed (content set aside): a new seq and log entry tell followers to re-read it.
    expect(await h.store.seqOf('page-1')).toBe(headBefore + 1);
    expect((await h.store.changesSince(headBefore)).changes).toEqual([{ docId: 'page-1', seq: headBefore + 1 }]);
    const readable = new Y.Doc();
    Y.applyUpdate(readable, (await h.store.getUpdate('page-1')) as Uint8Array);
    expect(Array.from(await h.store.stateVector('page-1'))).toEqual(Array.from(Y.encodeStateVector(readable)));

    // A writer that still has the lost word can send it again; it is accepted.
    const again = new Editor(102);
    again.doc.getMap('words').set('charlie', 2);
    expect(await h.store.applyUpdate('page-1', again.take())).toMatchObject({ changed: true });
    expect(wordsOf(await h.store.getUpdate('page-1'))).toEqual([...words].sort());
    await h.reopen();
    expect(wordsOf(await h.store.getUpdate('page-1'))).toEqual([...words].sort());
    expect(await h.store.damaged('page-1')).toBe(true);
  });

  it('damage found while loading the live doc for a write is quarantined in the same batch as the write', async () => {
    h = await open();
    await fiveWords(h);
    const keys = await recordKeys(h);
    await h.backend.batch([{ type: 'put', key: keys[0] as string, value: new Uint8Array([1, 2, 3]) }]);
    await h.reopen();
    const ed = new Editor(200);
    ed.doc.getMap('words').set('foxtrot', 5);
    expect(await h.store.applyUpdate('page-1', ed.take())).toMatchObject({ changed: true });
    expect(wordsOf(await h.store.getUpdate('page-1'))).toEqual(['bravo', 'charlie', 'delta', 'echo', 'foxtrot']);
    expect(await h.store.damaged('page-1')).toBe(true);
    expect(h.store.health()).toMatchObject({ ok: false, code: 'damaged' });
    // One log entry for the doc, at its latest seq.
    const log = await h.store.changesSince(0);
    expect(log.changes.filter((c) => c.docId === 'page-1')).toEqual([{ docId: 'page-1', seq: await h.store.seqOf('page-1') }]);
  });

  it('a damaged info record is set aside too; the doc is rebuilt from its records and logged once', async () => {
    h = await open();
    await fiveWords(h);
    await h.store.applyUpdate('page-2', new Editor().type('other page'));
    await h.backend.batch([{ type: 'put', key: 'doc/page-1/info', value: new Uint8Array([123, 0, 255]) }]);
    await h.reopen();
    const ed = new Editor(300);
    ed.doc.getMap('words').set('golf', 6);
    const r = await h.store.applyUpdate('page-1', ed.take());
    expect(r.changed).toBe(true);
    expect(wordsOf(await h.store.getUpdate('page-1'))).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo', 'golf']);
    expect(await h.store.seqOf('page-1')).toBe(r.seq);
    expect(await h.store.damaged('page-1')).toBe(true);
    expect((await h.store.changesSince(0)).changes).toEqual([
      { docId: 'page-2', seq: 6 },
      { docId: 'page-1', seq: r.seq },
    ]);
    expect(await checkInvariants(h.backend)).toBe(2);
  });
});
