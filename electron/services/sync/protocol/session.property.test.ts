/**
 * Three devices, random edits, new docs, partitions (sessions closed), heals (sessions opened)
 * and restarts (a LevelDB store closed and reopened; a memory store reopened with its cursors
 * lost), in any order and timing. After a final heal of every pair, all stores converge and every
 * edit ever applied is present. Runs: KINDRED_PROPERTY_RUNS (default 100).
 */
import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { closeDevices, edit, expectConverged, link, openDevice, type Device, type Link } from './protocolTest.testkit';

const RUNS = Number(process.env.KINDRED_PROPERTY_RUNS ?? 100);
const NAMES = ['laptop', 'desktop', 'tablet'];
const PAIRS: Array<[number, number]> = [[0, 1], [1, 2], [0, 2]];

type Op =
  | { kind: 'edit'; device: number; page: number; at: number; erase: number }
  | { kind: 'heal'; pair: number }
  | { kind: 'partition'; pair: number }
  | { kind: 'restart'; device: number }
  | { kind: 'settle' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('edit' as const), device: fc.nat(2), page: fc.nat(7), at: fc.nat(40), erase: fc.nat(4) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('heal' as const), pair: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('partition' as const), pair: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), device: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('settle' as const) }) },
);

async function scenario(ops: Op[]): Promise<void> {
  // Device 0 on LevelDB (restart = close and reopen the folder); 1 and 2 in memory (restart =
  // reopen with the cursors lost, which forces full listings).
  const devices = [
    await openDevice(NAMES[0]!, NAMES, 'level'),
    await openDevice(NAMES[1]!, NAMES, 'memory'),
    await openDevice(NAMES[2]!, NAMES, 'memory'),
  ];
  const links: Array<Link | null> = [null, null, null];
  const tokens = new Map<string, Set<string>>();
  let counter = 0;
  const closeLink = async (i: number): Promise<void> => {
    const l = links[i];
    links[i] = null;
    if (l) await l.close();
  };
  const heal = async (i: number): Promise<void> => {
    if (links[i]) return;
    const [x, y] = PAIRS[i]!;
    links[i] = await link(devices[x]!, devices[y]!, { liveDebounceMs: 5 });
  };
  try {
    for (const o of ops) {
      switch (o.kind) {
        case 'edit': {
          const d = devices[o.device]!;
          const docId = `page-${o.page}`;
          const token = `${d.name}-${counter++}`;
          let inserted = false;
          // An insert puts a token into an array nobody deletes from (the "every edit is present"
          // check) and into the text; an erase only deletes text, which moves no state vector.
          await edit(d.store, docId, (doc) => {
            const t = doc.getText('body');
            if (o.erase > 0 && t.length > 0) {
              const from = Math.min(o.at, t.length - 1);
              t.delete(from, Math.min(o.erase, t.length - from));
            } else {
              doc.getArray<string>('log').push([token]);
              t.insert(Math.min(o.at, t.length), `${token} `);
              inserted = true;
            }
          }, 1 + counter * 3 + o.device);
          if (inserted) {
            if (!tokens.has(docId)) tokens.set(docId, new Set());
            tokens.get(docId)!.add(token);
          }
          break;
        }
        case 'heal':
          await heal(o.pair);
          break;
        case 'partition':
          await closeLink(o.pair);
          break;
        case 'restart': {
          for (const [i, [x, y]] of PAIRS.entries()) if (x === o.device || y === o.device) await closeLink(i);
          const d = devices[o.device]!;
          await d.h.reopen();
          if (o.device > 0) await d.store.space('sync').clear();
          break;
        }
        case 'settle':
          await Promise.all(links.map((l) => l?.upToDate()));
          break;
      }
    }
    for (let i = 0; i < PAIRS.length; i++) await heal(i);
    // Quiet means every link up to date at the same moment (a relay through one pair can wake another).
    for (;;) {
      await Promise.all(links.map((l) => l!.upToDate()));
      if (links.every((l) => l!.progress.a?.upToDate && l!.progress.b?.upToDate)) break;
    }
    await expectConverged(devices.map((d) => d.store));
    for (const [docId, expected] of tokens) {
      const u = await devices[0]!.store.getUpdate(docId);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, u!);
      const present = new Set(doc.getArray<string>('log').toArray());
      doc.destroy();
      for (const t of expected) expect(present.has(t), `${t} missing from ${docId}`).toBe(true);
    }
  } finally {
    for (let i = 0; i < links.length; i++) await closeLink(i);
    await closeDevices(devices as Device[]);
  }
}

describe('three devices, partitions, heals and restarts', () => {
  it(`converge with every edit present (${RUNS} runs)`, async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), scenario), { numRuns: RUNS });
  }, 120_000);
});
