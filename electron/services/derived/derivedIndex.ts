import * as Y from 'yjs';
import { deriveFacts } from '../../../shared/domain/derivedFacts';
import type { DerivedPageFacts } from '../../../shared/domain/types';
import { WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import type { DerivedIndexState } from '../../../shared/host/slices/derived';
import type { JournalStore, KeyValueOp, KeyValueSpace } from '../store/types';
import { decodeFacts, decodeText, encodeFacts, encodeText, sameBytes } from './factsCodec';
import type { DerivedIndex } from './types';

/**
 * The host's derived index: per page, what lists need from its content, kept in the store's
 * local `derived` key space and following the store's change log.
 *
 * - Keys: `meta` (format, the store's logId, the cursor) and `p/<pageId>` (compact facts).
 *   The cursor is written in the *same batch* as the facts it covers, so after a crash the
 *   index is never ahead of its cursor; the store's own batch may be ahead of the index, and
 *   the catch-up at start (`changesSince(cursor)`) covers exactly that gap.
 * - Each changed page doc is read from the store into a scratch Y.Doc, derived, and dropped:
 *   one doc in memory at a time, never all of them. Facts are written only when they changed.
 * - Facts do not depend on the page's date (shared/domain/derivedFacts.ts), so the workspace
 *   doc is skipped: a date change needs no re-derivation.
 * - No index, another format, or a store whose log was rebuilt (another logId) → a rebuild from
 *   `changesSince(0)` in the background, with progress; lists answer from what exists meanwhile.
 */
export interface DerivedIndexOptions {
  /** Docs read per batch (and per index write). */
  batchSize?: number;
  /** Live changes are followed this long after a store batch, so a burst of typing is read once. */
  liveDelayMs?: number;
  log?: (message: string, err?: unknown) => void;
  /** First wait before trying again after a failed read or write (doubles up to a minute). */
  retryMs?: number;
}

export interface RunningDerivedIndex extends DerivedIndex {
  /** `seq` is the cursor the listed facts reflect (read under the same lock as the facts). */
  pages(after: string | undefined, limit: number): Promise<{ pages: [string, DerivedPageFacts][]; next: string | null; seq: number }>;
  /** Resolves once every change durable in the store when called is reflected (tests, bench, shutdown). */
  idle(): Promise<void>;
}

export const DERIVED_SPACE = 'derived';
export const DERIVED_FORMAT = 1;
const META_KEY = 'meta';
const PAGE_PREFIX = 'p/';
const PAGE_END = 'p0'; // '0' is the character after '/'
/** Facts per answer or event, so each stays well under the web host's 1 MiB frames. */
const MESSAGE_BYTES = 256 * 1024;
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 60_000;

interface Meta {
  format: number;
  logId: string;
  seq: number;
  /** A rebuild is under way: finish it (and sweep facts of docs the store no longer has). */
  rebuilding?: boolean;
}


export async function startDerivedIndex(store: JournalStore, options: DerivedIndexOptions = {}): Promise<RunningDerivedIndex> {
  const batchSize = options.batchSize ?? 200;
  const liveDelayMs = options.liveDelayMs ?? 50;
  const log = options.log ?? ((message: string, err?: unknown) => console.warn(`[kindred derived] ${message}`, err ?? ''));
  const space = store.space(DERIVED_SPACE);
  const listeners = new Set<Parameters<DerivedIndex['onChange']>[0]>();

  const meta = await readMeta(space);
  let cursor = 0;
  let logId = store.logId;
  let state: DerivedIndexState = { kind: 'ready' };
  let rebuilding = false;
  if (!meta || meta.format !== DERIVED_FORMAT) {
    // Nothing usable (first start, or facts in an older encoding): start from an empty space.
    await space.clear();
    rebuilding = true;
  } else if (meta.logId !== store.logId) {
    // The store's log was rebuilt or restored: every cursor is void. Keep answering from the
    // facts there are; every doc is re-derived and facts of vanished docs are swept at the end.
    rebuilding = true;
  } else {
    cursor = meta.seq;
    rebuilding = meta.rebuilding === true;
  }
  if (rebuilding) state = { kind: 'rebuilding', done: 0, total: await countChanges(store, cursor).catch(() => 0) };

  // One pass at a time: reads for `pages()` take the same lock, so they see a whole batch or none.
  let lock: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = lock.then(fn, fn);
    lock = run.catch(() => undefined);
    return run;
  };

  /** Emits in chunks of at most MESSAGE_BYTES of facts: each becomes one message to windows. */
  const emit = (pages: [string, DerivedPageFacts | null, number][]): void => {
    const send = (chunk: [string, DerivedPageFacts | null][]): void => {
      const change = { seq: cursor, pages: chunk, state };
      listeners.forEach((l) => {
        try {
          l(change);
        } catch (err) {
          log('a listener failed', err);
        }
      });
    };
    let chunk: [string, DerivedPageFacts | null][] = [];
    let bytes = 0;
    for (const [id, facts, size] of pages) {
      if (chunk.length > 0 && bytes + size > MESSAGE_BYTES) {
        send(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push([id, facts]);
      bytes += size + id.length;
    }
    if (chunk.length > 0 || pages.length === 0) send(chunk);
  };

  /** A doc's stored bytes, or undefined when it cannot be read (its facts are kept as they were). */
  const read = async (docId: string): Promise<Uint8Array | null | undefined> => {
    try {
      return await store.getUpdate(docId);
    } catch (err) {
      // A read-ahead still in flight when the index closes meets a closed store: not worth a line.
      if (!closed) log(`could not read ${docId}`, err);
      return undefined;
    }
  };

  /** One doc's facts (null: no doc), derived in a scratch Y.Doc that is dropped at once. */
  const derive = (docId: string, bytes: Uint8Array | null): DerivedPageFacts | null | undefined => {
    if (!bytes) return null;
    const doc = new Y.Doc({ guid: docId });
    try {
      Y.applyUpdate(doc, bytes);
      return deriveFacts(docId, doc);
    } catch (err) {
      log(`could not derive ${docId}`, err);
      return undefined;
    } finally {
      doc.destroy();
    }
  };

  /** Works through the log from the cursor to the head, one batch of docs per index write. */
  const catchUp = async (): Promise<void> => {
    // Each batch under the lock, not the whole pass: `pages()` answers during a long rebuild.
    while (!closed && (await exclusive(step))) {
      // next batch
    }
  };

  /** One batch: read, derive, write facts + cursor together, emit. Returns whether more is left. */
  interface Fetched {
    res: Awaited<ReturnType<JournalStore['changesSince']>>;
    docIds: string[];
    stored: (Uint8Array | null | undefined)[];
    previous: (Uint8Array | undefined)[];
  }
  /**
   * One batch's log entries and everything read for them. The reads are issued together
   * (LevelDB serves them in parallel); at most `batchSize` docs' bytes are held at once.
   */
  const fetchBatch = async (since: number): Promise<Fetched> => {
    const res = await store.changesSince(since, batchSize);
    const docIds = res.changes.map((c) => c.docId).filter((id) => id !== WORKSPACE_DOC_ID);
    const [stored, previous] = await Promise.all([
      Promise.all(docIds.map(read)),
      Promise.all(docIds.map((id) => space.get(PAGE_PREFIX + id))),
    ]);
    return { res, docIds, stored, previous };
  };
  // During a catch-up the next batch is read while this one is derived. Log entries are one
  // per doc, so the two batches never share a doc; a doc that changes again meanwhile gets a
  // later entry and is read again when the cursor reaches it.
  let prefetched: { since: number; batch: Promise<Fetched> } | null = null;

  /** One batch: read, derive, write facts + cursor together, emit. Returns whether more is left. */
  const step = async (): Promise<boolean> => {
    for (;;) {
      if (closed) return false;
      const ahead = prefetched?.since === cursor ? prefetched.batch : null;
      prefetched = null;
      const { res, docIds, stored, previous } = await (ahead ?? fetchBatch(cursor));
      if (res.logId !== logId) {
        // The log was replaced under us: start over from its beginning.
        logId = res.logId;
        cursor = 0;
        rebuilding = true;
        state = { kind: 'rebuilding', done: 0, total: await countChanges(store, 0).catch(() => 0) };
        continue;
      }
      if (res.more && res.changes.length > 0) {
        const since = res.changes[res.changes.length - 1]!.seq;
        const batch = fetchBatch(since);
        batch.catch(() => undefined); // awaited (and its failure handled) by the next step, if any
        prefetched = { since, batch };
      }
      const ops: KeyValueOp[] = [];
      const changed: [string, DerivedPageFacts | null, number][] = [];
      for (let i = 0; i < docIds.length; i++) {
        if (closed) return false;
        const docId = docIds[i]!;
        const bytes = stored[i];
        if (bytes === undefined) continue;
        const facts = derive(docId, bytes);
        stored[i] = undefined;
        if (facts === undefined) continue;
        const key = PAGE_PREFIX + docId;
        const next = facts ? encodeFacts(facts) : null;
        if (sameBytes(previous[i], next)) continue;
        ops.push(next ? { type: 'put', key, value: next } : { type: 'del', key });
        changed.push([docId, next ? facts : null, next?.byteLength ?? 0]);
      }
      const last = res.changes.length ? res.changes[res.changes.length - 1]!.seq : cursor;
      const nextCursor = res.more ? last : Math.max(last, res.head, cursor);
      const finishing = rebuilding && !res.more;
      if (finishing) {
        for (const id of await sweep()) {
          ops.push({ type: 'del', key: PAGE_PREFIX + id });
          changed.push([id, null, 0]);
        }
      }
      if (nextCursor === cursor && ops.length === 0 && !finishing) return false;
      const nextMeta: Meta = { format: DERIVED_FORMAT, logId, seq: nextCursor, ...(rebuilding && !finishing ? { rebuilding: true } : {}) };
      ops.push({ type: 'put', key: META_KEY, value: encodeText(JSON.stringify(nextMeta)) });
      await space.batch(ops);
      cursor = nextCursor;
      if (state.kind === 'rebuilding') {
        const done = state.done + res.changes.length;
        state = finishing ? { kind: 'ready' } : { kind: 'rebuilding', done, total: Math.max(state.total, done) };
      }
      if (finishing) rebuilding = false;
      if (changed.length > 0 || rebuilding || finishing) emit(changed);
      return res.more;
    }
  };

  /** Facts of docs the store no longer has (only after a rebuild against another log). */
  const sweep = async (): Promise<string[]> => {
    const gone: string[] = [];
    for await (const [key] of space.entries({ gt: PAGE_PREFIX, lt: PAGE_END })) {
      const id = key.slice(PAGE_PREFIX.length);
      if ((await store.seqOf(id)) === 0) gone.push(id);
    }
    return gone;
  };

  let closed = false;
  let wanted = false;
  let running: Promise<void> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  const retryFirst = options.retryMs ?? RETRY_FIRST_MS;
  let retryDelay = retryFirst;
  const kick = (): void => {
    wanted = true;
    if (running || closed) return;
    running = (async () => {
      while (wanted && !closed) {
        wanted = false;
        try {
          await catchUp();
          retryDelay = retryFirst;
        } catch (err) {
          // A failed read or index write (store restarting, disk full…) leaves the cursor where
          // it was: the next store change, or a retry a little later, goes on from there.
          log('could not update the derived index', err);
          if (!retryTimer && !closed) {
            retryTimer = setTimeout(() => {
              retryTimer = null;
              kick();
            }, retryDelay);
            retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
          }
          return;
        }
      }
    })().finally(() => {
      running = null;
    });
  };

  let liveTimer: ReturnType<typeof setTimeout> | null = null;
  const stopFollowing = store.onChange(() => {
    if (liveTimer || closed) return;
    liveTimer = setTimeout(() => {
      liveTimer = null;
      kick();
    }, liveDelayMs);
  });
  kick();

  return {
    seq: () => cursor,
    state: () => state,
    pages: (after, limit) =>
      exclusive(async () => {
        const max = Math.max(1, Math.min(Math.floor(limit), 5_000));
        const pages: [string, DerivedPageFacts][] = [];
        let next: string | null = null;
        let bytes = 0;
        const from = PAGE_PREFIX + (after ?? '');
        for await (const [key, value] of space.entries({ gt: from, lt: PAGE_END, limit: max + 1 })) {
          // A page of the answer stays one reasonable message whatever the pages hold.
          if (pages.length === max || (pages.length > 0 && bytes + value.byteLength > MESSAGE_BYTES)) {
            next = pages[pages.length - 1]![0];
            break;
          }
          pages.push([key.slice(PAGE_PREFIX.length), decodeFacts(value)]);
          bytes += value.byteLength + key.length;
        }
        return { pages, next, seq: cursor };
      }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async idle() {
      kick();
      while (running) await running;
    },
    async close() {
      closed = true;
      stopFollowing();
      if (liveTimer) clearTimeout(liveTimer);
      if (retryTimer) clearTimeout(retryTimer);
      while (running) await running;
      await lock;
      listeners.clear();
    },
  };
}

async function readMeta(space: KeyValueSpace): Promise<Meta | null> {
  const bytes = await space.get(META_KEY);
  if (!bytes) return null;
  try {
    const m = JSON.parse(decodeText(bytes)) as Partial<Meta>;
    if (typeof m.format !== 'number' || typeof m.logId !== 'string' || typeof m.seq !== 'number') return null;
    return { format: m.format, logId: m.logId, seq: m.seq, rebuilding: m.rebuilding === true };
  } catch {
    return null;
  }
}

/**
 * How many docs the log lists after `since` (ids only, paged: never the docs themselves). Only
 * for progress: when it cannot be read the total starts at 0 and grows with what is done.
 */
async function countChanges(store: JournalStore, since: number): Promise<number> {
  let n = 0;
  let at = since;
  for (;;) {
    const res = await store.changesSince(at, 10_000);
    n += res.changes.filter((c) => c.docId !== WORKSPACE_DOC_ID).length;
    if (!res.more || res.changes.length === 0) return n;
    at = res.changes[res.changes.length - 1]!.seq;
  }
}

