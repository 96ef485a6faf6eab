/**
 * The device backend: LevelDB through classic-level (N-API prebuilds, loads in Electron without a
 * rebuild). Keys are UTF-8 strings, values raw bytes (`valueEncoding: 'view'`).
 *
 * LevelDB keeps writing to its already-open files after the folder is removed (Linux unlinks,
 * the data just vanishes later), so `verify()` compares the folder's dev+ino with the ones seen
 * at open before a batch is acknowledged. After a failed write LevelDB keeps a sticky background
 * error, so `recover()` closes and reopens the database.
 */
import { mkdir, stat } from 'node:fs/promises';
import { ClassicLevel } from 'classic-level';
import { StoreError } from '../types';
import type { BackendOp, BackendRange, KvBackend } from '../backend';

export interface LevelBackendOptions {
  /** fsync every batch before it is acknowledged (survives power loss; ~5x slower p95 here). */
  sync?: boolean;
  /**
   * Without `sync`: at most this long after a batch, an fsync'd marker write makes everything
   * before it durable against power loss too (LevelDB syncs its whole log). Default 1000 ms.
   */
  flushAfterMs?: number;
}

/** A key a flush puts and deletes in one synced batch: the log gets a record, the data no change. */
const FLUSH_KEY = 'meta/flush';

type Db = ClassicLevel<string, Uint8Array>;

export class LevelBackend implements KvBackend {
  private flushTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private db: Db,
    private readonly identity: { dev: number; ino: number },
    private readonly sync: boolean,
    private readonly flushAfterMs: number,
  ) {}

  static async open(dir: string, options: LevelBackendOptions = {}): Promise<LevelBackend> {
    try {
      await mkdir(dir, { recursive: true });
    } catch (err) {
      throw toStoreError(err, dir, 'open');
    }
    const db = await openDb(dir);
    const s = await stat(dir).catch((err: unknown) => {
      throw toStoreError(err, dir, 'open');
    });
    return new LevelBackend(dir, db, { dev: s.dev, ino: s.ino }, options.sync ?? false, options.flushAfterMs ?? 1000);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return await this.db.get(key);
    } catch (err) {
      throw toStoreError(err, this.dir, 'read');
    }
  }

  async batch(ops: readonly BackendOp[]): Promise<void> {
    if (ops.length === 0) return;
    try {
      await this.db.batch(ops as BackendOp[], { sync: this.sync });
    } catch (err) {
      throw toStoreError(err, this.dir, 'write');
    }
    if (!this.sync) this.scheduleFlush();
  }

  /** fsyncs LevelDB's log (so everything written so far) with a synced batch that changes nothing. */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.closed || this.db.status !== 'open') return;
    await this.db.batch(
      [
        { type: 'put', key: FLUSH_KEY, value: new Uint8Array(0) },
        { type: 'del', key: FLUSH_KEY },
      ],
      { sync: true },
    );
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      // A failure here shows up on the next real write, which reports it.
      this.flush().catch(() => undefined);
    }, this.flushAfterMs);
    this.flushTimer.unref();
  }

  async range(r: BackendRange): Promise<Array<[string, Uint8Array]>> {
    try {
      // all() reads to the end of the range (or limit) and closes the iterator itself.
      return (await this.db.iterator({ ...r, limit: r.limit ?? -1 }).all()) as Array<[string, Uint8Array]>;
    } catch (err) {
      throw toStoreError(err, this.dir, 'read');
    }
  }

  async verify(): Promise<void> {
    let s;
    try {
      s = await stat(this.dir);
    } catch (err) {
      throw toStoreError(err, this.dir, 'write');
    }
    if (s.dev !== this.identity.dev || s.ino !== this.identity.ino) {
      throw new StoreError('folder_missing', folderMissingMessage(this.dir));
    }
  }

  async recover(): Promise<void> {
    await this.verify();
    await this.db.close().catch(() => undefined);
    this.db = await openDb(this.dir);
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    this.closed = true;
    await this.db.close();
  }
}

async function openDb(dir: string): Promise<Db> {
  const db: Db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
  try {
    await db.open();
  } catch (err) {
    throw toStoreError(err, dir, 'open');
  }
  return db;
}

const folderMissingMessage = (dir: string): string =>
  `The journal's folder ${dir} was removed or replaced while Kindred was running. Nothing more can be saved there until it is back.`;

/** Maps an OS/LevelDB failure to a StoreError with a plain-words message. */
export function toStoreError(err: unknown, dir: string, during: 'open' | 'read' | 'write'): StoreError {
  if (err instanceof StoreError) return err;
  const text = describe(err);
  if (/ENOSPC|No space left on device|EFBIG|File too large|EDQUOT|quota exceeded/i.test(text)) {
    return new StoreError('disk_full', `The disk holding ${dir} is full. Free some space; what you typed is kept until it can be saved.`);
  }
  if (/EROFS|Read-only file system|EACCES|EPERM|Permission denied|Operation not permitted/i.test(text)) {
    return new StoreError('read_only', `Kindred may not write to ${dir} (the folder is read-only or belongs to someone else).`);
  }
  if (/ENOENT|No such file or directory/i.test(text)) {
    return new StoreError('folder_missing', folderMissingMessage(dir));
  }
  if (/lock/i.test(text) && during === 'open') {
    return new StoreError('write_failed', `The journal in ${dir} is already open in another Kindred.`);
  }
  return new StoreError('write_failed', `Could not ${during === 'read' ? 'read from' : 'write to'} the journal in ${dir}: ${text}`);
}

function describe(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    if (e instanceof Error) {
      const code = (e as { code?: unknown }).code;
      parts.push(typeof code === 'string' ? `${code}: ${e.message}` : e.message);
      e = (e as { cause?: unknown }).cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return parts.join(' / ');
}
