/**
 * inspectUpdate (the completeness check restore relies on instead of building every doc) agrees
 * with Yjs itself: an update is accepted exactly when applying it to an empty doc leaves nothing
 * pending, and the state vector it returns is the one Yjs computes.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { inspectUpdate } from './backupFormat';

type Op = { client: 0 | 1 | 2; kind: 'insert' | 'delete' | 'map' | 'nested'; at: number; text: string };

const op: fc.Arbitrary<Op> = fc.record({
  client: fc.constantFrom(0 as const, 1 as const, 2 as const),
  kind: fc.constantFrom('insert' as const, 'delete' as const, 'map' as const, 'nested' as const),
  at: fc.nat({ max: 50 }),
  text: fc.string({ minLength: 1, maxLength: 6 }),
});

function pendingAfterApply(update: Uint8Array): boolean {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const pending = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
  doc.destroy();
  return pending;
}

it('accepts exactly the updates Yjs applies without pending, with the same state vector', () => {
  const seen = { accepted: 0, refused: 0 };
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), fc.nat({ max: 40 }), (ops, cut) => {
      const docs = [1, 2, 3].map((id) => {
        const d = new Y.Doc();
        d.clientID = id;
        return d;
      });
      const history: Uint8Array[] = [];
      for (const o of ops) {
        const d = docs[o.client] as Y.Doc;
        const sv = Y.encodeStateVector(d);
        const t = d.getText('body');
        if (o.kind === 'insert') t.insert(Math.min(o.at, t.length), o.text);
        else if (o.kind === 'delete' && t.length > 0) t.delete(Math.min(o.at, t.length - 1), 1);
        else if (o.kind === 'map') d.getMap('m').set(o.text, o.at);
        else {
          const inner = new Y.Map<number>();
          d.getArray<Y.Map<number>>('list').push([inner]);
          inner.set('n', o.at);
        }
        const u = Y.encodeStateAsUpdate(d, sv);
        history.push(u);
        for (const other of docs) if (other !== d) Y.applyUpdate(other, u);
      }
      const whole = Y.encodeStateAsUpdate(docs[0] as Y.Doc);
      const ok = inspectUpdate(whole);
      expect('sv' in ok && Buffer.from(ok.sv).equals(Buffer.from(Y.encodeStateVector(docs[0] as Y.Doc)))).toBe(true);
      const merged = Y.mergeUpdates(history);
      expect('sv' in inspectUpdate(merged)).toBe(true);
      // Leaving out one change: accepted iff Yjs would leave nothing pending.
      const partial = Y.mergeUpdates(history.filter((_, i) => i !== cut % history.length));
      const accepted = 'sv' in inspectUpdate(partial);
      expect(accepted).toBe(!pendingAfterApply(partial));
      seen[accepted ? 'accepted' : 'refused']++;
    }),
    { numRuns: 300 },
  );
  // Both outcomes were exercised.
  expect(seen.accepted).toBeGreaterThan(10);
  expect(seen.refused).toBeGreaterThan(10);
});

it('refuses what does not decode', () => {
  expect(inspectUpdate(new Uint8Array([1, 2, 3, 250]))).toEqual({ problem: expect.stringMatching(/decoded|depends/) });
  expect(inspectUpdate(new Uint8Array([0, 0]))).toEqual({ sv: new Uint8Array([0]) });
});
