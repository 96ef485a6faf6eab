/**
 * Helpers for the backup tests: a seeded journal on disk (the app's own write paths, via
 * bench/seedJournal), and hashes that prove "changed nothing" — of a store's content, and of a
 * closed data folder's bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedJournal } from '../../../bench/seedJournal';
import { openLevelStore } from '../store/index';
import type { JournalStore } from '../store/types';
import { listDocIds } from './writeBackup';

export const tempRoot = (): Promise<string> => mkdtemp(join(tmpdir(), 'kindred-backup-'));

/** A journal folder seeded with `pages` pages (closed again, ready to be opened by the caller). */
export async function seededFolder(dir: string, pages: number, seed = 11): Promise<void> {
  const store = await openLevelStore(dir);
  try {
    await seedJournal(store, { pages, people: Math.max(5, Math.round(pages / 10)), seed, burstsPerPage: 6 });
  } finally {
    await store.close();
  }
}

/** sha256 over every doc's id and whole update, in id order, and the doc count. */
export async function hashStore(store: JournalStore): Promise<string> {
  const ids = (await listDocIds(store)).sort();
  const hash = createHash('sha256');
  hash.update(String(ids.length));
  for (const id of ids) {
    hash.update(id);
    hash.update('\0');
    hash.update((await store.getUpdate(id)) ?? new Uint8Array());
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** sha256 over every file name and byte in a folder (flat; LevelDB folders are flat), or 'missing'. */
export async function hashFolder(dir: string): Promise<string> {
  if (!existsSync(dir)) return 'missing';
  const hash = createHash('sha256');
  for (const name of (await readdir(dir)).sort()) {
    hash.update(name);
    hash.update('\0');
    hash.update(await readFile(join(dir, name)));
    hash.update('\0');
  }
  return hash.digest('hex');
}
