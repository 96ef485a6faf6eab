import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AutoBackupView } from '../../../shared/host/slices/data';
import { autoBackup } from '../backup/autoBackup';
import type { JournalStore } from '../store/types';
import { failureText } from './failureText';

/**
 * The daily automatic backup: its setting, its last result and its schedule.
 *
 * The setting and the last result live in the store's local KV space `data` (never synced):
 * both hosts have the store, the store travels with the journal folder, and in the desktop app
 * the scheduler runs in the journal's own process (beside the store, so it keeps working with
 * every window closed) while Settings is answered by main — the store is the one place both can
 * reach. Scheduling: a check shortly after start, then every `checkEveryMs`; a check backs up
 * when it is on and the last backup is 24 h old or more (so: at start when it is overdue, then
 * once a day). Files are written by `autoBackup` (today's name, keeps the newest N).
 */
export const DATA_SPACE = 'data';
const SETTINGS_KEY = 'autoBackup.settings';
const STATUS_KEY = 'autoBackup.status';
export const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_KEEP = 7;
const DAILY_FILE = /^kindred-backup-\d{4}-\d{2}-\d{2}\.kindred-backup$/;

export interface AutoBackupSettings {
  enabled: boolean;
  keep: number;
}

export interface AutoBackupStatus {
  lastAt: number | null;
  file: string | null;
  error: string | null;
}

/** Daily backups go beside the journal's folder: `<journal> backups` (not inside the store). */
export function defaultBackupsDir(dataDir: string): string {
  return join(dirname(dataDir), `${basename(dataDir)} backups`);
}

const decoder = new TextDecoder();

async function readJson(store: JournalStore, key: string): Promise<Record<string, unknown>> {
  const raw = await store.space(DATA_SPACE).get(key);
  if (!raw) return {};
  try {
    const v = JSON.parse(decoder.decode(raw)) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function writeJson(store: JournalStore, key: string, value: object): Promise<void> {
  await store.space(DATA_SPACE).batch([{ type: 'put', key, value: new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8')) }]);
}

/**
 * Off until the user turns it on: a daily 50 MB file appearing on its own, on the same disk as
 * the journal, is a choice the user makes knowingly (Settings → Your data shows where).
 */
export async function readAutoBackupSettings(store: JournalStore): Promise<AutoBackupSettings> {
  const v = await readJson(store, SETTINGS_KEY);
  const keep = typeof v.keep === 'number' && Number.isInteger(v.keep) && v.keep >= 1 ? v.keep : DEFAULT_KEEP;
  return { enabled: v.enabled === true, keep };
}

export async function writeAutoBackupSettings(store: JournalStore, patch: Partial<AutoBackupSettings>): Promise<AutoBackupSettings> {
  const next = { ...(await readAutoBackupSettings(store)), ...patch };
  await writeJson(store, SETTINGS_KEY, next);
  return next;
}

export async function readAutoBackupStatus(store: JournalStore): Promise<AutoBackupStatus> {
  const v = await readJson(store, STATUS_KEY);
  return {
    lastAt: typeof v.lastAt === 'number' ? v.lastAt : null,
    file: typeof v.file === 'string' ? v.file : null,
    error: typeof v.error === 'string' ? v.error : null,
  };
}

async function dailyFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => DAILY_FILE.test(n)).sort();
  } catch {
    return [];
  }
}

/** What Settings → Your data shows. */
export async function autoBackupView(store: JournalStore, folder: string): Promise<AutoBackupView> {
  const [settings, status, files] = await Promise.all([readAutoBackupSettings(store), readAutoBackupStatus(store), dailyFiles(folder)]);
  return {
    ...settings,
    folder,
    last: status.lastAt !== null && status.file ? { at: status.lastAt, file: status.file } : null,
    kept: files.length,
    error: status.error,
  };
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AutoBackupSchedulerOptions {
  store: JournalStore;
  dir: string;
  now?: () => number;
  timers?: Timers;
  /** First check after start (a moment, so start-up is not slowed). */
  startDelayMs?: number;
  checkEveryMs?: number;
  log?: (line: string) => void;
}

export interface AutoBackupScheduler {
  /** Checks now (a setting changed); resolves when the check (and any backup) is over. */
  check(): Promise<void>;
  /** Stops the timer and cancels a backup in progress; resolves when it has stopped. */
  stop(): Promise<void>;
}

export function scheduleAutoBackup(options: AutoBackupSchedulerOptions): AutoBackupScheduler {
  const now = options.now ?? Date.now;
  const timers: Timers = options.timers ?? {
    setTimeout: (fn, ms) => {
      const t = setTimeout(fn, ms);
      t.unref?.();
      return t;
    },
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };
  const every = options.checkEveryMs ?? 15 * 60_000;
  const controller = new AbortController();
  let timer: unknown = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const arm = (ms: number): void => {
    if (stopped) return;
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      void check().finally(() => arm(every));
    }, ms);
  };

  const runOnce = async (): Promise<void> => {
    const settings = await readAutoBackupSettings(options.store);
    if (!settings.enabled || stopped) return;
    const status = await readAutoBackupStatus(options.store);
    const t = now();
    if (status.lastAt !== null && t - status.lastAt < DAY_MS) return;
    try {
      const result = await autoBackup({ store: options.store, dir: options.dir, keep: settings.keep, now, signal: controller.signal });
      await writeJson(options.store, STATUS_KEY, { lastAt: t, file: result.file, error: null });
    } catch (err) {
      if (controller.signal.aborted) return;
      options.log?.(`kindred: the daily backup failed: ${String(err)}`);
      await writeJson(options.store, STATUS_KEY, { ...status, error: failureText(err) }).catch(() => undefined);
    }
  };

  const check = (): Promise<void> => {
    // One at a time: a check asked for while one runs waits for it and then looks again.
    const next = (running ?? Promise.resolve()).then(runOnce).catch((err: unknown) => options.log?.(`kindred: daily backup check failed: ${String(err)}`));
    running = next;
    return next;
  };

  arm(options.startDelayMs ?? 30_000);
  return {
    check,
    async stop() {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      controller.abort();
      await running;
    },
  };
}
