import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BackendOp, KvBackend } from './backend';
import { openJournalStore } from './journalStore';
import { MemoryBackend } from './memory/memoryBackend';
import { Editor, hashBackend, openLevelHarness, openMemoryHarness, textOf, type StoreHarness } from './storeTest.testkit';
import { StoreError, type AppliedChange, type StoredChange } from './types';

describe.each([
  ['memory', openMemoryHarness],
  ['level', openLevelHarness],
] as const)('JournalStore core (%s backend)', (_name, open) => {
  let h: StoreHarness;
  afterEach(async () => h?.cleanup());

  it('stores updates and reads them back: getUpdate, stateVector, diff, seqOf, head', async () => {
    h = await open();
    const ed = new Editor(1);
    expect(await h.store.getUpdate('page-a')).toBeNull();
    expect(await h.store.seqOf('page-a')).toBe(0);
    expect(Array.from(await h.store.stateVector('page-a'))).toEqual([0]);
    const r1 = await h.store.applyUpdate('page-a', ed.type('Hello'));
    const r2 = await h.store.applyUpdate('page-a', ed.type(' world'));
    expect(r1).toEqual({ seq: 1, changed: true });
    expect(r2).toEqual({ seq: 2, changed: true });
    expect(await h.store.head()).toBe(2);
    expect(await h.store.seqOf('page-a')).toBe(2);
    expect(textOf(await h.store.getUpdate('page-a'))).toBe('Hello world');
    expect(Array.from(await h.store.stateVector('page-a'))).toEqual(Array.from(Y.encodeStateVector(ed.doc)));

    // diff: a replica that has "Hello" gets exactly " world".
    const replica = new Y.Doc();
    const early = new Editor(1);
    Y.applyUpdate(replica, early.type('Hello'));
    const d = await h.store.diff('page-a', Y.encodeStateVector(replica));
    Y.applyUpdate(replica, d);
    expect(replica.getText('body').toString()).toBe('Hello world');
    expect(textOf(await h.store.diff('page-a', new Uint8Array([0])))).toBe('Hello world');
    // diff of an unknown doc is the empty update
    expect(textOf(await h.store.diff('page-x', new Uint8Array([0])))).toBe('');

    await h.reopen();
    expect(await h.store.head()).toBe(2);
    expect(textOf(await h.store.getUpdate('page-a'))).toBe('Hello world');
    expect(await h.store.applyUpdate('page-a', ed.type('!'))).toEqual({ seq: 3, changed: true });
  });

  it('keeps one log entry per doc; changesSince pages oldest first with more/head', async () => {
    h = await open();
    const eds = new Map<string, Editor>();
    const ed = (id: string): Editor => eds.get(id) ?? (eds.set(id, new Editor()), eds.get(id) as Editor);
    for (const id of ['a', 'b', 'c', 'a', 'd', 'b', 'a']) await h.store.applyUpdate(id, ed(id).type(id));
    const all = await h.store.changesSince(0);
    expect(all.changes).toEqual([
      { docId: 'c', seq: 3 },
      { docId: 'd', seq: 5 },
      { docId: 'b', seq: 6 },
      { docId: 'a', seq: 7 },
    ]);
    expect(all).toMatchObject({ head: 7, more: false, logId: h.store.logId });
    expect(h.store.logId).toMatch(/^[0-9a-f]{32}$/);
    const logKeys = (await h.backend.range({ gte: 'log/', lt: 'log0' })).map(([k]) => k);
    expect(logKeys).toHaveLength(4);

    const page1 = await h.store.changesSince(0, 2);
    expect(page1.changes.map((c) => c.docId)).toEqual(['c', 'd']);
    expect(page1.more).toBe(true);
    const page2 = await h.store.changesSince(5, 2);
    expect(page2.changes.map((c) => c.docId)).toEqual(['b', 'a']);
    expect(page2.more).toBe(false);
    expect((await h.store.changesSince(7)).changes).toEqual([]);
    await expect(h.store.changesSince(-1)).rejects.toMatchObject({ code: 'invalid_update' });

    const logId = h.store.logId;
    await h.reopen();
    expect(h.store.logId).toBe(logId);
    expect((await h.store.changesSince(4)).changes.map((c) => c.docId)).toEqual(['d', 'b', 'a']);
  });

  it('compacts a doc past 100 records into one record in the same batch, keeping every change', async () => {
    h = await open();
    const ed = new Editor(7);
    const other = new Editor(8);
    for (let i = 0; i < 250; i++) {
      await h.store.applyUpdate('long', i % 10 === 9 ? ed.erase(0, 1) : ed.type(`w${i} `));
      if (i % 50 === 0) await h.store.applyUpdate('long', ed.type('X', 0));
    }
    // A concurrent editor's change merges after compaction.
    Y.applyUpdate(other.doc, Y.encodeStateAsUpdate(ed.doc));
    other.take();
    await h.store.applyUpdate('long', other.type('Z', 3));
    Y.applyUpdate(ed.doc, Y.encodeStateAsUpdate(other.doc));
    const records = await h.backend.range({ gte: 'doc/long/u/', lt: 'doc/long/u0' });
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThanOrEqual(100);
    expect(textOf(await h.store.getUpdate('long'))).toBe(ed.text.toString());
    await h.reopen();
    expect(textOf(await h.store.getUpdate('long'))).toBe(ed.text.toString());
    expect(Array.from(await h.store.stateVector('long'))).toEqual(Array.from(Y.encodeStateVector(ed.doc)));
    expect((await h.store.changesSince(0)).changes).toHaveLength(1);
  });

  it('compacts on the byte threshold too', async () => {
    h = await open({ compactBytes: 20_000 });
    const ed = new Editor();
    for (let i = 0; i < 60; i++) await h.store.applyUpdate('big', ed.type('x'.repeat(1000)));
    const records = await h.backend.range({ gte: 'doc/big/u/', lt: 'doc/big/u0' });
    expect(records.length).toBeLessThan(30);
    expect(textOf(await h.store.getUpdate('big'))).toBe('x'.repeat(60_000));
  });

  it('an update that adds nothing writes nothing and answers the current seq', async () => {
    h = await open();
    const ed = new Editor();
    const u = ed.type('same');
    await h.store.applyUpdate('p', u);
    await h.store.applyUpdate('q', new Editor().type('other'));
    const before = await hashBackend(h.backend);
    const heard: AppliedChange[][] = [];
    h.store.onChange((c) => heard.push(c));
    expect(await h.store.applyUpdate('p', u)).toEqual({ seq: 1, changed: false });
    expect(await h.store.applyUpdate('p', Y.encodeStateAsUpdate(ed.doc))).toEqual({ seq: 1, changed: false });
    expect(await h.store.applyUpdate('p', Y.encodeStateAsUpdate(new Y.Doc()))).toEqual({ seq: 1, changed: false });
    expect(await hashBackend(h.backend)).toBe(before);
    expect(heard).toEqual([]);
    expect(await h.store.head()).toBe(2);
  });

  it('tells listeners the origin and the effective update, after the batch is durable', async () => {
    h = await open();
    const ed = new Editor();
    const first = ed.type('abc');
    await h.store.applyUpdate('p', first, 'window-1');
    const heard: AppliedChange[] = [];
    h.store.onChange((c) => heard.push(...c));
    // The input holds "abc" again plus "def": only "def" is new to the store.
    ed.type('def');
    const whole = Y.encodeStateAsUpdate(ed.doc);
    const seen: StoredChange[] = [];
    const off = h.store.onChange(async (c) => {
      // Durable: a read in the listener already sees it.
      for (const x of c) seen.push({ docId: x.docId, seq: await h.store.seqOf(x.docId) });
    });
    await h.store.applyUpdate('p', whole, 'window-2');
    await h.store.applyUpdate('p', new Editor().type('?'));
    off();
    expect(heard.map((c) => [c.docId, c.seq, c.origin])).toEqual([
      ['p', 2, 'window-2'],
      ['p', 3, undefined],
    ]);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, first);
    Y.applyUpdate(replica, (heard[0] as AppliedChange).update);
    expect(replica.getText('body').toString()).toBe('abcdef');
    expect((heard[0] as AppliedChange).update.length).toBeLessThan(whole.length);
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]?.seq).toBeGreaterThanOrEqual(2);
  });

  it('group-commits writes that arrive while a batch is being written', async () => {
    const inner = new MemoryBackend();
    const batches: number[] = [];
    const counting: KvBackend = Object.assign(Object.create(inner) as KvBackend, {
      batch: async (ops: readonly BackendOp[]) => {
        batches.push(ops.length);
        await new Promise((r) => setTimeout(r, 5));
        return inner.batch(ops);
      },
    });
    const store = await openJournalStore(counting, null);
    batches.length = 0;
    const eds = Array.from({ length: 10 }, () => new Editor());
    const results = await Promise.all(eds.flatMap((e, i) => [store.applyUpdate(`d${i}`, e.type('a')), store.applyUpdate(`d${i}`, e.type('b'))]));
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(batches.length).toBeLessThanOrEqual(2);
    expect((await store.changesSince(0)).changes).toHaveLength(10);
    for (let i = 0; i < 10; i++) expect(textOf(await store.getUpdate(`d${i}`))).toBe('ab');
    await store.close();
    h = await open();
  });

  it('after close, every call rejects with closed; writes queued before close complete', async () => {
    h = await open();
    const ed = new Editor();
    const pending = h.store.applyUpdate('p', ed.type('last words'));
    await h.store.close();
    await expect(pending).resolves.toMatchObject({ changed: true });
    for (const call of [
      () => h.store.applyUpdate('p', ed.type('x')),
      () => h.store.getUpdate('p'),
      () => h.store.head(),
      () => h.store.changesSince(0),
      () => h.store.space('s').get('k'),
    ]) {
      await expect(call()).rejects.toMatchObject({ name: 'StoreError', code: 'closed' });
    }
    await h.reopen();
    expect(textOf(await h.store.getUpdate('p'))).toBe('last words');
  });

  it('rejects bad doc ids and oversized updates with specific codes', async () => {
    h = await open();
    for (const id of ['', 'a/b', 'x'.repeat(81), 'é', 'a b', '../etc']) {
      await expect(h.store.applyUpdate(id, new Editor().type('x'))).rejects.toMatchObject({ code: 'bad_doc_id' });
    }
    await expect(h.store.getUpdate('a/b')).rejects.toBeInstanceOf(StoreError);
    const huge = new Uint8Array(64 * 1024 * 1024 + 1);
    await expect(h.store.applyUpdate('p', huge)).rejects.toMatchObject({ code: 'too_large' });
  });

  it('keeps local key spaces isolated, ordered and clearable', async () => {
    h = await open();
    const a = h.store.space('derived');
    const b = h.store.space('derived2');
    const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
    await a.batch(Array.from({ length: 1200 }, (_, i) => ({ type: 'put' as const, key: `k${String(i).padStart(5, '0')}`, value: bytes(String(i)) })));
    await b.batch([{ type: 'put', key: 'k00001', value: bytes('other') }]);
    expect(new TextDecoder().decode(await a.get('k00001'))).toBe('1');
    expect(new TextDecoder().decode(await b.get('k00001'))).toBe('other');
    const keys: string[] = [];
    for await (const [k] of a.entries()) keys.push(k);
    expect(keys).toHaveLength(1200);
    expect(keys[0]).toBe('k00000');
    expect([...keys].sort()).toEqual(keys);
    const some: string[] = [];
    for await (const [k] of a.entries({ gt: 'k00010', lt: 'k00020', limit: 5 })) some.push(k);
    expect(some).toEqual(['k00011', 'k00012', 'k00013', 'k00014', 'k00015']);
    await a.batch([{ type: 'del', key: 'k00001' }]);
    expect(await a.get('k00001')).toBeUndefined();
    await a.clear();
    let left = 0;
    for await (const _ of a.entries()) left++;
    expect(left).toBe(0);
    expect(await b.get('k00001')).toBeDefined();
    expect(() => h.store.space('a/b')).toThrow(StoreError);
    await expect(a.batch([{ type: 'put', key: '', value: bytes('x') }])).rejects.toMatchObject({ code: 'invalid_update' });
    // Docs are untouched by spaces.
    expect((await h.store.changesSince(0)).changes).toEqual([]);
  });
});
