import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A backup uploaded from the browser in parts (`data.upload.part`), written straight to a temp
 * file so a 50 MB journal never sits in the host's memory. Parts must come in order with the
 * same count; anything else drops the upload (the page starts again). Bounded by size, and an
 * upload (or a finished file nobody asked for) idle for `ttlMs` is removed. Each file belongs to
 * the connection that sent it.
 */
export interface DiskUploadsOptions {
  maxBytes: number;
  ttlMs?: number;
  now?: () => number;
  /** Where temp files go (a fresh folder inside the OS temp folder by default). */
  parentDir?: string;
}

export interface DiskUploads {
  /** Appends a part; the total bytes so far, and whether this was the last part. */
  add(clientId: string, part: { id: string; index: number; count: number; bytes: Uint8Array }): Promise<{ done: boolean; bytes: number }>;
  /** The complete file of an upload (the caller owns it now: `release` it when done), or null. */
  take(clientId: string, id: string): string | null;
  /** Removes a file handed out by `take`. */
  release(file: string): Promise<void>;
  clientGone(clientId: string): void;
  dispose(): Promise<void>;
}

export class UploadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadError';
  }
}

interface Upload {
  file: string;
  handle: FileHandle | null;
  count: number;
  next: number;
  bytes: number;
  expiresAt: number;
  /** Serialises writes of one upload. */
  writing: Promise<unknown>;
}

export function createDiskUploads(options: DiskUploadsOptions): DiskUploads {
  const ttl = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const uploads = new Map<string, Upload>();
  let dir: Promise<string> | null = null;
  const folder = (): Promise<string> => (dir ??= mkdtemp(join(options.parentDir ?? tmpdir(), 'kindred-upload-')));
  const keyOf = (clientId: string, id: string): string => `${clientId}\n${id}`;

  const drop = (key: string): void => {
    const u = uploads.get(key);
    if (!u) return;
    uploads.delete(key);
    void u.writing.finally(async () => {
      await u.handle?.close().catch(() => undefined);
      await rm(u.file, { force: true }).catch(() => undefined);
    });
  };
  const sweep = (): void => {
    const t = now();
    for (const [k, u] of uploads) if (u.expiresAt <= t) drop(k);
  };
  const timer = setInterval(sweep, Math.max(1000, Math.floor(ttl / 4)));
  timer.unref?.();

  return {
    async add(clientId, { id, index, count, bytes }) {
      sweep();
      const key = keyOf(clientId, id);
      let u = uploads.get(key);
      if (!u) {
        if (index !== 0) throw new UploadError('The upload was interrupted (or waited too long); choose the file again.');
        const file = join(await folder(), `${randomBytes(9).toString('hex')}.kindred-backup`);
        u = { file, handle: await open(file, 'wx', 0o600), count, next: 0, bytes: 0, expiresAt: now() + ttl, writing: Promise.resolve() };
        uploads.set(key, u);
      }
      const fail = (message: string): never => {
        drop(key);
        throw new UploadError(message);
      };
      if (count !== u.count || index !== u.next || !u.handle) fail('The upload arrived out of order; choose the file again.');
      if (u.bytes + bytes.length > options.maxBytes) fail(`The file is larger than ${Math.round(options.maxBytes / 1024 / 1024)} MiB; that is not a Kindred backup.`);
      u.next++;
      u.bytes += bytes.length;
      u.expiresAt = now() + ttl;
      const handle = u.handle as FileHandle;
      const write = u.writing.then(() => handle.write(bytes));
      u.writing = write.catch(() => undefined);
      try {
        await write;
      } catch (err) {
        drop(key);
        throw err;
      }
      if (u.next < u.count) return { done: false, bytes: u.bytes };
      await handle.close();
      u.handle = null;
      return { done: true, bytes: u.bytes };
    },
    take(clientId, id) {
      const key = keyOf(clientId, id);
      const u = uploads.get(key);
      if (!u || u.handle !== null || u.next < u.count) return null;
      uploads.delete(key);
      return u.file;
    },
    async release(file) {
      await rm(file, { force: true });
    },
    clientGone(clientId) {
      const prefix = `${clientId}\n`;
      for (const key of [...uploads.keys()]) if (key.startsWith(prefix)) drop(key);
    },
    async dispose() {
      clearInterval(timer);
      for (const key of [...uploads.keys()]) drop(key);
      const d = await dir?.catch(() => null);
      if (d) await rm(d, { recursive: true, force: true });
    },
  };
}
