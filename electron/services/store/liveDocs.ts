/**
 * Live Y.Docs loaded from stored records, kept in a small LRU so validating the next update to a
 * page being typed in costs one applyUpdate, not a reload. Only the store's writer touches them.
 *
 * Loading reads a doc's records one by one: a record that fails its checksum or throws while
 * being applied is reported as damaged (the caller quarantines it) and the doc loads with
 * everything else. A doc that was partly changed by a failed apply is never kept.
 */
import * as Y from 'yjs';
import type { KvBackend } from './backend';
import { decodeInfo, decodeRecord, infoKey, prefixEnd, recordPrefix, type DocInfo } from './layout';

export interface LiveDoc {
  doc: Y.Doc;
  /** The doc's info including changes of the batch being built (not yet durable). */
  info: DocInfo;
  /** Keys of the doc's update records, oldest first (after this batch). */
  recordKeys: string[];
  /** Damage left the doc with unresolved structs; validation then only refuses *new* gaps. */
  pendingAtLoad: boolean;
}

export interface LoadResult {
  live: LiveDoc;
  /** Records that could not be read: [key, stored bytes]. */
  damaged: Array<[string, Uint8Array]>;
  /** The doc's info record as found, when it could not be read (info was rebuilt from the records). */
  damagedInfo: Uint8Array | null;
}

export const EMPTY_INFO: DocInfo = { seq: 0, next: 0, count: 0, bytes: 0 };

const hasPending = (doc: Y.Doc): boolean => doc.store.pendingStructs !== null || doc.store.pendingDs !== null;

/**
 * Loads a doc from the backend. `skip` names record keys to leave out (being quarantined in the
 * current batch); `extra` are effective updates of the current batch to apply on top.
 */
export async function loadLiveDoc(
  backend: KvBackend,
  docId: string,
  opts: { skip?: ReadonlySet<string>; extra?: readonly Uint8Array[]; info?: DocInfo; recordKeys?: string[] } = {},
): Promise<LoadResult> {
  const infoBytes = opts.info ? undefined : await backend.get(infoKey(docId));
  let info: DocInfo = { ...(opts.info ?? EMPTY_INFO) };
  let damagedInfo: Uint8Array | null = null;
  const prefix = recordPrefix(docId);
  const records = (await backend.range({ gte: prefix, lt: prefixEnd(prefix) })).filter(([k]) => !opts.skip?.has(k));
  if (infoBytes !== undefined) {
    const decoded = decodeInfo(infoBytes);
    if (decoded) info = decoded;
    else {
      // Rebuilt from the records; seq 0 makes the caller give the doc a new seq and log entry.
      damagedInfo = infoBytes;
      const numbers = records.map(([k]) => Number(k.slice(prefix.length)));
      info = { seq: 0, next: numbers.length ? Math.max(...numbers) + 1 : 0, count: 0, bytes: 0 };
    }
  }
  const bad = new Set<string>();
  // A record that throws half-way may have changed the doc: start over without it.
  for (let attempt = 0; ; attempt++) {
    const doc = new Y.Doc();
    let failed: string | null = null;
    for (const [key, value] of records) {
      if (bad.has(key)) continue;
      const update = decodeRecord(value);
      if (!update) {
        bad.add(key);
        continue;
      }
      try {
        Y.applyUpdate(doc, update);
      } catch {
        failed = key;
        break;
      }
    }
    if (failed !== null && attempt < records.length) {
      bad.add(failed);
      doc.destroy();
      continue;
    }
    for (const u of opts.extra ?? []) Y.applyUpdate(doc, u);
    const kept = records.filter(([k]) => !bad.has(k));
    const damaged = records.filter(([k]) => bad.has(k));
    const counted: DocInfo =
      damaged.length || damagedInfo ? { ...info, count: kept.length, bytes: kept.reduce((n, [, v]) => n + v.length, 0) } : info;
    const recordKeys = opts.recordKeys ?? kept.map(([k]) => k);
    return { live: { doc, info: counted, recordKeys, pendingAtLoad: hasPending(doc) }, damaged, damagedInfo };
  }
}

/** What applying an update to a live doc did. */
export type ApplyOutcome = { ok: true; effective: Uint8Array | null } | { ok: false; reason: string };

/**
 * Applies `update` to the live doc and captures what it emitted. On failure the doc may be partly
 * changed and must be dropped by the caller.
 */
export function applyToLive(live: LiveDoc, update: Uint8Array): ApplyOutcome {
  const emitted: Uint8Array[] = [];
  const onUpdate = (u: Uint8Array): void => {
    emitted.push(u);
  };
  live.doc.on('update', onUpdate);
  try {
    Y.applyUpdate(live.doc, update);
  } catch (err) {
    return { ok: false, reason: `it could not be decoded (${shortReason(err)})` };
  } finally {
    live.doc.off('update', onUpdate);
  }
  if (!live.pendingAtLoad) {
    if (live.doc.store.pendingStructs !== null) {
      return { ok: false, reason: 'it depends on changes the store does not have (missing dependencies)' };
    }
    if (live.doc.store.pendingDs !== null) {
      return { ok: false, reason: 'it deletes content the store does not have' };
    }
  }
  if (emitted.length === 0) return { ok: true, effective: null };
  return { ok: true, effective: emitted.length === 1 ? (emitted[0] as Uint8Array) : Y.mergeUpdates(emitted) };
}

function shortReason(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.length > 80 ? `${m.slice(0, 80)}…` : m || 'unreadable';
}

/** A bounded LRU of live docs. Docs in the batch being built are pinned (never evicted). */
export class LiveDocCache {
  private readonly docs = new Map<string, LiveDoc>();
  constructor(private readonly capacity: number) {}

  get(docId: string): LiveDoc | undefined {
    const live = this.docs.get(docId);
    if (live) {
      this.docs.delete(docId);
      this.docs.set(docId, live);
    }
    return live;
  }

  set(docId: string, live: LiveDoc): void {
    this.evict(docId);
    this.docs.set(docId, live);
  }

  evict(docId: string): void {
    const live = this.docs.get(docId);
    if (live) {
      this.docs.delete(docId);
      live.doc.destroy();
    }
  }

  trim(pinned: ReadonlySet<string>): void {
    for (const id of this.docs.keys()) {
      if (this.docs.size <= this.capacity) break;
      if (!pinned.has(id)) this.evict(id);
    }
  }

  clear(): void {
    for (const id of [...this.docs.keys()]) this.evict(id);
  }
}
