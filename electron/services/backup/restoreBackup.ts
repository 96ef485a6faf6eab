/**
 * Reading and restoring a backup. Nothing is written before the whole file has been validated
 * (structure, checksums, ids, every update complete on its own), so a corrupt or truncated
 * backup changes nothing.
 *
 * Restore into a folder (the CLI, the app when it is not holding the folder):
 *  - 'empty': the folder must hold no journal. The journal is built in a sibling temporary
 *    folder and renamed into place when complete, so a cancelled or crashed restore leaves the
 *    old (empty) folder or the new journal, never a mix. It is written in the store's layout
 *    (bulkLoad.ts), one record per doc, so it is byte-identical: every doc's getUpdate equals
 *    the backup's bytes.
 *  - 'merge': each doc is applied to the existing journal as a CRDT merge (applyUpdate), so
 *    nothing in either is lost and restoring the same backup twice changes nothing.
 * Restore into an open store (the running app): the same two modes, written through the store.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { openLevelStore } from '../store/index';
import type { JournalStore } from '../store/types';
import { BackupError, parseBackup, type ParsedBackup } from './backupFormat';
import { bulkLoad } from './bulkLoad';
import { listDocIds, syncDir, type BackupProgress } from './writeBackup';

/** Reads and fully validates a backup file (throws BackupError; returns nothing partial). */
export async function readBackup(file: string): Promise<ParsedBackup> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'Kindred may not read it' : (err as Error).message;
    throw new BackupError('unreadable', `Cannot read the backup ${file}: ${why}.`);
  }
  return parseBackup(bytes, basename(file));
}

export type RestoreMode = 'empty' | 'merge';

export interface RestoreOptions {
  /** 'empty' (default) refuses a target that already holds a journal; 'merge' merges into it. */
  mode?: RestoreMode;
  signal?: AbortSignal;
  onProgress?: (p: BackupProgress) => void;
}

export interface RestoreResult {
  docs: number;
  /** Docs the restore changed (in a merge, docs already up to date are not counted). */
  changed: number;
  mode: RestoreMode;
  createdAt: number;
}

/** How many applyUpdate calls are in flight at once (the store group-commits them). */
const WINDOW = 256;

/**
 * Restores `file` into a data folder (path) or an open store. Validates the whole backup first;
 * a target that holds a journal is refused unless mode is 'merge'.
 */
export async function restoreBackup(file: string, target: string | JournalStore, options: RestoreOptions = {}): Promise<RestoreResult> {
  const mode = options.mode ?? 'empty';
  const { signal } = options;
  signal?.throwIfAborted();
  options.onProgress?.({ phase: 'checking', done: 0, total: 0 });
  const backup = await readBackup(file);
  signal?.throwIfAborted();
  if (typeof target !== 'string') {
    if (mode === 'empty') await refuseNonEmpty(target, target.dataDir ?? 'this journal');
    const changed = await applyAll(target, backup, options);
    return { docs: backup.docs.length, changed, mode, createdAt: backup.createdAt };
  }

  const dir = resolve(target);
  if (existsSync(dir) && !existsSync(join(dir, 'CURRENT')) && (await readdir(dir).catch(() => [])).length > 0) {
    throw new BackupError('not_empty', `${dir} is not empty and holds no Kindred journal; restore into an empty or new folder.`);
  }
  if (mode === 'merge') {
    const store = await openLevelStore(dir);
    try {
      const changed = await applyAll(store, backup, options);
      return { docs: backup.docs.length, changed, mode, createdAt: backup.createdAt };
    } finally {
      await store.close();
    }
  }

  // 'empty': the folder may be missing, empty, or hold a journal with no docs.
  let existing: JournalStore | null = null;
  if (existsSync(join(dir, 'CURRENT'))) {
    // Opening takes the folder's lock: refused while the app has it open.
    existing = await openLevelStore(dir);
    try {
      await refuseNonEmpty(existing, dir);
    } catch (err) {
      await existing.close();
      throw err;
    }
  }
  const temp = join(dirname(dir), `.${basename(dir)}.restoring-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(dirname(dir), { recursive: true });
    await bulkLoad(temp, backup, { signal, onProgress: (done, total) => options.onProgress?.({ phase: 'restoring', done, total }) });
    // Open what was written as the app will, and check it holds every doc.
    const store = await openLevelStore(temp);
    try {
      const restored = await listDocIds(store);
      if (restored.length !== backup.docs.length || (await store.head()) !== backup.docs.length) {
        throw new Error(`The restored journal holds ${restored.length} of ${backup.docs.length} pages.`);
      }
    } finally {
      await store.close();
    }
    const changed = backup.docs.length;
    signal?.throwIfAborted();
    await existing?.close();
    existing = null;
    if (existsSync(dir)) {
      // It held no docs (checked above, under its lock): set it aside, then remove it.
      const aside = join(dirname(dir), `.${basename(dir)}.replaced-${randomBytes(6).toString('hex')}`);
      await rename(dir, aside);
      await rename(temp, dir);
      await rm(aside, { recursive: true, force: true });
    } else {
      await rename(temp, dir);
    }
    await syncDir(dirname(dir));
    return { docs: backup.docs.length, changed, mode, createdAt: backup.createdAt };
  } catch (err) {
    await existing?.close().catch(() => undefined);
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
}

async function refuseNonEmpty(store: JournalStore, where: string): Promise<void> {
  const { changes } = await store.changesSince(0, 1);
  if (changes.length > 0) {
    throw new BackupError(
      'not_empty',
      `The journal in ${where} is not empty. Restore into an empty folder, or merge the backup into it (kindred restore FILE --merge): nothing in either is lost.`,
    );
  }
}

/** Applies every doc through the store (validated, durable), a window at a time. */
async function applyAll(store: JournalStore, backup: ParsedBackup, options: RestoreOptions): Promise<number> {
  const total = backup.docs.length;
  let changed = 0;
  let done = 0;
  for (let at = 0; at < total; at += WINDOW) {
    options.signal?.throwIfAborted();
    const slice = backup.docs.slice(at, at + WINDOW);
    const results = await Promise.all(slice.map((d) => store.applyUpdate(d.id, d.update, 'restore')));
    for (const r of results) if (r.changed) changed++;
    done += slice.length;
    options.onProgress?.({ phase: 'restoring', done, total });
  }
  return changed;
}
