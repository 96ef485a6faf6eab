/**
 * The backend-neutral JournalStore: validation against live docs, one atomic batch per group of
 * writes (doc records + state vector + info + one log entry per doc + head), group commit,
 * quarantine of damaged records, and health. Reads go straight to stored bytes.
 */
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import type { BackendOp, KvBackend } from './backend';
import {
  DOC_ID_PATTERN, LAYOUT_VERSION, LOG_PREFIX, MAX_UPDATE_BYTES, META_HEAD, META_LOG_ID, META_VERSION,
  decodeInfo, decodeRecord, decodeText, encodeText, infoKey, logKey, prefixEnd, quarantinePrefix,
  recordPrefix, seqFromLogKey, svKey,
} from './layout';
import { LiveDocCache } from './liveDocs';
import { covers, MergedUpdates } from './mergedUpdates';
import { StoreWriter } from './storeWriter';
import { openSpace } from './spaces';
import {
  StoreError, type AppliedChange, type ApplyResult, type JournalStore, type KeyValueSpace, type StoreHealth, type StoredChange,
} from './types';

export interface StoreOptions {
  /** Live docs kept for validation (default 64). */
  liveDocs?: number;
  /** Compact a doc's records into one when it has more than this many (default 100)… */
  compactRecords?: number;
  /** …or when they add up to more than this many bytes (default 4 MiB). */
  compactBytes?: number;
  /** Docs whose merged update is at least this large keep it in memory (default 1 MiB; mergedUpdates.ts). */
  mergedCacheBytes?: number;
}

const EMPTY_SV = new Uint8Array([0]);
const EMPTY_UPDATE = new Uint8Array([0, 0]);

export function checkDocId(docId: unknown): asserts docId is string {
  if (typeof docId !== 'string' || !DOC_ID_PATTERN.test(docId)) {
    const shown = typeof docId === 'string' ? JSON.stringify(docId.slice(0, 90)) : typeof docId;
    throw new StoreError('bad_doc_id', `${shown} is not a page id (1–80 letters, digits, '-' or '_').`);
  }
}

/** Opens the store's meta records (creating them for a new store) and returns the store. */
export async function openJournalStore(backend: KvBackend, dataDir: string | null, options: StoreOptions = {}): Promise<JournalStore> {
  const version = await backend.get(META_VERSION);
  if (version !== undefined && decodeText(version) !== LAYOUT_VERSION) {
    throw new StoreError('damaged', `The journal in ${dataDir ?? 'memory'} has format ${decodeText(version)}, which this Kindred cannot read.`);
  }
  let logIdBytes = await backend.get(META_LOG_ID);
  if (logIdBytes === undefined) {
    logIdBytes = encodeText(randomBytes(16).toString('hex'));
    await backend.batch([
      { type: 'put', key: META_VERSION, value: encodeText(LAYOUT_VERSION) },
      { type: 'put', key: META_LOG_ID, value: logIdBytes },
      { type: 'put', key: META_HEAD, value: encodeText('0') },
    ]);
  }
  const headBytes = await backend.get(META_HEAD);
  const last = await backend.range({ gte: LOG_PREFIX, lt: prefixEnd(LOG_PREFIX), reverse: true, limit: 1 });
  const head = Math.max(headBytes ? Number(decodeText(headBytes)) || 0 : 0, last[0] ? seqFromLogKey(last[0][0]) : 0);
  return new CoreJournalStore(backend, dataDir, decodeText(logIdBytes), head, options);
}

class CoreJournalStore implements JournalStore {
  private readonly writer: StoreWriter;
  private closed = false;
  private closing: Promise<void> | null = null;
  private readonly changeListeners = new Set<(changes: AppliedChange[]) => void>();
  private readonly healthListeners = new Set<(health: StoreHealth) => void>();
  private writeFailure: StoreHealth | null = null;
  private readonly damagedDocs = new Set<string>();
  private readonly merged: MergedUpdates;
  private lastHealth = '{"ok":true}';

