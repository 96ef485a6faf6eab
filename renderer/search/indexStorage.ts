/**
 * The search index is local derived data: one IndexedDB record, read once at start-up
 * (≈ one request instead of opening thousands of page docs). The record carries the store
 * cursor it reflects, so after a crash the pages changed since are found in the store's change
 * log (searchService.ts), not in a list kept on the side.
 */
const DB_NAME = 'kindred-search';
const STORE = 'index';
const KEY = 'main';
/** Where an older version listed pages changed since the last save (replaced by the cursor). */
const LEGACY_DIRTY_KEY = 'kindred.search.dirty';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('could not open the search index'));
    req.onblocked = () => reject(new Error('the search index is open in an older window'));
  });
}

export async function loadIndexRecord(): Promise<unknown> {
  const db = await openDb();
  try {
    return await new Promise<unknown>((resolve, reject) => {
      const req = db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('could not read the search index'));
    });
  } finally {
    db.close();
  }
}

export async function saveIndexRecord(value: unknown): Promise<void> {
  const db = await openDb();
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(value, KEY);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('could not save the search index'));
      tx.onabort = () => reject(tx.error ?? new Error('saving the search index was aborted'));
    });
  } finally {
    db.close();
  }
}

/** Drops the older version's dirty list: the change log covers what it did. */
export function forgetLegacyDirtyList(): void {
  try {
    globalThis.localStorage?.removeItem(LEGACY_DIRTY_KEY);
  } catch {
    // Storage not available (private mode…): nothing to forget.
  }
}
