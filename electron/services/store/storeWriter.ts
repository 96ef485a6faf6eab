/**
 * The store's single writer. Writes are serialized through one queue and group-committed: every
 * job that arrives while a batch is being written goes into the next batch. A batch holds, for
 * each doc it changed, the new update records (or one compacted record), the doc's info and
 * state vector, its one log entry (the old one deleted), and the head — all or nothing.
 * Nothing is acknowledged before the batch is durable and the data folder verified.
 */
import * as Y from 'yjs';
import type { BackendOp, KvBackend } from './backend';
import {
  LOG_PREFIX, META_HEAD, prefixEnd, encodeInfo, encodeRecord, encodeText, infoKey, logKey, quarantineKey, recordKey, svKey,
} from './layout';
import { applyToLive, loadLiveDoc, type LiveDoc, type LiveDocCache } from './liveDocs';
import { StoreError, type AppliedChange, type ApplyResult } from './types';

export interface WriterHooks {
  compactRecords: number;
  compactBytes: number;
  onCommitted(changes: AppliedChange[]): void;
  onDamaged(docId: string): void;
  /** Called after every batch that wrote something: null when it succeeded. */
  onWriteResult(failure: StoreError | null): void;
}

type Settle<T> = { resolve: (v: T) => void; reject: (e: unknown) => void };
type Job =
  | ({ kind: 'apply'; docId: string; update: Uint8Array; origin: string | undefined } & Settle<ApplyResult>)
  | ({ kind: 'repair'; docId: string } & Settle<void>)
  | ({ kind: 'ops'; ops: BackendOp[] } & Settle<void>);

interface GroupDoc {
  live: LiveDoc;
  /** The doc's durable seq when the group began (its log entry to delete). */
  startSeq: number;
  changed: boolean;
  /** Effective updates of this group, to rebuild the live doc after a refused update. */
  updates: Uint8Array[];
  /** Record keys being quarantined in this group. */
  skip: Set<string>;
}

interface Group {
  head: number;
  docs: Map<string, GroupDoc>;
  ops: BackendOp[];
  changes: AppliedChange[];
  damaged: string[];
  /** Settlements to run once the batch is durable (or to reject if it fails). */
  done: Array<{ ok: () => void; fail: (e: unknown) => void }>;
}

const MAX_GROUP_JOBS = 512;
const MAX_GROUP_BYTES = 32 * 1024 * 1024;

export class StoreWriter {
  private readonly queue: Job[] = [];
  private running: Promise<void> | null = null;
  private needsRecover = false;

  constructor(
    private readonly backend: KvBackend,
    private readonly cache: LiveDocCache,
    /** Seq of the latest durable change. */
    public durableHead: number,
    private readonly hooks: WriterHooks,
  ) {}

  apply(docId: string, update: Uint8Array, origin: string | undefined): Promise<ApplyResult> {
    return new Promise((resolve, reject) => this.push({ kind: 'apply', docId, update, origin, resolve, reject }));
  }

  /** Re-reads a doc's records and quarantines the ones that cannot be read. */
  repair(docId: string): Promise<void> {
    return new Promise((resolve, reject) => this.push({ kind: 'repair', docId, resolve, reject }));
  }

  writeOps(ops: BackendOp[]): Promise<void> {
    return new Promise((resolve, reject) => this.push({ kind: 'ops', ops, resolve, reject }));
  }

  /** The doc rebuilt from its readable records (read-only fallback when merging fails). */
  async encodeFromRecords(docId: string): Promise<Uint8Array> {
    const { live } = await loadLiveDoc(this.backend, docId);
    const out = Y.encodeStateAsUpdate(live.doc);
    live.doc.destroy();
    return out;
  }

  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  dispose(): void {
    this.cache.clear();
  }

