import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyChunks, canonical, deleteSetsEqual, opArb, playOps, sameDoc } from './randomDocs.testkit';
import { buildRegistry } from './registryDoc.testkit';
import { MalformedUpdateError, splitUpdate, splitUpdateNow } from './updateChunks';

/** A small multi-client doc with every content kind the app writes. */
function sampleDoc(): Y.Doc {
  const ops = fc.sample(fc.array(opArb, { minLength: 60, maxLength: 60 }), { seed: 7, numRuns: 1 })[0] ?? [];
  const docs = playOps(3, [...ops, { k: 'sync', d: 1, to: 0 }, { k: 'sync', d: 2, to: 0 }], true, false);
  return docs[0] as Y.Doc;
}

function expectMalformed(update: Uint8Array, maxBytes = 64): MalformedUpdateError {
  try {
    splitUpdateNow(update, maxBytes);
  } catch (e) {
    expect(e).toBeInstanceOf(MalformedUpdateError);
    expect((e as Error).name).toBe('MalformedUpdateError');
    expect((e as Error).message).toMatch(/at byte \d+/);
    return e as MalformedUpdateError;
  }
  throw new Error('expected a MalformedUpdateError');
}

/** Structs + delete ranges in a chunk, as Yjs reads it. */
function entriesIn(chunk: Uint8Array): number {
  const { structs, ds } = Y.decodeUpdate(chunk);
  let ranges = 0;
  ds.clients.forEach((items) => (ranges += items.length));
  return structs.length + ranges;
}

