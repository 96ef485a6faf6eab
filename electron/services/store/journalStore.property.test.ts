/**
 * Property: whatever the interleaving of edits from several writers to several docs, concurrent
 * sends (group commits), restarts and follower catch-ups, (1) a follower that catches up with
 * changesSince from its cursor always ends at every doc's current seq, (2) the store's docs equal
 * a reference merge of every update sent, and (3) the layout agrees with itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkInvariants, openLevelHarness, openMemoryHarness, type OpenHarness, type StoreHarness } from './storeTest.testkit';

const DOCS = ['d0', 'd1', 'd2', 'd3'];
const WRITERS = 3;

type Action =
  | { t: 'edit'; w: number; d: number; pos: number; text: string; del: number }
  | { t: 'send'; pairs: Array<[number, number]> }
  | { t: 'pull'; w: number; d: number }
  | { t: 'follow'; limit: number }
  | { t: 'reopen' };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('edit' as const), w: fc.nat(WRITERS - 1), d: fc.nat(DOCS.length - 1), pos: fc.nat(50), text: fc.string({ minLength: 1, maxLength: 6 }), del: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('send' as const), pairs: fc.uniqueArray(fc.tuple(fc.nat(WRITERS - 1), fc.nat(DOCS.length - 1)), { minLength: 1, maxLength: 6, selector: ([w, d]) => `${w}/${d}` }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('pull' as const), w: fc.nat(WRITERS - 1), d: fc.nat(DOCS.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('follow' as const), limit: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'reopen' as const }) },
);

interface Replica {
  doc: Y.Doc;
  outbox: Uint8Array[];
}

async function run(open: OpenHarness, actions: Action[]): Promise<void> {
  const h: StoreHarness = await open({ compactRecords: 5 });
  try {
    const replicas: Replica[][] = Array.from({ length: WRITERS }, (_, w) =>
      DOCS.map(() => {
        const doc = new Y.Doc();
        doc.clientID = 1000 + w;
        const r: Replica = { doc, outbox: [] };
        doc.on('update', (u: Uint8Array, origin: unknown) => {
          if (origin !== 'pull') r.outbox.push(u);
        });
        return r;
      }),
    );
    const reference = DOCS.map(() => new Y.Doc());
    const follower = { cursor: 0, seen: new Map<string, number>(), logId: h.store.logId };

    const follow = async (limit: number): Promise<void> => {
      for (;;) {
        const page = await h.store.changesSince(follower.cursor, limit);
        expect(page.logId).toBe(follower.logId);
        for (const c of page.changes) {
          expect(c.seq).toBeGreaterThan(follower.cursor);
          follower.seen.set(c.docId, c.seq);
        }
        follower.cursor = page.more ? (page.changes.at(-1)?.seq ?? follower.cursor) : page.head;
        if (!page.more) break;
      }
      for (const id of DOCS) expect(follower.seen.get(id) ?? 0).toBe(await h.store.seqOf(id));
    };

    const send = async (pairs: Array<[number, number]>): Promise<void> => {
      // Each writer's updates in order (the link is ordered), different pairs concurrently.
      await Promise.all(
        pairs.map(async ([w, d]) => {
          const r = (replicas[w] as Replica[])[d] as Replica;
          while (r.outbox.length > 0) {
            const u = r.outbox[0] as Uint8Array;
            await h.store.applyUpdate(DOCS[d] as string, u, `w${w}`);
            Y.applyUpdate(reference[d] as Y.Doc, u);
            r.outbox.shift();
          }
        }),
      );
    };

    for (const a of actions) {
      if (a.t === 'edit') {
        const text = ((replicas[a.w] as Replica[])[a.d] as Replica).doc.getText('body');
        const pos = Math.min(a.pos, text.length);
        text.insert(pos, a.text);
        if (a.del > 0 && text.length > pos + a.text.length) text.delete(pos + a.text.length, Math.min(a.del, text.length - pos - a.text.length));
      } else if (a.t === 'send') await send(a.pairs);
      else if (a.t === 'pull') {
        const r = (replicas[a.w] as Replica[])[a.d] as Replica;
        Y.applyUpdate(r.doc, await h.store.diff(DOCS[a.d] as string, Y.encodeStateVector(r.doc)), 'pull');
      } else if (a.t === 'follow') await follow(a.limit);
      else {
        await h.reopen();
        expect(h.store.logId).toBe(follower.logId);
      }
    }
    await send(replicas.flatMap((_, w) => DOCS.map((__, d) => [w, d] as [number, number])));
    await follow(3);
    for (const [d, id] of DOCS.entries()) {
      const stored = await h.store.getUpdate(id);
      const ref = reference[d] as Y.Doc;
      const doc = new Y.Doc();
      if (stored) Y.applyUpdate(doc, stored);
      expect(doc.getText('body').toString()).toBe(ref.getText('body').toString());
      expect(Array.from(await h.store.stateVector(id))).toEqual(stored ? Array.from(Y.encodeStateVector(ref)) : [0]);
    }
    await checkInvariants(h.backend);
  } finally {
    await h.cleanup();
  }
}

describe('store properties under random interleavings', () => {
  it('memory backend', { timeout: 120_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 60 }), (actions) => run(openMemoryHarness, actions)), { numRuns: 150 });
  });

  it('LevelDB backend', { timeout: 120_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 40 }), (actions) => run(openLevelHarness, actions)), { numRuns: 25 });
  });
});