  private push(job: Job): void {
    this.queue.push(job);
    this.kick();
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = null;
      // A job pushed after the loop's last check but before this callback would wait forever.
      if (this.queue.length > 0) this.kick();
    });
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0) await this.runGroup(this.take());
  }

  /** The next group: everything queued, up to a size cap; a repair always runs alone. */
  private take(): Job[] {
    const first = this.queue[0] as Job;
    if (first.kind === 'repair') return this.queue.splice(0, 1);
    let n = 0;
    let bytes = 0;
    while (n < this.queue.length && n < MAX_GROUP_JOBS && bytes < MAX_GROUP_BYTES) {
      const job = this.queue[n] as Job;
      if (job.kind === 'repair') break;
      bytes += job.kind === 'apply' ? job.update.length : 0;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async runGroup(jobs: Job[]): Promise<void> {
    if (this.needsRecover) {
      try {
        await this.backend.recover();
        this.needsRecover = false;
      } catch (err) {
        const e = asStoreError(err);
        for (const job of jobs) job.reject(e);
        this.hooks.onWriteResult(e);
        return;
      }
    }
    const g: Group = { head: this.durableHead, docs: new Map(), ops: [], changes: [], damaged: [], done: [] };
    for (const job of jobs) {
      try {
        if (job.kind === 'apply') await this.applyJob(g, job);
        else if (job.kind === 'repair') {
          if (!g.docs.has(job.docId)) this.cache.evict(job.docId);
          await this.touch(g, job.docId);
          g.done.push({ ok: () => job.resolve(), fail: job.reject });
        } else {
          g.ops.push(...job.ops);
          g.done.push({ ok: () => job.resolve(), fail: job.reject });
        }
      } catch (err) {
        job.reject(asStoreError(err));
      }
    }
    await this.commit(g);
  }

  private async applyJob(g: Group, job: Extract<Job, { kind: 'apply' }>): Promise<void> {
    const gd = await this.touch(g, job.docId);
    const outcome = applyToLive(gd.live, job.update);
    if (!outcome.ok) {
      // The live doc may be partly changed: rebuild it from what is stored plus this group's updates.
      await this.rebuild(job.docId, gd);
      job.reject(new StoreError('invalid_update', `The update for ${job.docId} was refused: ${outcome.reason}.`));
      return;
    }
    const live = gd.live;
    if (outcome.effective === null) {
      g.done.push({ ok: () => job.resolve({ seq: live.info.seq, changed: false }), fail: job.reject });
      return;
    }
    const seq = ++g.head;
    this.addRecord(g, job.docId, live, outcome.effective);
    live.info.seq = seq;
    gd.changed = true;
    gd.updates.push(outcome.effective);
    g.changes.push({ docId: job.docId, seq, update: outcome.effective, origin: job.origin });
    g.done.push({ ok: () => job.resolve({ seq, changed: true }), fail: job.reject });
  }

  /** The doc's state in this group, loading it (and quarantining damaged records) if needed. */
  private async touch(g: Group, docId: string): Promise<GroupDoc> {
    const existing = g.docs.get(docId);
    if (existing) return existing;
    let live = this.cache.get(docId);
    const gd: GroupDoc = { live: live as LiveDoc, startSeq: 0, changed: false, updates: [], skip: new Set() };
    if (!live) {
      const loaded = await loadLiveDoc(this.backend, docId);
      live = loaded.live;
      gd.live = live;
      if (loaded.damaged.length > 0 || loaded.damagedInfo) {
        const now = Date.now();
        for (const [key, value] of loaded.damaged) {
          g.ops.push({ type: 'put', key: quarantineKey(docId, key.slice(key.lastIndexOf('/') + 1), now), value });
          g.ops.push({ type: 'del', key });
          gd.skip.add(key);
        }
        if (loaded.damagedInfo) {
          // Its seq is unknown: find its log entry by scanning the log (rare, O(log size)).
          g.ops.push({ type: 'put', key: quarantineKey(docId, 'info', now), value: loaded.damagedInfo });
          const docBytes = encodeText(docId);
          for (const [key, value] of await this.backend.range({ gte: LOG_PREFIX, lt: prefixEnd(LOG_PREFIX) })) {
            if (Buffer.compare(value, docBytes) === 0) g.ops.push({ type: 'del', key });
          }
        }
        gd.startSeq = live.info.seq;
        live.info.seq = ++g.head;
        gd.changed = true;
        g.damaged.push(docId);
      }
      this.cache.set(docId, live);
    }
    if (!gd.changed) gd.startSeq = live.info.seq;
    g.docs.set(docId, gd);
    return gd;
  }

  private async rebuild(docId: string, gd: GroupDoc): Promise<void> {
    const { live } = await loadLiveDoc(this.backend, docId, {
      skip: gd.skip,
      extra: gd.updates,
      info: gd.live.info,
      recordKeys: gd.live.recordKeys,
    });
    live.pendingAtLoad = gd.live.pendingAtLoad;
    live.info = gd.live.info;
    gd.live = live;
    this.cache.set(docId, live);
  }

  private addRecord(g: Group, docId: string, live: LiveDoc, update: Uint8Array): void {
    const info = live.info;
    const record = encodeRecord(update);
    const tooMany = info.count + 1 > this.hooks.compactRecords;
    const tooBig = info.count >= 10 && info.bytes + record.length > this.hooks.compactBytes;
    if (info.count > 0 && (tooMany || tooBig)) {
      // Compaction: the live doc already holds every stored record plus this update.
      for (const key of live.recordKeys) g.ops.push({ type: 'del', key });
      const merged = encodeRecord(Y.encodeStateAsUpdate(live.doc));
      const key = recordKey(docId, info.next++);
      g.ops.push({ type: 'put', key, value: merged });
      live.recordKeys = [key];
      info.count = 1;
      info.bytes = merged.length;
      return;
    }
    const key = recordKey(docId, info.next++);
    g.ops.push({ type: 'put', key, value: record });
    live.recordKeys.push(key);
    info.count++;
    info.bytes += record.length;
  }

  private async commit(g: Group): Promise<void> {
    for (const [docId, gd] of g.docs) {
      if (!gd.changed) continue;
      const { live } = gd;
      g.ops.push({ type: 'put', key: infoKey(docId), value: encodeInfo(live.info) });
      g.ops.push({ type: 'put', key: svKey(docId), value: Y.encodeStateVector(live.doc) });
      if (gd.startSeq > 0) g.ops.push({ type: 'del', key: logKey(gd.startSeq) });
      g.ops.push({ type: 'put', key: logKey(live.info.seq), value: encodeText(docId) });
    }
    if (g.head !== this.durableHead) g.ops.push({ type: 'put', key: META_HEAD, value: encodeText(String(g.head)) });
    if (g.ops.length > 0) {
      try {
        await this.backend.batch(g.ops);
        await this.backend.verify();
      } catch (err) {
        const e = asStoreError(err);
        // Live docs of this group are ahead of the disk now: drop them, they reload from disk.
        for (const docId of g.docs.keys()) this.cache.evict(docId);
        this.needsRecover = true;
        for (const d of g.done) d.fail(e);
        this.hooks.onWriteResult(e);
        return;
      }
      this.durableHead = g.head;
      this.hooks.onWriteResult(null);
    }
    for (const d of g.done) d.ok();
    this.cache.trim(new Set());
    if (g.changes.length > 0) this.hooks.onCommitted(g.changes);
    for (const docId of g.damaged) this.hooks.onDamaged(docId);
  }
}

function asStoreError(err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  return new StoreError('write_failed', `The journal could not be written: ${err instanceof Error ? err.message : String(err)}`);
}