describe('splitUpdate', () => {
  it('splits a multi-client doc into chunks that each integrate at once, delete set last', () => {
    const source = sampleDoc();
    expect(source.store.clients.size).toBe(3);
    const update = Y.encodeStateAsUpdate(source);
    const chunks = splitUpdateNow(update, 64);
    expect(chunks.length).toBeGreaterThan(5);
    const { doc, pendingAfter } = applyChunks(chunks);
    expect(pendingAfter).toBe(0);
    expect(sameDoc(doc, source)).toBe(true);
    for (const c of chunks.slice(0, -1)) expect(Y.decodeUpdate(c).ds.clients.size).toBe(0);
    // The order matters: the same chunks backwards leave structs parked along the way.
    expect(applyChunks([...chunks].reverse()).pendingAfter).toBeGreaterThan(0);
  });

  it('keeps every chunk within maxBytes unless it holds a single struct or delete range', () => {
    const update = Y.encodeStateAsUpdate(sampleDoc());
    for (const maxBytes of [16, 40, 100, 333, 1000, 4096]) {
      const chunks = splitUpdateNow(update, maxBytes);
      for (const c of chunks) if (c.length > maxBytes) expect(entriesIn(c)).toBe(1);
      expect(sameDoc(applyChunks(chunks).doc, sampleDoc())).toBe(true);
    }
    // One big chunk when it all fits.
    expect(splitUpdateNow(update, update.length + 8)).toHaveLength(1);
  });

  it('splits a delete set too large for one chunk into trailing delete-only chunks', () => {
    const source = new Y.Doc();
    const list = source.getArray<number>('list');
    for (let i = 0; i < 400; i++) list.push([i]);
    for (let i = 0; i < 150; i++) list.delete(i, 1); // every other item: 150 separate ranges
    const update = Y.encodeStateAsUpdate(source);
    const chunks = splitUpdateNow(update, 64);
    const deleteOnly = chunks.filter((c) => Y.decodeUpdate(c).structs.length === 0);
    expect(deleteOnly.length).toBeGreaterThan(3);
    expect(chunks.slice(-deleteOnly.length)).toEqual(deleteOnly); // they come last
    for (const c of chunks) if (c.length > 64) expect(entriesIn(c)).toBe(1);
    const { doc, pendingAfter } = applyChunks(chunks);
    expect(pendingAfter).toBe(0);
    expect(doc.store.pendingDs).toBeNull();
    expect(doc.getArray('list').toJSON()).toEqual(list.toJSON());
    expect(sameDoc(doc, source)).toBe(true);
  });

  it('returns one equivalent chunk for empty and struct-less updates', () => {
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    expect(splitUpdateNow(empty, 16)).toEqual([empty]);
    // A delete-only update (what a diff holding only deletions looks like).
    const a = new Y.Doc();
    a.getText('t').insert(0, 'hello world');
    const before = Y.encodeStateVector(a);
    a.getText('t').delete(0, 6);
    const diff = Y.encodeStateAsUpdate(a, before);
    expect(Y.decodeUpdate(diff).structs).toHaveLength(0);
    const chunks = splitUpdateNow(diff, 1024);
    expect(chunks).toEqual([diff]);
    // Applied to the state before the deletion, the chunk deletes what the diff deletes.
    const c = new Y.Doc();
    const undeleted = new Y.Doc();
    undeleted.clientID = a.clientID;
    undeleted.getText('t').insert(0, 'hello world');
    Y.applyUpdate(c, Y.encodeStateAsUpdate(undeleted));
    for (const chunk of chunks) Y.applyUpdate(c, chunk);
    expect(c.getText('t').toString()).toBe('world');
  });

  it('returns an update with Y.Text formatting marks whole (Yjs cleans formatting per transaction)', () => {
    const a = new Y.Doc();
    a.getText('t').insert(0, 'plain ');
    a.getText('t').insert(6, 'bold', { bold: true });
    a.getMap('m').set('k', 'v');
    const update = Y.encodeStateAsUpdate(a);
    expect(splitUpdateNow(update, 16)).toEqual([update]);
  });

  it('handles merged updates with Skip structs (gaps), like merged y-indexeddb rows', () => {
    const a = new Y.Doc();
    const updates: Uint8Array[] = [];
    a.on('update', (u: Uint8Array) => updates.push(u));
    const text = a.getText('t');
    for (let i = 0; i < 12; i++) a.transact(() => text.insert(text.length, `part ${i} `));
    // Rows 0-3 and 8-11 merged: a gap (a Skip struct) where rows 4-7 were.
    const merged = Y.mergeUpdates([...updates.slice(0, 4), ...updates.slice(8)]);
    const gap = Y.mergeUpdates(updates.slice(4, 8));
    expect(Y.decodeUpdate(merged).structs.some((s) => s instanceof Y.Skip)).toBe(true);
    for (const maxBytes of [16, 48, 4096]) {
      const chunks = splitUpdateNow(merged, maxBytes);
      const whole = new Y.Doc();
      Y.applyUpdate(whole, merged);
      const { doc } = applyChunks(chunks);
      expect(doc.getText('t').toString()).toBe(whole.getText('t').toString());
      Y.applyUpdate(doc, gap);
      expect(doc.getText('t').toString()).toBe(text.toString());
      expect(doc.store.pendingStructs).toBeNull();
    }
  });

  it('yields while parsing, ordering and encoding a large update, and returns the chunks', () => {
    const source = buildRegistry(2000, 5);
    const update = Y.encodeStateAsUpdate(source);
    for (const maxBytes of [1024, 16 * 1024]) {
      const gen = splitUpdate(update, maxBytes);
      let yields = 0;
      let step = gen.next();
      while (!step.done) {
        yields++;
        step = gen.next();
      }
      // More than the parse alone: the ordering walk resumes after yields too.
      expect(yields).toBeGreaterThan(Math.floor(update.length / Math.max(maxBytes, 4096)) + 2);
      const { doc, pendingAfter } = applyChunks(step.value);
      expect(pendingAfter).toBe(0);
      expect(sameRegistry(doc, source)).toBe(true);
    }
  });

  it('does not hang on a dependency cycle (never produced by Yjs): Yjs parks both, as with the whole', () => {
    // Client 1's struct has client 2's as origin and vice versa: [2 sections][1 struct, client 1,
    // clock 0][info 132 = origin + String][origin (2, 0)]["a"], the same for client 2, empty ds.
    const update = Uint8Array.from([2, 1, 1, 0, 132, 2, 0, 1, 97, 1, 2, 0, 132, 1, 0, 1, 98, 0]);
    const chunks = splitUpdateNow(update, 8);
    expect(chunks).toHaveLength(2);
    const whole = new Y.Doc();
    Y.applyUpdate(whole, update);
    const { doc } = applyChunks(chunks);
    expect(whole.store.pendingStructs).not.toBeNull();
    expect(doc.store.pendingStructs).not.toBeNull();
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(whole));
  });

  it('refuses a maxBytes that is not a positive number', () => {
    const update = Y.encodeStateAsUpdate(new Y.Doc());
    expect(() => splitUpdateNow(update, 0)).toThrow(RangeError);
    expect(() => splitUpdateNow(update, Number.NaN)).toThrow(RangeError);
  });
});

