/**
 * The tiny ordered key-value interface the store core is written against. Keys are strings
 * ordered by their UTF-8 bytes (LevelDB's order); values are bytes. One folder per backend:
 * `memory/` for fast tests, `level/` for the device (classic-level).
 */

export type BackendOp = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

export interface BackendRange {
  gt?: string;
  gte?: string;
  lt?: string;
  lte?: string;
  limit?: number;
  reverse?: boolean;
}

export interface KvBackend {
  get(key: string): Promise<Uint8Array | undefined>;
  /** All ops or none. Rejects with a StoreError (disk_full, read_only, folder_missing, write_failed). */
  batch(ops: readonly BackendOp[]): Promise<void>;
  /** Entries in key order over a consistent snapshot taken when the call starts. */
  range(range: BackendRange): Promise<Array<[string, Uint8Array]>>;
  /**
   * Checks, before a batch is acknowledged, that what was written is still where the store
   * lives (e.g. the data folder was not removed). Throws a StoreError if not.
   */
  verify(): Promise<void>;
  /** After a failed write: try to get back into a state where writes can succeed (reopen). */
  recover(): Promise<void>;
  close(): Promise<void>;
}

/** UTF-8 byte order of two strings (what LevelDB sorts by), also right for astral characters. */
export function compareKeys(a: string, b: string): number {
  // Plain string comparison is UTF-16 order, which equals UTF-8 order unless a surrogate is involved.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs === ys) return x < y ? -1 : 1;
    // A surrogate (astral code point) sorts after every BMP character in UTF-8.
    return xs ? 1 : -1;
  }
  return a.length - b.length;
}
