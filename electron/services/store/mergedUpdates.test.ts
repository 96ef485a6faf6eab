import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openMemoryStore } from './index';
import type { JournalStore } from './types';

/**
 * The store keeps large docs' merged update by version (mergedUpdates.ts). Whatever the order of
 * writes, reads and diffs, a window that applies `diff(its state vector)` must end with exactly
 * the store's doc — deletions made by others included — as with no cache at all.
 */
const DOC = 'kindred-workspace';

type Op =
  | { kind: 'insert'; writer: number; at: number; text: string }
  | { kind: 'delete'; writer: number; at: number; len: number }
  | { kind: 'sync'; window: number }
  | { kind: 'read' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), writer: fc.nat(2), at: fc.nat(200), text: fc.string({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('delete' as const), writer: fc.nat(2), at: fc.nat(200), len: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('sync' as const), window: fc.nat(1) }),
  fc.record({ kind: fc.constant('read' as const) }),
);

async function push(store: JournalStore, doc: Y.Doc, edit: () => void): Promise<void> {
  const sv = Y.encodeStateVector(doc);
  edit();
  await store.applyUpdate(DOC, Y.encodeStateAsUpdate(doc, sv), 'test');
}

async function catchUp(store: JournalStore, doc: Y.Doc): Promise<void> {
  Y.applyUpdate(doc, await store.diff(DOC, Y.encodeStateVector(doc)));
}

function same(a: Y.Doc, b: Y.Doc): boolean {
  return (
    a.getText('t').toString() === b.getText('t').toString() &&
    Y.equalDeleteSets(Y.createDeleteSetFromStructStore(a.store), Y.createDeleteSetFromStructStore(b.store))
  );
}

describe('merged updates kept by version', () => {
  it('a window that catches up with diff() always ends with the store’s doc (random writes, deletes, reads)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 40 }), async (ops) => {
        // Every doc counts as large here, and every few records are merged on read.
        const store = await openMemoryStore({ mergedCacheBytes: 1, compactRecords: 1_000, compactBytes: 1 << 30 });
        const writers = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
        const windows = [new Y.Doc(), new Y.Doc()];
        try {
          for (const op of ops) {
            if (op.kind === 'insert' || op.kind === 'delete') {
              const w = writers[op.writer]!;
              await catchUp(store, w);
              const t = w.getText('t');
              if (op.kind === 'insert') await push(store, w, () => t.insert(Math.min(op.at, t.length), op.text));
              else if (t.length > 0) {
                const at = Math.min(op.at, t.length - 1);
                await push(store, w, () => t.delete(at, Math.min(op.len, t.length - at)));
              }
            } else if (op.kind === 'sync') {
              await catchUp(store, windows[op.window]!);
            } else {
              await store.getUpdate(DOC);
            }
          }
          const truth = new Y.Doc();
          const stored = await store.getUpdate(DOC);
          if (stored) Y.applyUpdate(truth, stored);
          for (const w of windows) {
            await catchUp(store, w);
            expect(same(w, truth)).toBe(true);
            // Asking again with a current state vector changes nothing.
            await catchUp(store, w);
            expect(same(w, truth)).toBe(true);
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a window with every struct still gets a deletion made after its last read', async () => {
    const store = await openMemoryStore({ mergedCacheBytes: 1 });
    const writer = new Y.Doc();
    await push(store, writer, () => writer.getText('t').insert(0, 'hello world'));
    await push(store, writer, () => writer.getText('t').insert(11, '!'));
    const window = new Y.Doc();
    await catchUp(store, window);
    await catchUp(store, window); // the covered diff is now kept for this version
    await push(store, writer, () => writer.getText('t').delete(0, 6)); // a delete: no new clock
    await catchUp(store, window);
    expect(window.getText('t').toString()).toBe('world!');
    await store.close();
  });
});
