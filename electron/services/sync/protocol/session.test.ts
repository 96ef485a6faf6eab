/**
 * Sync sessions over NoiseSecretStreams on real TCP sockets, between real LevelDB stores.
 */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PART_BYTES } from './constants';
import { createCursorBook } from './cursorBook';
import { openSyncSession } from './session';
import {
  closeDevices, connectPair, docIds, edit, eraseAt, expectConverged, link, openDevice, typeAt, type Device,
} from './protocolTest.testkit';

const devices: Device[] = [];
afterEach(async () => {
  await closeDevices(devices.splice(0));
});

async function two(kind: 'level' | 'memory' = 'level'): Promise<[Device, Device]> {
  const a = await openDevice('laptop', ['laptop', 'desktop'], kind);
  const b = await openDevice('desktop', ['laptop', 'desktop'], kind);
  devices.push(a, b);
  return [a, b];
}

/** Counts the log entries a device lists (its outbound listings are the only reader of its log during a session). */
function countListed(d: Device): { entries: number } {
  const counter = { entries: 0 };
  const orig = d.store.changesSince.bind(d.store);
  d.store.changesSince = async (since, limit) => {
    const r = await orig(since, limit);
    counter.entries += r.changes.length;
    return r;
  };
  return counter;
}

describe('sync session', () => {
  it('edits on both sides become byte-identical docs; new docs arrive', async () => {
    const [a, b] = await two();
    await edit(a.store, 'page-1', typeAt('hello from the laptop'));
    await edit(b.store, 'page-1', typeAt('hello from the desktop'));
    await edit(a.store, 'page-only-a', typeAt('only on a'));
    await edit(b.store, 'page-only-b', typeAt('only on b'));
    await edit(a.store, 'page-1', eraseAt(0, 5));
    const l = await link(a, b);
    await l.upToDate();
    expect(await expectConverged([a.store, b.store])).toBe(3);
    expect(await docIds(b.store)).toEqual(['page-1', 'page-only-a', 'page-only-b']);
    expect(l.sa.deviceId).toBe('desktop');
    expect(l.sb.deviceId).toBe('laptop');
    expect(a.trust.accepted[0]).toEqual({ from: 'desktop', entries: 2 });
    const [ea, eb] = await l.close();
    expect(ea.reason).toBe('shutting_down');
    expect(['shutting_down', 'closed']).toContain(eb.reason);
  });

  it('1,000 offline edits on each side over overlapping pages converge', async () => {
    const [a, b] = await two();
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const pages = new Set<string>();
    for (const d of [a, b]) {
      for (let i = 0; i < 1000; i++) {
        const page = `page-${rnd(40)}`;
        pages.add(page);
        const op = rnd(10);
        await edit(d.store, page, op < 7 ? typeAt(`${d.name}${i} `, rnd(200)) : eraseAt(rnd(200), 1 + rnd(6)), 1000 + i + (d === a ? 0 : 100_000));
      }
    }
    const l = await link(a, b);
    await l.upToDate();
    expect(await expectConverged([a.store, b.store])).toBe(pages.size);
    expect(pages.size).toBeGreaterThan(30);
    await l.close();
  }, 60_000);

  it('a doc larger than one part travels in parts', async () => {
    const [a, b] = await two();
    const big = 'x'.repeat(Math.ceil(MAX_PART_BYTES * 2.5));
    await edit(a.store, 'page-big', typeAt(big));
    const l = await link(a, b);
    await l.upToDate();
    await expectConverged([a.store, b.store]);
    expect((await b.store.getUpdate('page-big'))!.byteLength).toBeGreaterThan(MAX_PART_BYTES * 2);
    await l.close();
  });

  it('a second session lists only the docs changed since; a new log id means a full listing', async () => {
    const [a, b] = await two();
    for (let i = 0; i < 50; i++) await edit(a.store, `page-${i}`, typeAt(`page ${i}`));
    let l = await link(a, b);
    await l.upToDate();
    await l.close();
    // Edits on 3 docs while apart.
    for (const i of [3, 7, 11]) await edit(a.store, `page-${i}`, typeAt(' more'));
    const listedByA = countListed(a);
    l = await link(a, b);
    await l.upToDate();
    // a's listing to b: exactly the 3 changed docs.
    expect(listedByA.entries).toBe(3);
    await expectConverged([a.store, b.store]);
    await l.close();
    // A cursor into another log (a's log rebuilt: here, b's cursor rewritten to a foreign log id).
    await b.store.space('sync').batch([{ type: 'put', key: 'cursor/laptop', value: new TextEncoder().encode(JSON.stringify({ logId: 'f'.repeat(32), seq: 10 })) }]);
    listedByA.entries = 0;
    l = await link(a, b);
    await l.upToDate();
    expect(listedByA.entries).toBe(50);
    await l.close();
  });

  it('live: an edit on one side is in the other store within a second', async () => {
    const [a, b] = await two();
    await edit(a.store, 'page-live', typeAt('start'));
    const l = await link(a, b);
    await l.upToDate();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const arrived = new Promise<number>((resolve) => {
        const off = b.store.onChange((changes) => {
          if (changes.some((c) => c.docId === 'page-live' && c.origin === 'peer:laptop')) {
            off();
            resolve(performance.now());
          }
        });
      });
      const t0 = performance.now();
      await edit(a.store, 'page-live', typeAt(` edit ${i}`));
      times.push((await arrived) - t0);
      // Quiet again before the next edit, so each one takes the debounced path, not an echo's.
      await l.upToDate();
    }
    await l.upToDate();
    await expectConverged([a.store, b.store]);
    expect(Math.max(...times)).toBeLessThan(1000);
    // And back the other way.
    await edit(b.store, 'page-live', eraseAt(0, 5));
    await l.upToDate();
    await expectConverged([a.store, b.store]);
    console.log(`live latency ms: ${times.map((t) => t.toFixed(1)).join(', ')}`);
    await l.close();
  });

  it('an unadmitted peer receives no app data and hears bye(not_member)', async () => {
    const a = await openDevice('laptop', ['laptop'], 'memory');
    const b = await openDevice('stranger', ['laptop', 'stranger'], 'memory');
    devices.push(a, b);
    await edit(a.store, 'page-secret', typeAt('secret'));
    const pair = await connectPair();
    // Count every protomux frame b receives after the channel opens, by message type.
    const l = await link(a, b, { pair });
    const [ea, eb] = await l.ended();
    expect(ea.reason).toBe('not_member');
    expect(eb.reason).toBe('not_member');
    expect(await docIds(b.store)).toEqual([]);
    expect(a.logs.join('\n')).toMatch(/stranger is not a member/);
    expect(b.trust.accepted).toEqual([]);
  });

  it('membership: resent when it grows; peer removed → bye(removed); self removed → ends; invalid → protocol_error', async () => {
    const [a, b] = await two('memory');
    let l = await link(a, b);
    await l.upToDate();
    const before = b.trust.accepted.length;
    const grew = new Promise<void>((resolve) => {
      const orig = b.trust.acceptMembership.bind(b.trust);
      b.trust.acceptMembership = async (entries, from) => {
        const v = await orig(entries, from);
        resolve();
        return v;
      };
    });
    a.trust.members.add('tablet');
    a.trust.membershipChanged();
    await grew;
    expect(b.trust.accepted.length).toBe(before + 1);
    expect(b.trust.accepted.at(-1)).toEqual({ from: 'laptop', entries: 3 });
    await l.close();

    a.trust.verdict = { kind: 'peer_removed' };
    l = await link(a, b);
    let [ea, eb] = await l.ended();
    expect(ea.reason).toBe('removed');
    expect(eb.reason).toBe('removed');

    a.trust.verdict = { kind: 'self_removed', byName: 'Desktop', at: 1 };
    l = await link(a, b);
    [ea] = await l.ended();
    expect(ea).toMatchObject({ reason: 'removed' });
    expect(ea.detail).toMatch(/removed by Desktop/);

    a.trust.verdict = { kind: 'invalid', reason: 'bad signature on entry 2' };
    l = await link(a, b);
    [ea, eb] = await l.ended();
    expect(ea.reason).toBe('protocol_error');
    expect(eb.reason).toBe('protocol_error');
    expect(a.logs.join('\n')).toMatch(/device desktop: membership entries refused: bad signature on entry 2/);
  });

  it('progress: catching up first, up to date only once the other store holds everything', async () => {
    const [a, b] = await two('memory');
    for (let i = 0; i < 20; i++) await edit(a.store, `page-${i}`, typeAt(`text ${i}`));
    const seen: string[] = [];
    const checks: Array<Promise<number>> = [];
    // Each time a side says "up to date", the other store must already hold all 20 docs.
    const l = await link(a, b, {
      onProgress: (side, p) => {
        if (side === 'a') seen.push(p.phase);
        if (p.upToDate) checks.push(docIds((side === 'a' ? b : a).store).then((ids) => ids.length));
      },
    });
    await l.upToDate();
    expect(await Promise.all(checks)).toEqual(checks.map(() => 20));
    expect(checks.length).toBeGreaterThanOrEqual(2);
    expect(l.progress.a).toEqual({ phase: 'up_to_date', pending: 0, upToDate: true });
    expect(seen[0]).not.toBe('up_to_date');
    await l.close();
  });

  it('cursors lost: a full listing moves only docs that differ, deletions included', async () => {
    const [a, b] = await two();
    for (let i = 0; i < 30; i++) await edit(a.store, `page-${i}`, typeAt(`hello world ${i}`));
    await edit(b.store, 'page-0', typeAt(' and more', 5));
    await edit(a.store, 'page-1', eraseAt(0, 3));
    let l = await link(a, b);
    await l.upToDate();
    await l.close();
    const received = { a: 0, b: 0 };
    for (const [d, k] of [[a, 'a'], [b, 'b']] as const) {
      d.store.onChange((changes) => (received[k] += changes.filter((c) => c.origin?.startsWith('peer:')).length));
    }
    // Nothing changed, cursors lost on both sides: full listings, and nothing needs to move.
    await a.store.space('sync').clear();
    await b.store.space('sync').clear();
    l = await link(a, b);
    await l.upToDate();
    await l.close();
    expect(received).toEqual({ a: 0, b: 0 });
    // A deletion alone (no new clock) while apart, then cursors lost: it must still arrive.
    await edit(a.store, 'page-2', eraseAt(0, 6));
    await edit(b.store, 'page-3', eraseAt(2, 4));
    await a.store.space('sync').clear();
    await b.store.space('sync').clear();
    l = await link(a, b);
    await l.upToDate();
    await l.close();
    await expectConverged([a.store, b.store]);
    expect(received.b).toBeGreaterThanOrEqual(1);
    expect(received.a).toBeGreaterThanOrEqual(1);
  });

  it('a first sync of thousands of docs is pipelined, with at most two wants of docs in flight', async () => {
    const [a, b] = await two('memory');
    const seeds: Array<Promise<unknown>> = [];
    for (let i = 0; i < 4500; i++) {
      const doc = new Y.Doc();
      doc.getText('body').insert(0, `page ${i} `.repeat(20));
      seeds.push(a.store.applyUpdate(`page-${i}`, Y.encodeStateAsUpdate(doc)));
    }
    await Promise.all(seeds);
    // b's store is made slower than a's diffs (one apply at a time, each ≥ 1 ms), so without flow
    // control every one of the 4,500 updates would be waiting at once.
    let inFlight = 0;
    let maxInFlight = 0;
    let queue: Promise<unknown> = Promise.resolve();
    const apply = b.store.applyUpdate.bind(b.store);
    b.store.applyUpdate = (docId, update, origin) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      const run = queue.then(async () => {
        await new Promise((r) => setTimeout(r, 1));
        return apply(docId, update, origin);
      });
      queue = run.catch(() => undefined);
      return run.finally(() => inFlight--);
    };
    const l = await link(a, b);
    await l.upToDate(60_000);
    expect(await docIds(b.store)).toHaveLength(4500);
    // Not one doc at a time (that would be 4,500 round trips)…
    expect(maxInFlight).toBeGreaterThan(50);
    // …and never more than two wants' worth waiting for the store.
    expect(maxInFlight).toBeLessThanOrEqual(2 * 2000);
    console.log(`first sync of 4,500 docs: at most ${maxInFlight} updates waiting for the store`);
    await l.close();
  }, 60_000);

  it('a second session on the same stream ends as duplicate and leaves the first running', async () => {
    const [a, b] = await two('memory');
    await edit(a.store, 'page-1', typeAt('one'));
    const l = await link(a, b);
    await l.upToDate();
    const dup = openSyncSession({ stream: l.pair.a, store: a.store, cursors: createCursorBook(a.store.space('sync')), trust: a.trust });
    expect((await dup.ended).reason).toBe('duplicate');
    await edit(a.store, 'page-1', typeAt(' two'));
    await l.upToDate();
    await expectConverged([a.store, b.store]);
    await l.close();
  });
});