describe('splitUpdate on malformed input', () => {
  it('rejects every truncation of real updates', () => {
    const updates = [Y.encodeStateAsUpdate(sampleDoc())];
    const t = new Y.Doc();
    t.getText('t').insert(0, 'héllo 😀 wörld', { bold: true });
    t.getMap('m').set('k', { a: [1, 2.5, 'x', null, true, new Uint8Array([1, 2])], b: 2n ** 40n });
    t.getText('t').delete(2, 3);
    updates.push(Y.encodeStateAsUpdate(t));
    for (const update of updates) {
      for (let end = 0; end < update.length; end++) expectMalformed(update.subarray(0, end));
    }
  });

  it('rejects trailing garbage, bad content types, varint overflow and strings past the end', () => {
    const doc = new Y.Doc();
    doc.clientID = 5;
    doc.getText('t').insert(0, 'abc');
    const update = Y.encodeStateAsUpdate(doc);
    // [1 section][1 struct][client 5][clock 0][info 4 = String][parent info 1]["t"]["abc"][ds 0]
    expect([...update]).toEqual([1, 1, 5, 0, 4, 1, 1, 116, 3, 97, 98, 99, 0]);
    expect(expectMalformed(Uint8Array.from([...update, 0])).message).toMatch(/trailing/);
    expect(expectMalformed(Uint8Array.from([1, 1, 5, 0, 11, 1, 1, 116, 3, 97, 98, 99, 0])).message).toMatch(/content type 11 at byte 4/);
    expectMalformed(Uint8Array.from([1, 1, 5, 0, 4, 2, 1, 116, 3, 97, 98, 99, 0])); // parent info 2
    expect(expectMalformed(Uint8Array.from([1, 1, ...Array(10).fill(0xff), 1, 0, 4, 1, 1, 116, 3, 97, 98, 99, 0])).message).toMatch(/overflow/);
    expect(expectMalformed(Uint8Array.from([1, 1, 5, 0, 4, 1, 1, 116, 9, 97, 98, 99, 0])).message).toMatch(/string runs past the end/);
    expect(expectMalformed(Uint8Array.from([1, 1, 5, 0, 4, 1, 1, 116, 3, 0xc3, 0x28, 99, 0])).message).toMatch(/UTF-8/);
    // The same client twice (Yjs would silently drop the first section).
    expect(expectMalformed(Uint8Array.from([2, 1, 5, 0, 4, 1, 1, 116, 1, 97, 1, 5, 1, 4, 1, 1, 116, 1, 98, 0])).message).toMatch(/two struct sections/);
    // Any content (8) with an unknown value type; Type content (7) with an unknown type ref.
    expect(expectMalformed(Uint8Array.from([1, 1, 5, 0, 8, 1, 1, 109, 1, 50, 0])).message).toMatch(/value type 50/);
    expect(expectMalformed(Uint8Array.from([1, 1, 5, 0, 7, 1, 1, 109, 9, 0])).message).toMatch(/type ref 9/);
    // Format content (6) whose value is not JSON.
    expectMalformed(Uint8Array.from([1, 1, 5, 0, 6, 1, 1, 116, 1, 98, 2, 123, 123, 0]));
    // A Skip (10) with flag bits: applyUpdate and decodeUpdate would read it differently.
    expect(expectMalformed(Uint8Array.from([1, 1, 5, 0, 170, 3, 0])).message).toMatch(/skip struct with flags 170 at byte 4/);
    // A delete set claiming more ranges than there are bytes.
    expectMalformed(Uint8Array.from([0, 1, 5, 200, 1, 0, 1]));
  });

  it('on random byte flips: a MalformedUpdateError, or chunks that apply like the flipped update', () => {
    const update = Y.encodeStateAsUpdate(sampleDoc());
    let rejected = 0;
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat(update.length - 1), fc.nat(255), fc.constantFrom(16, 200, 100_000), (at, value, maxBytes) => {
        const flipped = update.slice();
        flipped[at] = value;
        let chunks: Uint8Array[];
        try {
          chunks = splitUpdateNow(flipped, maxBytes);
        } catch (e) {
          expect(e).toBeInstanceOf(MalformedUpdateError);
          rejected++;
          return;
        }
        accepted++;
        for (const c of chunks) expect(() => Y.decodeUpdate(c)).not.toThrow();
        const whole = new Y.Doc();
        try {
          Y.applyUpdate(whole, flipped);
        } catch {
          return; // Yjs refuses the content itself (e.g. a dangling reference): nothing to compare
        }
        if (whole.store.pendingStructs !== null || whole.store.pendingDs !== null) return;
        const { doc } = applyChunks(chunks);
        expect(sameDoc(doc, whole)).toBe(true);
      }),
      { numRuns: 600 },
    );
    expect(rejected).toBeGreaterThan(50);
    expect(accepted).toBeGreaterThan(50); // flips inside string bytes, values, clocks
  });
});

