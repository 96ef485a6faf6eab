/**
 * The journal's system of record on this device: one durable embedded store (LevelDB via
 * classic-level) holding every doc's updates, its state vector, the sequence number of its last
 * change, and a change log, always written together in one atomic batch. Plain Node, no
 * 'electron': in Electron it runs in a utilityProcess behind a message port; in the web host it
 * runs in-process. Everything that follows the store (derived index, search, windows, later
 * paired devices) keeps a cursor and catches up with `changesSince`.
 */

export interface StoredChange {
  docId: string;
  /** The store's sequence number of this doc's latest change (one log entry per doc). */
  seq: number;
}

/** What `onChange` listeners hear after each durable batch. */
export interface AppliedChange extends StoredChange {
  /** The effective update (only what was new to the store), for live replicas. */
  update: Uint8Array;
  /** Who sent it (a window's clientId, 'migration', a peer id…); undefined when unknown. */
  origin: string | undefined;
}

export interface ApplyResult {
  /** The seq the change got, or the doc's current seq when the update added nothing. */
  seq: number;
  changed: boolean;
}

export type StoreHealth =
  | { ok: true }
  | { ok: false; code: StoreErrorCode; message: string };

export type StoreErrorCode =
  | 'invalid_update' // undecodable, leaves missing dependencies, or otherwise rejected by validation
  | 'too_large'
  | 'bad_doc_id'
  | 'write_failed'
  | 'disk_full'
  | 'read_only'
  | 'folder_missing'
  | 'damaged'
  | 'closed';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** A local, never-synced key space inside the store (derived index, cursors, app state). */
export interface KeyValueSpace {
  get(key: string): Promise<Uint8Array | undefined>;
  batch(ops: readonly KeyValueOp[]): Promise<void>;
  /** Keys in order, within this space only. */
  entries(range?: { gt?: string; lt?: string; limit?: number }): AsyncIterable<[string, Uint8Array]>;
  /** Deletes every key in this space (a rebuild). */
  clear(): Promise<void>;
}

export type KeyValueOp = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

export interface JournalStore {
  /** Random; changes when the log is rebuilt or restored, which invalidates every cursor. */
  readonly logId: string;
  /** The folder the store lives in (shown to the user), or null for a store without one. */
  readonly dataDir: string | null;
  head(): Promise<number>;
  /**
   * Validates the update against the stored doc (decodes, applies to a scratch copy, refuses
   * pending structs/deletes and oversized updates), then writes it with the new state vector,
   * the doc's seq and the log entry in one atomic batch. Resolves once durable; rejects with a
   * StoreError and stores nothing otherwise.
   */
  applyUpdate(docId: string, update: Uint8Array, origin?: string): Promise<ApplyResult>;
  /** The whole doc as one update, or null if the store has never seen it. */
  getUpdate(docId: string): Promise<Uint8Array | null>;
  /** The stored state vector (the empty vector for an unknown doc). Never opens the doc. */
  stateVector(docId: string): Promise<Uint8Array>;
  /** What the store has beyond `sv`. */
  diff(docId: string, sv: Uint8Array): Promise<Uint8Array>;
  /** The doc's current seq (0 if unknown). */
  seqOf(docId: string): Promise<number>;
  /** Log entries with seq > since, oldest first, at most one per doc. */
  changesSince(since: number, limit?: number): Promise<{ logId: string; head: number; changes: StoredChange[]; more: boolean }>;
  /** Records of that doc that could not be read and were set aside (quarantined, never deleted). */
  damaged(docId: string): Promise<boolean>;
  onChange(listener: (changes: AppliedChange[]) => void): () => void;
  health(): StoreHealth;
  onHealth(listener: (health: StoreHealth) => void): () => void;
  /** A local key space (derived data, app state); never part of what syncs. */
  space(name: string): KeyValueSpace;
  close(): Promise<void>;
}
