/**
 * Writes a backup of a journal store while the app keeps using it: only reads (changesSince,
 * getUpdate), never a stop. The file is built under a temporary name beside the target and
 * renamed into place once complete and synced, so a cancelled or failed backup leaves no file
 * (and never a half-written one under the real name).
 *
 * What is in it: every doc the store has (the authored workspace doc and every page doc), each
 * as one whole update. What is not: the store's local spaces (derived index, sync state and
 * cursors, keys) — they are rebuilt or belong to this device.
 */
import { randomBytes, createHash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import type { JournalStore } from '../store/types';
import { canonicalUpdate, encodeEntry, encodeHeader, inspectUpdate } from './backupFormat';

export interface BackupProgress {
  phase: 'listing' | 'reading' | 'restoring' | 'checking';
  done: number;
  total: number;
}

export interface WriteBackupOptions {
  signal?: AbortSignal;
  onProgress?: (p: BackupProgress) => void;
  /** The clock (ms), for the header's creation time. */
  now?: () => number;
}

export interface WriteBackupResult {
  file: string;
  docs: number;
  bytes: number;
  createdAt: number;
  sha256: string;
  /** Docs that held nothing (skipped). */
  emptyDocs: number;
}

/** Every doc id the store knows, the workspace doc first (see writeBackup). */
export async function listDocIds(store: JournalStore, signal?: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  let since = 0;
  for (;;) {
    signal?.throwIfAborted();
    const page = await store.changesSince(since, 10_000);
    for (const c of page.changes) ids.push(c.docId);
    if (!page.more || page.changes.length === 0) break;
    since = (page.changes[page.changes.length - 1] as { seq: number }).seq;
  }
  // One log entry per doc, but a doc changed during the listing can move past the cursor and be
  // listed twice.
  const unique = [...new Set(ids)];
  const ws = unique.indexOf(WORKSPACE_DOC_ID);
  if (ws > 0) unique.unshift(...unique.splice(ws, 1));
  return unique;
}

/** Reads of the next docs run ahead (LevelDB reads overlap the merging on the main thread). */
const READ_AHEAD = 32;
const FLUSH_BYTES = 1 << 20;

export async function writeBackup(store: JournalStore, file: string, options: WriteBackupOptions = {}): Promise<WriteBackupResult> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const target = resolve(file);
  const createdAt = (options.now ?? Date.now)();
  onProgress?.({ phase: 'listing', done: 0, total: 0 });
  // The list is taken once; pages created while the backup runs are not in it. The workspace
  // doc is read first, so those pages are rarely in it either (a page's doc may still lag its
  // workspace entry by a moment: restored, such a page opens empty).
  const ids = await listDocIds(store, signal);

  // Read every doc first (in memory: the content of a journal, ~46 MB at 10k pages), so the
  // header can carry the exact count of non-empty docs and the file is written in one go.
  const entries: Uint8Array[] = [];
  let emptyDocs = 0;
  const reads = new Map<number, Promise<[Uint8Array | null, boolean]>>();
  const read = (i: number): void => {
    if (i < ids.length && !reads.has(i)) {
      const id = ids[i] as string;
      // damaged() after getUpdate: reading a damaged doc is what sets its records aside.
      const p = store.getUpdate(id).then(async (u): Promise<[Uint8Array | null, boolean]> => [u, await store.damaged(id)]);
      p.catch(() => undefined); // awaited below; a rejection before then must not go unhandled
      reads.set(i, p);
    }
  };
  for (let i = 0; i < ids.length; i++) {
    signal?.throwIfAborted();
    for (let j = i; j < i + READ_AHEAD; j++) read(j);
    const [stored, damaged] = await (reads.get(i) as Promise<[Uint8Array | null, boolean]>);
    reads.delete(i);
    const update = stored ? backupForm(stored, damaged) : null;
    if (update) entries.push(encodeEntry(ids[i] as string, update));
    else emptyDocs++;
    if ((i + 1) % 100 === 0 || i + 1 === ids.length) onProgress?.({ phase: 'reading', done: i + 1, total: ids.length });
  }
  await Promise.allSettled(reads.values());
  signal?.throwIfAborted();

  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.partial`);
  let handle: FileHandle | null = null;
  try {
    handle = await open(temp, 'wx');
    const hash = createHash('sha256');
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let total = 0;
    const flush = async (): Promise<void> => {
      if (pendingBytes === 0) return;
      const chunk = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      await (handle as FileHandle).write(chunk);
    };
    const put = async (bytes: Uint8Array, hashed = true): Promise<void> => {
      if (hashed) hash.update(bytes);
      pending.push(bytes);
      pendingBytes += bytes.length;
      total += bytes.length;
      if (pendingBytes >= FLUSH_BYTES) {
        signal?.throwIfAborted();
        await flush();
      }
    };
    await put(encodeHeader(createdAt, entries.length));
    for (const e of entries) await put(e);
    const digest = hash.digest();
    await put(digest, false);
    await flush();
    signal?.throwIfAborted();
    await handle.sync();
    await handle.close();
    handle = null;
    await rename(temp, target);
    await syncDir(dirname(target));
    return { file: target, docs: entries.length, bytes: total, createdAt, sha256: digest.toString('hex'), emptyDocs };
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * The doc as the backup carries it: the store's bytes exactly (restore writes them back as the
 * doc's one record, so the restored journal is byte-identical), or null for a doc that holds
 * nothing. The store refuses every update that would leave something pending, so its docs are
 * complete on their own — except a doc with damaged records set aside, which may build on what
 * was lost: that one is checked, and re-encoded with what integrates if it fails (restore checks
 * every doc again; checking all here costs ~1.5 s at 10k pages, a third of the backup).
 */
function backupForm(stored: Uint8Array, damaged: boolean): Uint8Array | null {
  if (stored.length === 2 && stored[0] === 0 && stored[1] === 0) return null;
  if (!damaged) return stored;
  return 'sv' in inspectUpdate(stored) ? stored : canonicalUpdate(stored);
}

/** Makes a rename durable (the directory entry); not possible on Windows, where it is skipped. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const h = await open(dir, 'r').catch(() => null);
  if (!h) return;
  try {
    await h.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself already happened.
  } finally {
    await h.close();
  }
}
