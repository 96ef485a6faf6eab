/**
 * The automatic daily backup, as a plain function the app schedules (once a day, or at start-up):
 * writes `kindred-backup-YYYY-MM-DD.kindred-backup` (the local date) into `dir` unless today's
 * file is already there, then keeps the newest `keep` of them. Only files with exactly that name
 * pattern are ever removed; anything else in the folder is left alone.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { JournalStore } from '../store/types';
import { BACKUP_EXTENSION } from './backupFormat';
import { writeBackup, type WriteBackupResult } from './writeBackup';

export interface AutoBackupOptions {
  store: JournalStore;
  dir: string;
  /** How many daily files to keep (at least 1). */
  keep: number;
  now?: () => number;
  signal?: AbortSignal;
}

export interface AutoBackupResult {
  file: string;
  /** False when today's backup already existed. */
  written: boolean;
  backup: WriteBackupResult | null;
  /** Older daily backups removed to keep `keep`. */
  removed: string[];
}

const DAILY = new RegExp(`^kindred-backup-(\\d{4}-\\d{2}-\\d{2})${BACKUP_EXTENSION.replace('.', '\\.')}$`);

/** The daily file's name for a moment, by the local calendar date. */
export function dailyBackupName(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `kindred-backup-${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}${BACKUP_EXTENSION}`;
}

export async function autoBackup(options: AutoBackupOptions): Promise<AutoBackupResult> {
  const keep = Math.floor(options.keep);
  if (!Number.isFinite(keep) || keep < 1) throw new RangeError(`autoBackup keeps at least 1 backup (got ${options.keep}).`);
  const now = options.now ?? Date.now;
  await mkdir(options.dir, { recursive: true });
  const name = dailyBackupName(now());
  const file = join(options.dir, name);
  const before = await readdir(options.dir);
  let backup: WriteBackupResult | null = null;
  if (!before.includes(name)) backup = await writeBackup(options.store, file, { now, signal: options.signal });
  // Prune only after a successful write (or when today's already exists): a failing backup never
  // costs an older one.
  const daily = (await readdir(options.dir)).filter((n) => DAILY.test(n)).sort().reverse();
  const removed: string[] = [];
  for (const old of daily.slice(keep)) {
    await rm(join(options.dir, old), { force: true });
    removed.push(old);
  }
  return { file, written: backup !== null, backup, removed };
}
