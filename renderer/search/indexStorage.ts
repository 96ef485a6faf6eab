/**
 * The search index is local derived data: one IndexedDB record, read once at start-up
 * (≈ one request instead of opening thousands of page docs). The record carries the store
 * cursor it reflects, so after a crash the pages changed since are found in the store's change
 * log (searchService.ts), not in a list kept on the side.
 *
 * The record is sealed with a checksum of its fields, computed when saving and checked when
 * loading: a record changed afterwards — well-formed but wrong, e.g. one page's words under
 * another page's id — is not trusted, and the caller rebuilds from the pages. It detects
 * damage and edits by anything that does not recompute it; it is not a signature (whoever can
 * write this database can also write a matching checksum).
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

/** none: nothing saved; unsealed: saved by an older version, without a checksum (cannot be verified). */
export type SealedLoad<T> = { kind: 'none' } | { kind: 'unsealed' } | { kind: 'ok'; value: T } | { kind: 'mismatch' };

/** Saves `fields` with their checksum (one record). */
export async function saveSealedRecord(fields: Record<string, unknown>): Promise<void> {
  await saveIndexRecord({ ...fields, checksum: checksumOf(fields) });
}

/** The saved record if its checksum matches its fields; 'mismatch' if it was changed since. */
export async function loadSealedRecord<T extends Record<string, unknown>>(): Promise<SealedLoad<T>> {
  const raw = await loadIndexRecord();
  if (raw === undefined || raw === null) return { kind: 'none' };
  if (typeof raw !== 'object') return { kind: 'mismatch' };
  const { checksum, ...fields } = raw as Record<string, unknown>;
  if (checksum === undefined) return { kind: 'unsealed' };
  if (typeof checksum !== 'string' || checksum !== checksumOf(fields)) return { kind: 'mismatch' };
  return { kind: 'ok', value: fields as T };
}

/**
 * A 64-bit hash (two 32-bit multiply-xor lanes, hex) of the fields' JSON. Key order survives
 * IndexedDB's structured clone, so the loaded record stringifies to the same text. Linear:
 * ~50 ms for a 5 MB index here, run with the save (itself ~150 ms, when the page is idle).
 */
export function checksumOf(fields: Record<string, unknown>): string {
  const text = JSON.stringify(fields);
  let a = 0x811c9dc5 ^ text.length;
  let b = 0x2545f491;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b = Math.imul(b ^ (b >>> 16), 0x27d4eb2f) ^ Math.imul(a ^ (a >>> 13), 0x165667b1);
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
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
