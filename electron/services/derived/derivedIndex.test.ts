import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deriveFacts, EMPTY_FACTS } from '../../../shared/domain/derivedFacts';
import type { DerivedPageFacts } from '../../../shared/domain/types';
import { createConversation, initWorkspace, setPageFields, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import type { Block } from '../../../shared/pages/pageBlocks';
import { appendBlocks, para } from '../../../shared/pages/pageDoc.testkit';
import { openLevelStore, openMemoryStore } from '../store';
import type { JournalStore } from '../store/types';
import { DERIVED_SPACE, startDerivedIndex, type RunningDerivedIndex } from './derivedIndex';

/**
 * The derived index against the real store (memory backend for speed, LevelDB in temp folders
 * for restarts and the crash gap), with real Yjs page docs in @lexical/yjs's layout.
 */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kindred-derived-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Appends blocks to a doc in the store, as a window's push would. */
async function write(store: JournalStore, docId: string, blocks: Block[]): Promise<void> {
  const doc = new Y.Doc({ guid: docId });
  const stored = await store.getUpdate(docId);
  if (stored) Y.applyUpdate(doc, stored);
  const sv = Y.encodeStateVector(doc);
  appendBlocks(doc, blocks);
  await store.applyUpdate(docId, Y.encodeStateAsUpdate(doc, sv), 'test');
}

async function allPages(index: RunningDerivedIndex, limit = 3): Promise<Map<string, DerivedPageFacts>> {
  const out = new Map<string, DerivedPageFacts>();
  let after: string | undefined;
  for (;;) {
    const res = await index.pages(after, limit);
    res.pages.forEach(([id, f]) => out.set(id, f));
    if (!res.next) return out;
    after = res.next;
  }
}

async function start(store: JournalStore, options = {}): Promise<RunningDerivedIndex> {
  const index = await startDerivedIndex(store, { liveDelayMs: 1, log: () => undefined, ...options });
  cleanups.push(() => index.close());
  return index;
}

const until = async (check: () => boolean, ms = 5_000): Promise<void> => {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('derived index', () => {
  it('builds every page from an empty index in the background, with progress, and lists them in pages', async () => {
    const store = await openMemoryStore();
    cleanups.push(() => store.close());
    for (let i = 0; i < 12; i++) await write(store, `note-${i}`, [para(`note ${i} with `, { m: `person-${i % 3}` })]);
    await write(store, 'day-2026-01-01', [{ type: 'paragraph', inlines: [] }]); // a blank day: no facts, no key
    const index = await start(store, { batchSize: 5 });
    const states: string[] = [];
    index.onChange((c) => states.push(c.state.kind === 'rebuilding' ? `${c.state.done}/${c.state.total}` : 'ready'));
    expect(index.state()).toEqual({ kind: 'rebuilding', done: 0, total: 13 });
    await index.idle();
    expect(index.state()).toEqual({ kind: 'ready' });
    expect(states).toContain('5/13');
    expect(states[states.length - 1]).toBe('ready');
    const pages = await allPages(index);
    expect([...pages.keys()].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `note-${i}`).sort());
    expect(pages.get('note-4')?.mentions).toEqual({ 'person-1': ['note 4 with ', { p: 'person-1' }] });
    expect(index.seq()).toBe(await store.head());
  });

  it('follows live changes: emits what changed, writes nothing when the facts did not change', async () => {
    const store = await openMemoryStore();
    cleanups.push(() => store.close());
    const index = await start(store);
    await index.idle();
    const events: [string, DerivedPageFacts | null][][] = [];
    index.onChange((c) => events.push(c.pages));

    await write(store, 'note-a', [para('Lunch with ', { m: 'person-ada' })]);
    await until(() => events.length === 1);
    expect(events[0]).toEqual([['note-a', expect.objectContaining({ contacts: ['person-ada'] })]]);

    // A second paragraph changes no list fact (the preview is the first line): no event, no write.
    const before = index.seq();
    await write(store, 'note-a', [para('and more words')]);
    await index.idle();
    expect(index.seq()).toBeGreaterThan(before);
    expect(events).toHaveLength(1);

    // The workspace doc is authored data, never derived.
    const ws = new Y.Doc();
    initWorkspace(ws);
    await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws), 'test');
    await index.idle();
    expect(events).toHaveLength(1);
    expect((await allPages(index)).has(WORKSPACE_DOC_ID)).toBe(false);
  });

  it('a page emptied of its content loses its facts (null in the event, no key)', async () => {
    const store = await openMemoryStore();
    cleanups.push(() => store.close());
    await write(store, 'note-x', [para('Hello ', { m: 'person-a' })]);
    const index = await start(store);
    await index.idle();
    const events: [string, DerivedPageFacts | null][][] = [];
    index.onChange((c) => events.push(c.pages));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await store.getUpdate('note-x'))!);
    const sv = Y.encodeStateVector(doc);
    const root = doc.get('root', Y.XmlText);
    root.delete(0, root.length);
    await store.applyUpdate('note-x', Y.encodeStateAsUpdate(doc, sv), 'test');
    await until(() => events.length > 0);
    expect(events[0]).toEqual([['note-x', null]]);
    expect((await allPages(index)).size).toBe(0);
  });

  it('catches up after a crash between the store batch and the index batch (LevelDB, restart)', async () => {
    const dir = await tempDir();
    let store = await openLevelStore(dir);
    await write(store, 'note-1', [para('first with ', { m: 'person-a' })]);
    let index = await startDerivedIndex(store, { liveDelayMs: 1, log: () => undefined });
    await index.idle();
    const cursorBefore = index.seq();
    // The host dies: the index stops following (its batch for the next changes never happens)
    // while the store's own batches are durable.
    await index.close();
    await write(store, 'note-1', [para('later ', { m: 'person-b' })]);
    await write(store, 'note-2', [para('new page about ', { m: 'person-c', about: true })]);
    await store.close();

    store = await openLevelStore(dir);
    cleanups.push(() => store.close());
    index = await start(store);
    expect(index.seq()).toBe(cursorBefore); // the cursor on disk is behind the store…
    expect(index.state()).toEqual({ kind: 'ready' }); // …which is a catch-up, not a rebuild
    await index.idle();
    const pages = await allPages(index);
    expect(Object.keys(pages.get('note-1')!.mentions).sort()).toEqual(['person-a', 'person-b']);
    expect(pages.get('note-2')!.contacts).toEqual([]);
    expect(pages.get('note-2')!.mentions).toHaveProperty('person-c');
    expect(index.seq()).toBe(await store.head());
  });

  it('rebuilds when the store log is another one, sweeping facts of docs the store does not have', async () => {
    const store = await openMemoryStore();
    cleanups.push(() => store.close());
    await write(store, 'note-1', [para('kept ', { m: 'person-a' })]);
    await write(store, 'note-2', [para('kept too')]);
    // An index left from another log: a cursor ahead of this store and a page it never had.
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    await store.space(DERIVED_SPACE).batch([
      { type: 'put', key: 'meta', value: enc({ format: 1, logId: 'another-log', seq: 999 }) },
      { type: 'put', key: 'p/note-ghost', value: enc({ p: ['ghost'] }) },
    ]);
    const index = await start(store, { batchSize: 1 });
    expect(index.state().kind).toBe('rebuilding');
    // Lists still answer from what exists meanwhile.
    expect((await index.pages(undefined, 10)).pages.map(([id]) => id)).toContain('note-ghost');
    await index.idle();
    const pages = await allPages(index);
    expect([...pages.keys()]).toEqual(['note-1', 'note-2']);
    expect(index.state()).toEqual({ kind: 'ready' });
  });

  it('starts over from an empty space when the stored format is another one', async () => {
    const store = await openMemoryStore();
    cleanups.push(() => store.close());
    await write(store, 'note-1', [para('hello')]);
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    await store.space(DERIVED_SPACE).batch([
      { type: 'put', key: 'meta', value: enc({ format: 0, logId: store.logId, seq: 1 }) },
      { type: 'put', key: 'p/note-1', value: enc('an old encoding') },
    ]);
    const index = await start(store);
    await index.idle();
    expect((await allPages(index)).get('note-1')?.preview).toEqual(['hello']);
  });

  it('a page date change in the workspace doc needs no re-derivation (facts do not depend on it)', async () => {
    const store = await openMemoryStore();
    cleanups.push(() => store.close());
    const ws = new Y.Doc();
    initWorkspace(ws);
    const id = createConversation(ws, '2026-01-01', '', { now: 1, deviceId: 'd' });
    await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws), 'test');
    await write(store, id, [{ type: 'listitem', checked: false, inlines: [{ text: 'call ' }, { mention: 'person-a' }, { text: ' next Tuesday' }] }]);
    const index = await start(store);
    await index.idle();
    const before = (await allPages(index)).get(id);
    const sv = Y.encodeStateVector(ws);
    setPageFields(ws, id, { date: '2026-06-01' }, 2);
    await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws, sv), 'test');
    await index.idle();
    expect((await allPages(index)).get(id)).toEqual(before);
  });

  it('tries again by itself after a failed read (a store restarting), with no new change needed', async () => {
    const store = await openMemoryStore();
    cleanups.push(() => store.close());
    await write(store, 'note-1', [para('hello ', { m: 'person-a' })]);
    let failures = 2;
    const flaky: JournalStore = Object.create(store) as JournalStore;
    flaky.changesSince = (since, limit) => (failures-- > 0 ? Promise.reject(new Error('store restarting')) : store.changesSince(since, limit));
    const errors: string[] = [];
    const index = await start(flaky, { retryMs: 5, log: (m: string) => errors.push(m) });
    await until(() => index.state().kind === 'ready' && index.seq() === 1);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect((await allPages(index)).get('note-1')?.contacts).toEqual(['person-a']);
  });

  it('keeps every answer and event a reasonable message, however much the pages hold', async () => {
    const store = await openMemoryStore();
    cleanups.push(() => store.close());
    const words = 'and then we talked for a long while about everything that happened '.repeat(2);
    for (let i = 0; i < 30; i++) {
      await write(store, `note-${i}`, [para(...Array.from({ length: 150 }, (_, k) => [words, { m: `person-${k}` }] as const).flat())]);
    }
    const index = await start(store);
    const sizes: number[] = [];
    index.onChange((c) => sizes.push(JSON.stringify(c).length));
    await index.idle();
    expect(Math.max(...sizes)).toBeLessThan(600_000);
    const first = await index.pages(undefined, 100);
    expect(first.next).not.toBeNull();
    expect(first.pages.length).toBeLessThan(30);
    expect(JSON.stringify(first).length).toBeLessThan(600_000);
    expect((await allPages(index, 100)).size).toBe(30);
  });

  it('after any interleaving of edits and restarts, its facts equal a fresh derivation of every doc', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('edit' as const), page: fc.integer({ min: 0, max: 4 }), person: fc.integer({ min: 0, max: 3 }), word: fc.constantFrom('tea', 'walk', 'call', '') }),
      fc.record({ kind: fc.constant('restart' as const) }),
      fc.record({ kind: fc.constant('idle' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const store = await openMemoryStore();
        let index = await startDerivedIndex(store, { liveDelayMs: 0, batchSize: 2, log: () => undefined });
        try {
          for (const o of ops) {
            if (o.kind === 'edit') await write(store, `note-${o.page}`, [para(`${o.word} `, { m: `person-${o.person}` })]);
            else if (o.kind === 'idle') await index.idle();
            else {
              await index.close(); // mid-way: whatever it had not written is caught up later
              index = await startDerivedIndex(store, { liveDelayMs: 0, batchSize: 2, log: () => undefined });
            }
          }
          await index.idle();
          const got = await allPages(index, 2);
          for (let p = 0; p < 5; p++) {
            const bytes = await store.getUpdate(`note-${p}`);
            const doc = new Y.Doc();
            if (bytes) Y.applyUpdate(doc, bytes);
            const want = deriveFacts(`note-${p}`, doc);
            expect(got.get(`note-${p}`) ?? EMPTY_FACTS).toEqual(want);
          }
          expect(index.seq()).toBe(await store.head());
        } finally {
          await index.close();
          await store.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
