/**
 * The duplicate rule: both ends of a pair of devices must end up keeping the *same* stream,
 * whatever order the duplicates open in at each end. Real NoiseSecretStreams (in-memory raw
 * pairs, as secret-stream documents), two real tables; fast-check drives the orders.
 */
import NoiseSecretStream from '@hyperswarm/secret-stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PeerStream } from '../types';
import { chooseBetween, createConnectionTable, type ConnectionTable } from './connectionTable';
import { makeKeyPair, waitFor } from './transportTest.testkit';

type Side = 'a' | 'b';

async function noisePair(initiator: ReturnType<typeof makeKeyPair>, responder: ReturnType<typeof makeKeyPair>) {
  const i = new NoiseSecretStream(true, null, { keyPair: initiator });
  const r = new NoiseSecretStream(false, null, { keyPair: responder });
  i.rawStream.pipe(r.rawStream).pipe(i.rawStream);
  i.on('error', () => {});
  r.on('error', () => {});
  await Promise.all([i.opened, r.opened]);
  return { i: i as unknown as PeerStream, r: r as unknown as PeerStream };
}

function liveOf(table: ConnectionTable): () => PeerStream | null {
  let last: PeerStream | null = null;
  table.onLive((c) => (last = c.stream));
  return () => (last && !last.destroyed ? last : null);
}

describe('chooseBetween', () => {
  it('picks the same connection at both ends when both sides dialled', () => {
    const a = makeKeyPair();
    const b = makeKeyPair();
    // X dialled by a, Y dialled by b. At a: X is initiator; at b: Y is initiator.
    for (const [existingAtA, existingAtB] of [
      ['x', 'x'],
      ['x', 'y'],
      ['y', 'x'],
      ['y', 'y'],
    ] as const) {
      const atA = chooseBetween(a.publicKey, b.publicKey, existingAtA === 'x', existingAtA !== 'x');
      const atB = chooseBetween(b.publicKey, a.publicKey, existingAtB === 'y', existingAtB !== 'y');
      const keptAtA = atA === 'keep_existing' ? existingAtA : existingAtA === 'x' ? 'y' : 'x';
      const keptAtB = atB === 'keep_existing' ? existingAtB : existingAtB === 'x' ? 'y' : 'x';
      expect(keptAtA).toBe(keptAtB);
    }
  });
});

describe('connection table', () => {
  it('converges on one shared stream for any dialler mix and open order (property)', async () => {
    const a = makeKeyPair();
    const b = makeKeyPair();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Side>('a', 'b'), { minLength: 1, maxLength: 3 }),
        fc.infiniteStream(fc.nat()),
        async (diallers, randomness) => {
          const pairs = await Promise.all(diallers.map((d) => (d === 'a' ? noisePair(a, b) : noisePair(b, a))));
          const ends = pairs.map((p, n) => ({ a: diallers[n] === 'a' ? p.i : p.r, b: diallers[n] === 'a' ? p.r : p.i }));
          const tables = {
            a: createConnectionTable({ localKey: a.publicKey, log: () => {}, standbyMs: 40 }),
            b: createConnectionTable({ localKey: b.publicKey, log: () => {}, standbyMs: 40 }),
          };
          const live = { a: liveOf(tables.a), b: liveOf(tables.b) };
          // Every end is offered once, in a random interleaving of the two sides' open orders.
          const events = ends.flatMap((e, n) => [
            { side: 'a' as Side, n },
            { side: 'b' as Side, n },
          ]);
          const it = randomness[Symbol.iterator]();
          for (let k = events.length - 1; k > 0; k--) {
            const j = (it.next().value as number) % (k + 1);
            [events[k], events[j]] = [events[j]!, events[k]!];
          }
          // Between two opens, a destroy at one end may or may not have reached the other yet
          // (network latency): yield to the streams only sometimes.
          for (const { side, n } of events) {
            if ((it.next().value as number) % 2) await new Promise((resolve) => setImmediate(resolve));
            const stream = ends[n]![side];
            if (!stream.destroyed) tables[side].offer(stream, n % 2 ? 'lan' : 'internet');
          }
          const [la, lb] = await waitFor(() => {
            const x = live.a();
            const y = live.b();
            const shared = x && y && Buffer.from(x.handshakeHash).equals(Buffer.from(y.handshakeHash));
            const othersClosed = ends.every((e) => (e.a === x ? true : e.a.destroyed) && (e.b === y ? true : e.b.destroyed));
            return shared && othersClosed && [x, y];
          }, `one shared stream for diallers ${diallers.join(',')}`, 2000);
          expect(la.handshakeHash).toEqual(lb.handshakeHash);
          await Promise.all([tables.a.closeAll(), tables.b.closeAll()]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('destroyWhere closes the matching peer at once and reports it lost', async () => {
    const a = makeKeyPair();
    const b = makeKeyPair();
    const { i } = await noisePair(a, b);
    const table = createConnectionTable({ localKey: a.publicKey, log: () => {} });
    const lost: string[] = [];
    table.onLost((hex) => lost.push(hex));
    table.offer(i, 'lan');
    expect(table.connected(b.hex)).toBe(true);
    expect(table.destroyWhere((hex) => hex === b.hex, 'removed')).toBe(1);
    await waitFor(() => lost.length === 1, 'lost');
    expect(lost).toEqual([b.hex]);
    expect(table.connected(b.hex)).toBe(false);
  });
});
