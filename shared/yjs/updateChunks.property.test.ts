import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyChunks, bytesEqual, deleteSetsEqual, opArb, playOps, rootsJSON, sameDoc } from './randomDocs.testkit';
import { splitUpdateNow } from './updateChunks';

// 16 B … 64 KB, biased to sizes that cut these (small) histories into many chunks.
const maxBytesArb = fc.oneof(fc.integer({ min: 16, max: 256 }), fc.integer({ min: 16, max: 4096 }), fc.integer({ min: 16, max: 65536 }));
const historyArb = fc.record({
  docs: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 5 })),
  ops: fc.array(opArb, { minLength: 1, maxLength: 80, size: 'max' }),
  // Extra syncs: without them most histories stay single-client.
  syncs: fc.array(fc.record({ after: fc.nat(80), d: fc.nat(4), to: fc.nat(4) }), { maxLength: 16, size: 'max' }),
  gc: fc.boolean(),
  source: fc.nat(4),
  finalSync: fc.boolean(),
  // Y.Text formatting marks make splitUpdate return the update whole; most histories go without.
  formats: fc.nat(3).map((n) => n === 0),
});

type History = typeof historyArb extends fc.Arbitrary<infer T> ? T : never;

/** Plays the history and returns the doc whose update is split. */
function history(h: History): Y.Doc {
  const ops = [...h.ops];
  for (const s of [...h.syncs].sort((a, b) => b.after - a.after)) ops.splice(Math.min(s.after, ops.length), 0, { k: 'sync', d: s.d, to: s.to });
  // Often end with another doc syncing into the source, so its update holds several clients.
  if (h.finalSync) for (let d = 1; d < h.docs; d++) ops.push({ k: 'sync', d: h.source + d, to: h.source });
  const docs = playOps(h.docs, ops, h.gc, h.formats);
  return docs[h.source % h.docs] as Y.Doc;
}

describe('splitUpdate on random multi-client histories', () => {
  it('applying the chunks in order gives the same doc, with nothing left pending', () => {
    let multiClient = 0;
    let chunksSeen = 0;
    fc.assert(
      fc.property(historyArb, maxBytesArb, (h, maxBytes) => {
        const source = history(h);
        const update = Y.encodeStateAsUpdate(source);
        const chunks = splitUpdateNow(update, maxBytes);
        chunksSeen += chunks.length;
        const hasFormat = Y.decodeUpdate(update).structs.some((s) => s instanceof Y.Item && s.content instanceof Y.ContentFormat);
        if (hasFormat) expect(chunks).toEqual([update]);
        const { doc, pendingAfter } = applyChunks(chunks, h.gc);
        expect(bytesEqual(Y.encodeStateVector(doc), Y.encodeStateVector(source))).toBe(true);
        expect(rootsJSON(doc)).toEqual(rootsJSON(source));
        expect(deleteSetsEqual(doc, source)).toBe(true);
        expect(doc.store.pendingStructs).toBeNull();
        expect(doc.store.pendingDs).toBeNull();
        // Zero for a single client (the brief's bar), and zero for several: every chunk comes
        // after the chunks holding what it refers to.
        if (source.store.clients.size > 1) multiClient++;
        expect(pendingAfter).toBe(0);
        // Whole vs chunked, re-encoded: the two updates merge to the same doc as either alone.
        const whole = new Y.Doc({ gc: h.gc });
        Y.applyUpdate(whole, update);
        const merged = new Y.Doc({ gc: h.gc });
        Y.applyUpdate(merged, Y.mergeUpdates([Y.encodeStateAsUpdate(whole), Y.encodeStateAsUpdate(doc)]));
        expect(sameDoc(merged, whole)).toBe(true);
        expect(sameDoc(merged, doc)).toBe(true);
      }),
      { numRuns: 250 },
    );
    // The property is only meaningful if many cases had several clients and several chunks.
    expect(multiClient).toBeGreaterThan(50);
    expect(chunksSeen).toBeGreaterThan(1000);
  });

  it('applying the chunks in a random order still converges (Yjs parks what it must)', () => {
    fc.assert(
      fc.property(historyArb, maxBytesArb, fc.infiniteStream(fc.nat()), (h, maxBytes, randoms) => {
        const source = history(h);
        const chunks = splitUpdateNow(Y.encodeStateAsUpdate(source), maxBytes);
        const shuffled = [...chunks];
        const it = randoms[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (it.next().value as number) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as Uint8Array, shuffled[i] as Uint8Array];
        }
        const { doc } = applyChunks(shuffled, h.gc);
        expect(sameDoc(doc, source)).toBe(true);
        expect(doc.store.pendingStructs).toBeNull();
        expect(doc.store.pendingDs).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});