  constructor(
    private readonly backend: KvBackend,
    readonly dataDir: string | null,
    readonly logId: string,
    head: number,
    options: StoreOptions,
  ) {
    this.merged = new MergedUpdates(options.mergedCacheBytes);
    this.writer = new StoreWriter(backend, new LiveDocCache(options.liveDocs ?? 64), head, {
      compactRecords: options.compactRecords ?? 100,
      compactBytes: options.compactBytes ?? 4 * 1024 * 1024,
      onCommitted: (changes) => this.emit(this.changeListeners, changes),
      onDamaged: (docId) => {
        this.damagedDocs.add(docId);
        this.updateHealth();
      },
      onWriteResult: (failure) => {
        this.writeFailure = failure ? { ok: false, code: failure.code, message: failure.message } : null;
        this.updateHealth();
      },
    });
  }

  async head(): Promise<number> {
    this.checkOpen();
    return this.writer.durableHead;
  }

  applyUpdate(docId: string, update: Uint8Array, origin?: string): Promise<ApplyResult> {
    try {
      this.checkOpen();
      checkDocId(docId);
      if (!(update instanceof Uint8Array)) {
        throw new StoreError('invalid_update', `The update for ${docId} is not bytes (got ${update === null ? 'null' : typeof update}).`);
      }
      if (update.byteLength > MAX_UPDATE_BYTES) {
        throw new StoreError('too_large', `The update for ${docId} is ${update.byteLength} bytes; the limit is ${MAX_UPDATE_BYTES}.`);
      }
      if (origin !== undefined && typeof origin !== 'string') {
        throw new StoreError('invalid_update', `The origin of an update must be a string.`);
      }
    } catch (err) {
      return Promise.reject(err);
    }
    // Copy (new Uint8Array copies; Buffer#slice would not): the caller may reuse the buffer meanwhile.
    return this.writer.apply(docId, new Uint8Array(update), origin);
  }

  async getUpdate(docId: string): Promise<Uint8Array | null> {
    this.checkOpen();
    checkDocId(docId);
    for (let attempt = 0; ; attempt++) {
      const info = await this.backend.get(infoKey(docId));
      const seq = info === undefined ? undefined : decodeInfo(info)?.seq;
      const known = seq === undefined ? null : this.merged.update(docId, seq);
      if (known) return known;
      const prefix = recordPrefix(docId);
      const records = await this.backend.range({ gte: prefix, lt: prefixEnd(prefix) });
      if (info === undefined && records.length === 0) return null;
      const updates = records.map(([, v]) => decodeRecord(v));
      if (updates.every((u): u is Uint8Array => u !== null)) {
        if (updates.length === 0) return EMPTY_UPDATE.slice();
        if (updates.length === 1) return (updates[0] as Uint8Array).slice();
        try {
          const update = Y.mergeUpdates(updates);
          if (seq !== undefined) this.merged.remember(docId, seq, update);
          return update;
        } catch {
          if (attempt > 0) return this.writer.encodeFromRecords(docId);
        }
      } else if (attempt > 0) {
        return this.writer.encodeFromRecords(docId);
      }
      // A record is damaged: set it aside (in the writer, serialized with writes) and read again.
      await this.writer.repair(docId);
    }
  }

  async stateVector(docId: string): Promise<Uint8Array> {
    this.checkOpen();
    checkDocId(docId);
    return (await this.backend.get(svKey(docId))) ?? EMPTY_SV.slice();
  }

