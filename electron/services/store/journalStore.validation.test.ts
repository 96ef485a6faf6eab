import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mulberry32 } from '../../../bench/corpus';
import { Editor, hashBackend, openLevelHarness, openMemoryHarness, textOf, type StoreHarness } from './storeTest.testkit';
import { StoreError } from './types';

/** A doc with some history in the store, and a new valid update for it. */
async function seeded(h: StoreHarness): Promise<{ ed: Editor; next: Uint8Array }> {
  const ed = new Editor(5);
  await h.store.applyUpdate('page', ed.type('The quick brown fox '));
  await h.store.applyUpdate('page', ed.type('jumps over the lazy dog. '));
  await h.store.applyUpdate('page', ed.erase(4, 6));
  ed.doc.getMap('meta').set('title', 'Fox');
  // type() returns the map change and the typing as one update.
  const next = ed.type('Ünïcödé ✓ and a longer tail of text to give the update some body.');
  return { ed, next };
}

async function expectRefused(h: StoreHarness, update: unknown, before: string): Promise<StoreError> {
  const err = await h.store.applyUpdate('page', update as Uint8Array).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  expect((err as StoreError).code).toBe('invalid_update');
  expect(await hashBackend(h.backend)).toBe(before);
  return err as StoreError;
}

describe.each([
  ['memory', openMemoryHarness, 1],
  ['level', openLevelHarness, 3],
] as const)('validation (%s backend)', (_name, open, stride) => {
  let h: StoreHarness;
  afterEach(async () => h?.cleanup());

  it('refuses every truncation of a valid update, stores nothing, and the doc stays usable', async () => {
    h = await open();
    const { ed, next } = await seeded(h);
    const before = await hashBackend(h.backend);
    const reasons = new Set<string>();
    for (let cut = 0; cut < next.length; cut += stride) {
      reasons.add((await expectRefused(h, next.slice(0, cut), before)).message);
    }
    expect([...reasons].every((m) => /refused/.test(m))).toBe(true);
    // Refusals may have corrupted the live doc: the next valid update must still land exactly.
    expect(await h.store.applyUpdate('page', next)).toMatchObject({ changed: true });
    expect(textOf(await h.store.getUpdate('page'))).toBe(ed.text.toString());
  });

  it('bit flips are refused unchanged, or (when they still decode) stored consistently', async () => {
    h = await open();
    const { next } = await seeded(h);
    const base = await h.store.getUpdate('page');
    const rng = mulberry32(42);
    let refused = 0;
    let accepted = 0;
    for (let i = 0; i < 60 / stride; i++) {
      const flipped = next.slice();
      const pos = Math.floor(rng() * flipped.length);
      flipped[pos] = (flipped[pos] as number) ^ (1 << Math.floor(rng() * 8));
      const before = await hashBackend(h.backend);
      const result = await h.store.applyUpdate('page', flipped).then(
        (r) => r,
        (e: unknown) => e,
      );
      if (result instanceof StoreError) {
        expect(result.code).toBe('invalid_update');
        expect(await hashBackend(h.backend)).toBe(before);
        refused++;
      } else {
        // A flip can turn into a different, well-formed change; nothing can tell. What is stored
        // must then be exactly base + that change, with nothing left pending.
        accepted++;
        const reference = new Y.Doc();
        Y.applyUpdate(reference, base as Uint8Array);
        Y.applyUpdate(reference, flipped);
        const stored = new Y.Doc();
        Y.applyUpdate(stored, (await h.store.getUpdate('page')) as Uint8Array);
        expect(stored.store.pendingStructs).toBeNull();
        expect(Array.from(await h.store.stateVector('page'))).toEqual(Array.from(Y.encodeStateVector(stored)));
        await h.cleanup();
        h = await open();
        await seeded(h);
      }
    }
    expect(refused + accepted).toBe(Math.ceil(60 / stride));
    expect(refused).toBeGreaterThan(0);
  });

  it('refuses updates with missing dependencies and deletes of unknown content', async () => {
    h = await open();
    await seeded(h);
    const before = await hashBackend(h.backend);
    const other = new Editor(99);
    other.type('first ');
    const second = other.type('second');
    expect((await expectRefused(h, second, before)).message).toMatch(/missing dependencies/);
    const third = new Editor(77);
    third.type('abc');
    const del = third.erase(1, 1);
    expect((await expectRefused(h, del, before)).message).toMatch(/deletes content the store does not have/);
    // The same updates in order are fine.
    const fresh = new Editor(99);
    expect(await h.store.applyUpdate('page', fresh.type('first '))).toMatchObject({ changed: true });
    expect(await h.store.applyUpdate('page', second)).toMatchObject({ changed: true });
  });

  it('refuses things that are not update bytes', async () => {
    h = await open();
    await seeded(h);
    const before = await hashBackend(h.backend);
    for (const bad of ['text', 42, null, undefined, [0, 0], new ArrayBuffer(2), new DataView(new ArrayBuffer(2)), { length: 2 }, new Uint8Array(0), new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1])]) {
      await expectRefused(h, bad, before);
    }
    // A Buffer is a Uint8Array and fine.
    expect(await h.store.applyUpdate('page', Buffer.from(new Editor(3).type('buf')))).toMatchObject({ changed: true });
  });

  it('a refused update in the middle of a group leaves the group’s other writes to that doc intact', async () => {
    h = await open();
    const ed = new Editor(1);
    await h.store.applyUpdate('page', ed.type('start '));
    const a = ed.type('one ');
    const b = ed.type('two ');
    const results = await Promise.allSettled([
      h.store.applyUpdate('page', a),
      h.store.applyUpdate('page', b.slice(0, b.length - 2)),
      h.store.applyUpdate('page', b),
      h.store.applyUpdate('other', new Editor().type('x')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(textOf(await h.store.getUpdate('page'))).toBe('start one two ');
    await h.reopen();
    expect(textOf(await h.store.getUpdate('page'))).toBe('start one two ');
  });
});
