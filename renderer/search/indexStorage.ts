/**
 * The search index is local derived data: one IndexedDB record, read once at start-up
 * (≈ one request instead of opening thousands of page docs), plus a small "dirty" list in
 * localStorage — written synchronously on the first change to a page — so a crash between an
 * edit and the next index save costs a re-index of just those pages, never a stale result.
 */
const DB_NAME = 'kindred-search';
const STORE = 'index';
const KEY = 'main';
const DIRTY_KEY = 'kindred.search.dirty';

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

export function readDirty(): Set<string> {
  try {
    const raw = JSON.parse(localStorage.getItem(DIRTY_KEY) ?? '[]') as unknown;
    return new Set(Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

export function writeDirty(ids: Set<string>): void {
  if (ids.size === 0) localStorage.removeItem(DIRTY_KEY);
  else localStorage.setItem(DIRTY_KEY, JSON.stringify([...ids]));
}
