import { IndexeddbPersistence, PREFERRED_TRIM_SIZE, storeState } from 'y-indexeddb';
import * as Y from 'yjs';
import { applyCachedRows, type CachedRowsLoad } from './applyCachedRows';

/**
 * y-indexeddb with the traps guarded (see README, Storage):
 * - every write is tracked, so `flush()` can wait until what was typed is committed;
 * - a failed write, a failed open or a connection the browser closes is reported through
 *   `onFailure` instead of silently ending persistence (yjs issue 650);
 * - `whenLoaded(ms)` rejects when IndexedDB never answers, instead of waiting forever;
 * - the cached rows are applied a slice at a time (applyCachedRows.ts), not all in one task.
 *
 * Same on-disk format as y-indexeddb (one database per doc, an `updates` store).
 */
export class StorageFailure extends Error {
  constructor(
    readonly docName: string,
    message: string,
  ) {
    super(message);
    this.name = 'StorageFailure';
  }
}

export class GuardedPersistence extends IndexeddbPersistence {
  private pending = new Set<Promise<void>>();
  private failed: StorageFailure | null = null;
  private closedByUs = false;
  private loadTimer: ReturnType<typeof setTimeout> | null = null;
  private rowsLoad: CachedRowsLoad | null = null;
  private loadingRows: Promise<void> | null = null;

  constructor(
    name: string,
    doc: Y.Doc,
    private readonly onFailure: (failure: StorageFailure) => void,
  ) {
    super(name, doc);
    // y-indexeddb's own load applies every row in one transaction, one main-thread task (0.25 s
    // for a 10,000-page registry). Its read is pointed past every row — it still records the
    // doc's state as a row and counts the rows — and loadRows applies them in slices instead.
    this._dbref = Number.POSITIVE_INFINITY;
    doc.off('update', this._storeUpdate);
    this._storeUpdate = (update: Uint8Array, origin: unknown) => this.storeGuarded(update, origin);
    doc.on('update', this._storeUpdate);
    this._db.then(
      (db) => {
        db.onclose = () => {
          if (!this.closedByUs) this.fail('The browser closed this page’s storage connection.');
        };
        db.onversionchange = () => {
          db.close();
          if (!this.closedByUs) this.fail('This page’s storage was changed by another window.');
        };
      },
      (err: unknown) => this.fail(`Could not open storage: ${describe(err)}`),
    );
  }

  get failure(): StorageFailure | null {
    return this.failed;
  }

  get pendingWrites(): number {
    return this.pending.size;
  }

  /** What the load found once `whenLoaded` resolved: rows applied and rows damaged (skipped). */
  get cachedRows(): CachedRowsLoad | null {
    return this.rowsLoad;
  }

  whenLoaded(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.loadTimer = null;
        // A page closed before its storage answered is no alarm (route changes 10–33 ms apart).
        if (this.closedByUs || this._destroyed) return reject(new StorageFailure(this.name, 'Closed before it loaded.'));
        const f = this.fail(`Storage did not answer within ${Math.round(timeoutMs / 1000)} s.`);
        reject(f);
      }, timeoutMs);
      this.loadTimer = timer;
      this.whenSynced.then(
        () => {
          clearTimeout(timer);
          // IndexedDB answered: applying what it holds may take longer than the timeout at scale.
          this.loadRows().then(resolve, (err: unknown) => reject(err instanceof StorageFailure ? err : this.fail(`Could not read it: ${describe(err)}`)));
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
      this._db.catch((err: unknown) => {
        clearTimeout(timer);
        reject(this.failed ?? new StorageFailure(this.name, describe(err)));
      });
    });
  }

  private loadRows(): Promise<void> {
    this.loadingRows ??= (async () => {
      const db = this.db;
      if (!db || this._destroyed) throw new StorageFailure(this.name, 'Closed before it loaded.');
      const rows = await readAllRows(db);
      this.rowsLoad = await applyCachedRows(this.doc, rows, this, { stopped: () => this._destroyed });
      if (this._destroyed) throw new StorageFailure(this.name, 'Closed before it loaded.');
    })();
    return this.loadingRows;
  }

  /** Resolves once every write issued so far is committed (or rejects with the failure). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.failed) throw this.failed;
  }

  /** Flushes, merges the update log into one record if it grew long, then closes. */
  async close(): Promise<void> {
    if (this._destroyed) return; // already closed (e.g. a connection closed twice)
    try {
      await this.flush();
      // The log's length is counted inside the compaction transaction: y-indexeddb overwrites
      // `_dbsize` with a count taken while loading, which misses writes made right after load.
      if (this.db && !this.failed) await this.compact(this.db, PREFERRED_TRIM_SIZE / 5);
    } finally {
      this.closedByUs = true;
      if (this.loadTimer) clearTimeout(this.loadTimer);
      this.loadTimer = null;
      await this.destroy();
    }
  }

  /**
   * Replaces the update log with one record of the whole state, in a single transaction that
   * first merges anything another window wrote, so nothing is dropped. (y-indexeddb's own
   * `storeState` resolves before its delete runs, which races with closing the database.)
   */
  private compact(db: IDBDatabase, minRecords: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['updates'], 'readwrite');
      const store = tx.objectStore('updates');
      const keys = store.getAllKeys();
      let size = 0;
      keys.onsuccess = () => {
        size = keys.result.length;
        if (size <= minRecords) return;
        const all = store.getAll();
        all.onsuccess = () => {
          const updates = all.result as Uint8Array[];
          Y.transact(this.doc, () => updates.forEach((u) => Y.applyUpdate(this.doc, u)), this, false);
          const lastKey = keys.result[keys.result.length - 1];
          store.add(Y.encodeStateAsUpdate(this.doc));
          if (lastKey !== undefined) store.delete(IDBKeyRange.upperBound(lastKey));
          size = 1;
        };
      };
      tx.oncomplete = () => {
        this._dbsize = size;
        resolve();
      };
      tx.onerror = () => reject(tx.error ?? new Error('compaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('compaction aborted'));
    });
  }

  private storeGuarded(update: Uint8Array, origin: unknown): void {
    if (origin === this || this._destroyed) return;
    if (!this.db) return; // y-indexeddb writes the whole doc state once it opens.
    let write: Promise<void>;
    try {
      const tx = this.db.transaction(['updates'], 'readwrite');
      tx.objectStore('updates').add(update);
      write = new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('write failed'));
        tx.onabort = () => reject(tx.error ?? new Error('write aborted'));
      });
    } catch (err) {
      write = Promise.reject(err);
    }
    const tracked = write.then(
      () => undefined,
      (err: unknown) => {
        this.fail(`Could not save: ${describe(err)}`);
      },
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
    if (++this._dbsize >= PREFERRED_TRIM_SIZE) {
      if (this._storeTimeoutId !== null) clearTimeout(this._storeTimeoutId);
      this._storeTimeoutId = setTimeout(() => {
        void storeState(this, false);
        this._storeTimeoutId = null;
      }, this._storeTimeout);
    }
  }

  private fail(message: string): StorageFailure {
    if (!this.failed && !this.closedByUs) {
      this.failed = new StorageFailure(this.name, message);
      this.onFailure(this.failed);
    }
    return this.failed ?? new StorageFailure(this.name, message);
  }
}

function readAllRows(db: IDBDatabase): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['updates'], 'readonly');
    const all = tx.objectStore('updates').getAll();
    tx.oncomplete = () => resolve(all.result);
    tx.onerror = () => reject(tx.error ?? new Error('Could not read the offline copy.'));
    tx.onabort = () => reject(tx.error ?? new Error('Reading the offline copy was aborted.'));
  });
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
