import * as Y from 'yjs';

/**
 * Sets damaged rows of a doc's y-indexeddb cache aside before y-indexeddb loads it.
 *
 * y-indexeddb applies every row in one transaction: one undecodable row rejects the load, which
 * it never surfaces (`whenSynced` just never resolves), and hides every row after it. So each
 * row gets one try of its own on a scratch doc first. A row is damaged when applying it throws,
 * when it leaves structs waiting for data no earlier row had (garbage that happens to decode),
 * or when it is longer than an empty update yet all zeros (a zero-filled record decodes as
 * "nothing" and would silently show an empty page). Damaged rows move to the database's
 * `custom` store under `quarantine:<row key>` — never deleted — and leave `updates`.
 *
 * Same database layout as y-indexeddb: `updates` (auto-increment keys) and `custom`.
 */
export interface QuarantineResult {
  /** Rows set aside this time. */
  quarantined: number;
  /** Rows that were readable. */
  kept: number;
}

export const QUARANTINE_PREFIX = 'quarantine:';

export async function quarantineDamagedRows(dbName: string, idb: IDBFactory = indexedDB): Promise<QuarantineResult> {
  const db = await openCacheDb(dbName, idb);
  try {
    const rows = await readRows(db);
    // Fast path: a sound cache (nearly always) is checked in one transaction, like y-indexeddb
    // loads it; only a cache that fails that check is taken apart row by row.
    if (allSound(rows.map(([, v]) => v))) return { quarantined: 0, kept: rows.length };
    const damaged: Array<[IDBValidKey, unknown]> = [];
    const good: Uint8Array[] = [];
    let scratch = new Y.Doc();
    for (const [key, value] of rows) {
      if (isDamaged(scratch, value)) {
        damaged.push([key, value]);
        // A damaged update can change a doc before it throws: start again from the good rows.
        scratch.destroy();
        scratch = new Y.Doc();
        if (good.length > 0) Y.applyUpdate(scratch, Y.mergeUpdates(good));
      } else good.push(value as Uint8Array);
    }
    scratch.destroy();
    if (damaged.length > 0) await moveAside(db, damaged);
    return { quarantined: damaged.length, kept: good.length };
  } finally {
    db.close();
  }
}

function allSound(values: unknown[]): boolean {
  if (!values.every((v) => v instanceof Uint8Array && !(v.length > 2 && v.every((b) => b === 0)))) return false;
  const scratch = new Y.Doc();
  try {
    Y.transact(scratch, () => (values as Uint8Array[]).forEach((v) => Y.applyUpdate(scratch, v)));
    return scratch.store.pendingStructs === null && scratch.store.pendingDs === null;
  } catch {
    return false;
  } finally {
    scratch.destroy();
  }
}

function isDamaged(scratch: Y.Doc, value: unknown): boolean {
  if (!(value instanceof Uint8Array)) return true;
  if (value.length > 2 && value.every((b) => b === 0)) return true;
  const hadPending = scratch.store.pendingStructs !== null || scratch.store.pendingDs !== null;
  try {
    Y.applyUpdate(scratch, value);
  } catch {
    return true;
  }
  // Rows are stored in the order they happened, so a sound row never waits for a later one.
  return !hadPending && (scratch.store.pendingStructs !== null || scratch.store.pendingDs !== null);
}

function openCacheDb(name: string, idb: IDBFactory): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const req = idb.open(name);
    // A new database gets y-indexeddb's stores, so y-indexeddb opens it as its own.
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('updates')) db.createObjectStore('updates', { autoIncrement: true });
      if (!db.objectStoreNames.contains('custom')) db.createObjectStore('custom');
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => reject(req.error ?? new Error(`Could not open ${name}.`));
    req.onblocked = () => reject(new Error(`Opening ${name} was blocked by another connection.`));
  });
}

function readRows(db: IDBDatabase): Promise<Array<[IDBValidKey, unknown]>> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['updates'], 'readonly');
    const store = tx.objectStore('updates');
    const keys = store.getAllKeys();
    const values = store.getAll();
    tx.oncomplete = () => resolve(keys.result.map((k, i) => [k, values.result[i]] as [IDBValidKey, unknown]));
    tx.onerror = () => reject(tx.error ?? new Error('Could not read the offline copy.'));
    tx.onabort = () => reject(tx.error ?? new Error('Reading the offline copy was aborted.'));
  });
}

function moveAside(db: IDBDatabase, rows: Array<[IDBValidKey, unknown]>): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['updates', 'custom'], 'readwrite');
    const updates = tx.objectStore('updates');
    const custom = tx.objectStore('custom');
    for (const [key, value] of rows) {
      custom.put(value, `${QUARANTINE_PREFIX}${String(key)}`);
      updates.delete(key);
    }
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('Could not set damaged rows aside.'));
    tx.onabort = () => reject(tx.error ?? new Error('Setting damaged rows aside was aborted.'));
  });
}
