import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initWorkspace, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { readBackup } from '../backup';
import { openLevelStore } from '../store';
import type { JournalStore } from '../store/types';
import {
  autoBackupView,
  DAY_MS,
  defaultBackupsDir,
  readAutoBackupStatus,
  scheduleAutoBackup,
  writeAutoBackupSettings,
  type AutoBackupScheduler,
  type Timers,
} from './autoBackupSchedule';

/**
 * The daily backup's schedule with an injected clock and timers (so a day passes in a line),
 * over a real LevelDB store and real files in a temp folder.
 */
interface FakeTimers extends Timers {
  /** Runs the pending timer (there is at most one), as if its delay had passed. */
  fire(): void;
  pendingDelay(): number | null;
}

function fakeTimers(): FakeTimers {
  let pending: { fn: () => void; ms: number; id: number } | null = null;
  let next = 0;
  return {
    setTimeout(fn, ms) {
      pending = { fn, ms, id: ++next };
      return pending.id;
    },
    clearTimeout(id) {
      if (pending?.id === id) pending = null;
    },
    fire() {
      const p = pending;
      pending = null;
      if (!p) throw new Error('no timer pending');
      p.fn();
    },
    pendingDelay: () => pending?.ms ?? null,
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function journal(): Promise<{ store: JournalStore; dir: string; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'kindred-auto-'));
  const store = await openLevelStore(join(root, 'journal'));
  cleanups.push(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });
  const ws = new Y.Doc();
  const pending: Promise<unknown>[] = [];
  ws.on('update', (u: Uint8Array) => pending.push(store.applyUpdate(WORKSPACE_DOC_ID, u, 'test')));
  initWorkspace(ws);
  await Promise.all(pending);
  return { store, dir: defaultBackupsDir(join(root, 'journal')), root };
}

/** Waits until the scheduler's check (started by a timer) has finished: it re-arms the timer. */
async function settle(s: AutoBackupScheduler): Promise<void> {
  await s.check();
}

describe('the daily backup schedule', () => {
  it('does nothing while off; once on: backs up at start when overdue, then once every 24 h, keeping the newest N', async () => {
    const { store, dir } = await journal();
    const clock = { t: new Date(2026, 10, 30, 9, 12).getTime() };
    const timers = fakeTimers();
    const s = scheduleAutoBackup({ store, dir, now: () => clock.t, timers, startDelayMs: 5_000, checkEveryMs: 60 * 60_000 });
    cleanups.push(() => s.stop());
    expect(timers.pendingDelay()).toBe(5_000);

    // Off (the default): the start-up check writes nothing.
    timers.fire();
    await settle(s);
    expect(existsSync(dir)).toBe(false);
    expect(timers.pendingDelay()).toBe(60 * 60_000);

    await writeAutoBackupSettings(store, { enabled: true, keep: 2 });
    timers.fire();
    await settle(s);
    expect(await readdir(dir)).toEqual(['kindred-backup-2026-11-30.kindred-backup']);
    expect((await readBackup(join(dir, 'kindred-backup-2026-11-30.kindred-backup'))).docs.map((d) => d.id)).toEqual([WORKSPACE_DOC_ID]);
    expect(await autoBackupView(store, dir)).toMatchObject({
      enabled: true,
      keep: 2,
      folder: dir,
      last: { at: clock.t, file: join(dir, 'kindred-backup-2026-11-30.kindred-backup') },
      kept: 1,
      error: null,
    });

    // An hour later, and 23 h after the backup: not due.
    for (const laterHours of [1, 22]) {
      clock.t += laterHours * 60 * 60_000;
      timers.fire();
      await settle(s);
      expect(await readdir(dir)).toHaveLength(1);
    }
    // A day after the last one: the next day's file.
    clock.t = new Date(2026, 11, 1, 9, 12).getTime();
    timers.fire();
    await settle(s);
    expect((await readdir(dir)).sort()).toEqual(['kindred-backup-2026-11-30.kindred-backup', 'kindred-backup-2026-12-01.kindred-backup']);
    // Two days on: three written, the oldest removed (keep 2); the user's own files stay.
    await writeFile(join(dir, 'my notes.txt'), 'mine');
    clock.t += DAY_MS;
    timers.fire();
    await settle(s);
    expect((await readdir(dir)).sort()).toEqual(['kindred-backup-2026-12-01.kindred-backup', 'kindred-backup-2026-12-02.kindred-backup', 'my notes.txt']);
    expect((await autoBackupView(store, dir)).kept).toBe(2);
  });

  it('at start, a backup made less than 24 h ago is not repeated', async () => {
    const { store, dir } = await journal();
    const clock = { t: new Date(2026, 10, 30, 22, 0).getTime() };
    await writeAutoBackupSettings(store, { enabled: true });
    const first = scheduleAutoBackup({ store, dir, now: () => clock.t, timers: fakeTimers() });
    await first.check();
    await first.stop();
    expect(await readdir(dir)).toHaveLength(1);
    // Restarted 3 h later (past midnight: a new local date, but not a day since the last one).
    clock.t += 3 * 60 * 60_000;
    const timers = fakeTimers();
    const again = scheduleAutoBackup({ store, dir, now: () => clock.t, timers });
    cleanups.push(() => again.stop());
    timers.fire();
    await settle(again);
    expect(await readdir(dir)).toHaveLength(1);
  });

  it('a failing backup is reported in plain words and retried at the next check', async () => {
    const { store, root } = await journal();
    const dir = join(root, 'not-a-folder');
    await writeFile(dir, 'a file where the folder should be');
    const clock = { t: Date.UTC(2026, 10, 30, 9) };
    await writeAutoBackupSettings(store, { enabled: true });
    const s = scheduleAutoBackup({ store, dir, now: () => clock.t, timers: fakeTimers() });
    cleanups.push(() => s.stop());
    await s.check();
    const status = await readAutoBackupStatus(store);
    expect(status.lastAt).toBeNull();
    expect(status.error).toMatch(/Something with that name is already there|not a folder|Something went wrong/);
    expect((await autoBackupView(store, dir)).error).toBe(status.error);
    // Fixed: the next check backs up and clears the error.
    await rm(dir);
    await s.check();
    expect(await readAutoBackupStatus(store)).toMatchObject({ lastAt: clock.t, error: null });
  });

  it('stopping cancels a backup in progress and leaves no file behind', async () => {
    const { store, dir } = await journal();
    await writeAutoBackupSettings(store, { enabled: true });
    const s = scheduleAutoBackup({ store, dir, timers: fakeTimers() });
    const running = s.check();
    await s.stop();
    await running;
    const files = existsSync(dir) ? await readdir(dir) : [];
    // Either it finished before the stop (one whole file) or it left nothing: never a partial.
    expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(files.length).toBeLessThanOrEqual(1);
  });
});
