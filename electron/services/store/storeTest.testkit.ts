/**
 * Shared helpers for the store's tests: harnesses over both backends, real Yjs editing, and a
 * hash of every stored entry (to prove "changed nothing").
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { KvBackend } from './backend';
import { openJournalStore, type StoreOptions } from './journalStore';
import { LevelBackend } from './level/levelBackend';
import { MemoryBackend } from './memory/memoryBackend';
import type { JournalStore } from './types';

export interface StoreHarness {
  store: JournalStore;
  backend: KvBackend;
  /** Closes the store and opens it again over the same data. */
  reopen(): Promise<void>;
  cleanup(): Promise<void>;
}

export type OpenHarness = (options?: StoreOptions) => Promise<StoreHarness>;

export const openMemoryHarness: OpenHarness = async (options) => {
  let backend = new MemoryBackend();
  const h: StoreHarness = {
    backend,
    store: await openJournalStore(backend, null, options),
    async reopen() {
      await h.store.close();
      backend = backend.reopen();
      h.backend = backend;
      h.store = await openJournalStore(backend, null, options);
    },
    async cleanup() {
      await h.store.close();
    },
  };
  return h;
};

export async function tempDir(prefix = 'kindred-store-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export const openLevelHarness: OpenHarness = async (options) => {
  const root = await tempDir();
  const dir = join(root, 'db');
  const backend = await LevelBackend.open(dir);
  const h: StoreHarness = {
    backend,
    store: await openJournalStore(backend, dir, options),
    async reopen() {
      await h.store.close();
      h.backend = await LevelBackend.open(dir);
      h.store = await openJournalStore(h.backend, dir, options);
    },
    async cleanup() {
      await h.store.close().catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
  return h;
};

/** sha256 over every key and value in the backend. */
export async function hashBackend(backend: KvBackend): Promise<string> {
  const hash = createHash('sha256');
  for (const [k, v] of await backend.range({})) {
    hash.update(k);
    hash.update('\0');
    hash.update(v);
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** A Y.Doc that records each of its updates, for feeding the store like an editor would. */
export class Editor {
  readonly doc: Y.Doc;
  private readonly pending: Uint8Array[] = [];

  constructor(clientId?: number) {
    this.doc = new Y.Doc();
    if (clientId !== undefined) this.doc.clientID = clientId;
    this.doc.on('update', (u: Uint8Array) => this.pending.push(u));
  }

  get text(): Y.Text {
    return this.doc.getText('body');
  }

  /** Types `s` at the end (or at `at`) and returns the update it produced. */
  type(s: string, at?: number): Uint8Array {
    this.text.insert(at ?? this.text.length, s);
    return this.take();
  }

  erase(at: number, len: number): Uint8Array {
    this.text.delete(at, len);
    return this.take();
  }

  take(): Uint8Array {
    if (this.pending.length === 0) throw new Error('Editor.take(): no change since the last take');
    const out = this.pending.length === 1 ? (this.pending[0] as Uint8Array) : Y.mergeUpdates(this.pending);
    this.pending.length = 0;
    return out;
  }
}

export function textOf(update: Uint8Array | null): string {
  if (update === null) return '';
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getText('body').toString();
}

/**
 * Checks the stored layout agrees with itself: per doc, the records match its info (count, bytes,
 * numbers below `next`), the stored state vector equals the one recomputed from the records, its
 * one log entry is at its seq; every log entry names a doc at that seq; head ≥ every seq.
 * Returns the number of docs checked.
 */
export async function checkInvariants(backend: KvBackend): Promise<number> {
  const { decodeInfo, decodeRecord, decodeText, LOG_PREFIX, META_HEAD, seqFromLogKey, prefixEnd } = await import('./layout');
  const docs = new Map<string, { info?: Uint8Array; sv?: Uint8Array; records: Array<[string, Uint8Array]> }>();
  for (const [key, value] of await backend.range({ gte: 'doc/', lt: prefixEnd('doc/') })) {
    const [, id, kind] = key.split('/') as [string, string, string];
    const d = docs.get(id) ?? { records: [] };
    docs.set(id, d);
    if (kind === 'info') d.info = value;
    else if (kind === 'sv') d.sv = value;
    else d.records.push([key, value]);
  }
  const headBytes = await backend.get(META_HEAD);
  const head = headBytes ? Number(decodeText(headBytes)) : 0;
  const log = new Map<number, string>();
  for (const [k, v] of await backend.range({ gte: LOG_PREFIX, lt: prefixEnd(LOG_PREFIX) })) log.set(seqFromLogKey(k), decodeText(v));
  const seqs = new Map<string, number>();
  for (const [id, d] of docs) {
    if (!d.info) throw new Error(`${id}: records without info`);
    const info = decodeInfo(d.info);
    if (!info) throw new Error(`${id}: unreadable info`);
    if (d.records.length !== info.count) throw new Error(`${id}: ${d.records.length} records, info says ${info.count}`);
    if (d.records.reduce((n, [, v]) => n + v.length, 0) !== info.bytes) throw new Error(`${id}: record bytes disagree with info`);
    for (const [k] of d.records) if (Number(k.slice(k.lastIndexOf('/') + 1)) >= info.next) throw new Error(`${id}: record ${k} beyond next`);
    const updates = d.records.map(([k, v]) => {
      const u = decodeRecord(v);
      if (!u) throw new Error(`${id}: damaged record ${k}`);
      return u;
    });
    const sv = Y.encodeStateVectorFromUpdate(Y.mergeUpdates(updates));
    if (!d.sv || Buffer.compare(Buffer.from(sv), Buffer.from(d.sv)) !== 0) throw new Error(`${id}: stored state vector differs from its records`);
    if (log.get(info.seq) !== id) throw new Error(`${id}: no log entry at its seq ${info.seq}`);
    if (info.seq > head) throw new Error(`${id}: seq ${info.seq} above head ${head}`);
    seqs.set(id, info.seq);
  }
  for (const [seq, id] of log) {
    if (seqs.get(id) !== seq) throw new Error(`log entry ${seq} → ${id}, but that doc's seq is ${seqs.get(id)}`);
  }
  return docs.size;
}