describe('a realistic registry (10,000 records from 50 app sessions)', () => {
  it('splits fast and every chunk applies quickly (numbers reported, not asserted)', () => {
    const source = buildRegistry(10_000, 50);
    const update = Y.encodeStateAsUpdate(source);
    const lines: string[] = [`registry: ${(update.length / 1e6).toFixed(2)} MB, ${source.store.clients.size} clients`];
    let t = performance.now();
    const whole = new Y.Doc();
    Y.applyUpdate(whole, update);
    lines.push(`whole Y.applyUpdate: ${(performance.now() - t).toFixed(0)} ms`);
    for (const kb of [32, 64, 128]) {
      const times: number[] = [];
      for (let run = 0; run < 3; run++) {
        t = performance.now();
        splitUpdateNow(update, kb * 1024);
        times.push(performance.now() - t);
      }
      const chunks = splitUpdateNow(update, kb * 1024);
      const doc = new Y.Doc();
      let maxApply = 0;
      let pending = 0;
      for (const c of chunks) {
        t = performance.now();
        Y.applyUpdate(doc, c);
        maxApply = Math.max(maxApply, performance.now() - t);
        if (doc.store.pendingStructs !== null) pending++;
      }
      expect(pending).toBe(0);
      expect(sameRegistry(doc, source)).toBe(true);
      lines.push(`${kb} KB: split ${times.map((x) => x.toFixed(0)).join('/')} ms, ${chunks.length} chunks, max chunk apply ${maxApply.toFixed(1)} ms`);
    }
    // The longest stretch between two yields of the generator (what one main-thread task costs).
    const gen = splitUpdate(update, 64 * 1024);
    let longest = 0;
    for (;;) {
      t = performance.now();
      const step = gen.next();
      longest = Math.max(longest, performance.now() - t);
      if (step.done) break;
    }
    lines.push(`64 KB: longest stretch between yields ${longest.toFixed(1)} ms`);
    console.log(lines.join('\n'));
  });
});

function sameRegistry(a: Y.Doc, b: Y.Doc): boolean {
  const sv = (d: Y.Doc): string => Y.encodeStateVector(d).join(',');
  const json = (d: Y.Doc): string => JSON.stringify(canonical({ pages: d.getMap('pages').toJSON(), people: d.getMap('people').toJSON() }));
  return sv(a) === sv(b) && json(a) === json(b) && deleteSetsEqual(a, b);
}
