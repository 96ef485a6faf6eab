import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deletePage } from '../../../shared/domain/trash';
import { TRASH_KEEP_MS, trashStateOf } from '../../../shared/domain/trashState';
import { pagesMap } from '../../../shared/domain/workspace';
import { openLevelHarness, type StoreHarness } from '../store/storeTest.testkit';
import { PURGE_INTERVAL_MS, startTrashPurger } from './trashPurger';
import { editWorkspace, pageText, readWorkspace, seedTrashJournal } from './trash.testkit';

const T0 = Date.UTC(2026, 0, 10, 12);
let h: StoreHarness;
beforeEach(async () => {
  h = await openLevelHarness();
});
afterEach(async () => {
  await h.cleanup();
});

/** A timer the test fires by hand (no sleeps), and a clock it sets. */
function fakeTime(start: number) {
  let now = start;
  const timers = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  return {
    now: () => now,
    set: (t: number) => (now = t),
    setInterval: (fn: () => void, ms: number) => (timers.set(next, { fn, ms }), next++),
    clearInterval: (id: unknown) => timers.delete(id as number),
    fire: () => timers.forEach((t) => t.fn()),
    timers,
  };
}

describe('trash purger', () => {
  it('purges at start and then on each hourly tick, by the injected clock; close stops the timer', async () => {
    const { notes } = await seedTrashJournal(h.store, 2);
    await editWorkspace(h.store, (ws) => {
      deletePage(ws, notes[0]!, T0);
      deletePage(ws, notes[1]!, T0 + 5 * 60 * 60 * 1000);
    });
    const time = fakeTime(T0 + TRASH_KEEP_MS);
    const lines: string[] = [];
    const purger = startTrashPurger({ store: h.store, now: time.now, setInterval: time.setInterval, clearInterval: time.clearInterval, log: (l) => lines.push(l) });
    expect([...time.timers.values()].map((t) => t.ms)).toEqual([PURGE_INTERVAL_MS]);
    // The start-up pass (already running: runNow joins it) purges the first note only.
    expect((await purger.runNow()).purged).toEqual([notes[0]]);
    expect(await stateIs(notes[0]!, 'purged')).toBe(true);
    expect(await stateIs(notes[1]!, 'trashed')).toBe(true);
    // An hour later: not yet (5 h to go). Five hours later: purged.
    time.set(T0 + TRASH_KEEP_MS + PURGE_INTERVAL_MS);
    time.fire();
    await purger.runNow();
    expect(await stateIs(notes[1]!, 'trashed')).toBe(true);
    time.set(T0 + TRASH_KEEP_MS + 5 * PURGE_INTERVAL_MS);
    time.fire();
    expect((await purger.runNow()).purged).toEqual([notes[1]]);
    expect(await stateIs(notes[1]!, 'purged')).toBe(true);
    expect(await pageText(h.store, notes[1]!)).toBe('');
    await purger.close();
    expect(time.timers.size).toBe(0);
    expect((await purger.runNow()).cancelled).toBe(true);
    expect(lines.some((l) => l.startsWith('Trash: purged 1'))).toBe(true);
  });

  it('logs a failure and tries again on the next tick', async () => {
    const time = fakeTime(T0);
    const lines: string[] = [];
    let fail = true;
    const flaky = Object.assign(Object.create(h.store) as typeof h.store, {
      getUpdate: (id: string) => (fail ? Promise.reject(new Error('disk went away')) : h.store.getUpdate(id)),
    });
    const purger = startTrashPurger({ store: flaky, now: time.now, setInterval: time.setInterval, clearInterval: time.clearInterval, log: (l) => lines.push(l) });
    await purger.runNow().catch(() => undefined);
    await waitFor(() => lines.length > 0);
    expect(lines[0]).toMatch(/purging failed, trying again in an hour: disk went away/);
    fail = false;
    time.fire();
    await expect(purger.runNow()).resolves.toMatchObject({ cancelled: false });
    await purger.close();
  });
});

async function stateIs(id: string, state: string): Promise<boolean> {
  const ws = await readWorkspace(h.store);
  const s = trashStateOf(pagesMap(ws).get(id)).state;
  ws.destroy();
  return s === state;
}

async function waitFor(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}