  async diff(docId: string, sv: Uint8Array): Promise<Uint8Array> {
    if (!(sv instanceof Uint8Array)) throw new StoreError('invalid_update', 'The state vector is not bytes.');
    // A window whose offline copy is current (the usual start): the store's delete set alone,
    // computed once per version of a large doc (mergedUpdates.ts).
    const info = await this.backend.get(infoKey(docId));
    const seq = info === undefined ? undefined : decodeInfo(info)?.seq;
    // The version first, then the state vector: a write landing in between makes the state vector
    // newer, never older, than the cached version (what lands meanwhile reaches the window as an
    // event: it subscribed before asking).
    if (seq !== undefined && this.merged.has(docId, seq)) {
      let theirs: Map<number, number> | null = null;
      try {
        theirs = Y.decodeStateVector(sv);
      } catch {
        // Reported below, by the full diff.
      }
      if (theirs && covers(theirs, Y.decodeStateVector(await this.stateVector(docId)))) {
        const covered = this.merged.coveredDiff(docId, seq);
        if (covered) return covered;
      }
    }
    const update = await this.getUpdate(docId);
    try {
      return Y.diffUpdate(update ?? EMPTY_UPDATE, sv);
    } catch {
      throw new StoreError('invalid_update', `The state vector sent for ${docId} could not be decoded.`);
    }
  }

  async seqOf(docId: string): Promise<number> {
    this.checkOpen();
    checkDocId(docId);
    const bytes = await this.backend.get(infoKey(docId));
    return bytes ? (decodeInfo(bytes)?.seq ?? 0) : 0;
  }

  async changesSince(since: number, limit = 1000): Promise<{ logId: string; head: number; changes: StoredChange[]; more: boolean }> {
    this.checkOpen();
    if (!Number.isSafeInteger(since) || since < 0) throw new StoreError('invalid_update', `The cursor ${String(since)} is not a sequence number.`);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) throw new StoreError('invalid_update', `The limit must be 1–10000.`);
    // Head before the read: a batch committed during the read has a seq above it, so a follower
    // that moves its cursor to `head` never skips it.
    const head = this.writer.durableHead;
    const rows = await this.backend.range({ gt: logKey(since), lt: prefixEnd(LOG_PREFIX), limit: limit + 1 });
    const changes = rows.slice(0, limit).map(([k, v]) => ({ docId: decodeText(v), seq: seqFromLogKey(k) }));
    const lastSeq = changes.length ? (changes[changes.length - 1] as StoredChange).seq : 0;
    return { logId: this.logId, head: Math.max(head, lastSeq), changes, more: rows.length > limit };
  }

  async damaged(docId: string): Promise<boolean> {
    this.checkOpen();
    checkDocId(docId);
    const p = quarantinePrefix(docId);
    return (await this.backend.range({ gte: p, lt: prefixEnd(p), limit: 1 })).length > 0;
  }

  onChange(listener: (changes: AppliedChange[]) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  health(): StoreHealth {
    if (this.writeFailure) return this.writeFailure;
    if (this.damagedDocs.size > 0) {
      const ids = [...this.damagedDocs];
      const named = ids.slice(0, 3).join(', ') + (ids.length > 3 ? ` and ${ids.length - 3} more` : '');
      return { ok: false, code: 'damaged', message: `Some saved changes of ${named} are damaged and were set aside; the rest opens normally.` };
    }
    return { ok: true };
  }

  onHealth(listener: (health: StoreHealth) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  space(name: string): KeyValueSpace {
    return openSpace(name, this.backend, this.writer, () => this.checkOpen());
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      await this.writer.drain();
      this.writer.dispose();
      await this.backend.close();
    })();
    return this.closing;
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreError('closed', 'The journal store is closed.');
  }

  private updateHealth(): void {
    const h = this.health();
    const text = JSON.stringify(h);
    if (text === this.lastHealth) return;
    this.lastHealth = text;
    this.emit(this.healthListeners, h);
  }

  private emit<T>(listeners: Set<(v: T) => void>, value: T): void {
    for (const l of [...listeners]) {
      try {
        l(value);
      } catch (err) {
        // A listener's bug must not stop the writer or the other listeners.
        console.error('journal store listener failed:', err);
      }
    }
  }
}

export type { BackendOp };
