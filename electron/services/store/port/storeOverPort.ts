/**
 * A JournalStore across a message port: `serveStoreOverPort` in the process that owns the
 * database (an Electron utilityProcess, a forked Node child), `connectStoreOverPort` wherever the
 * store is used. The client implements JournalStore; errors arrive as StoreError with their code.
 */
import {
  StoreError, type AppliedChange, type ApplyResult, type JournalStore, type KeyValueOp, type KeyValueSpace,
  type StoreErrorCode, type StoreHealth, type StoredChange,
} from '../types';
import { connectOverPort, serveOverPort, type MessagePortLike, type RpcClient, type WireError } from './rpc';

export interface StoreInfo {
  logId: string;
  dataDir: string | null;
  health: StoreHealth;
}

type EntriesRange = { gt?: string; lt?: string; limit?: number };

/** The methods a store server answers (the wire protocol between the two processes). */
export type StoreMethods = {
  info(): Promise<StoreInfo>;
  head(): Promise<number>;
  applyUpdate(docId: string, update: Uint8Array, origin?: string): Promise<ApplyResult>;
  getUpdate(docId: string): Promise<Uint8Array | null>;
  stateVector(docId: string): Promise<Uint8Array>;
  diff(docId: string, sv: Uint8Array): Promise<Uint8Array>;
  seqOf(docId: string): Promise<number>;
  changesSince(since: number, limit?: number): Promise<{ logId: string; head: number; changes: StoredChange[]; more: boolean }>;
  damaged(docId: string): Promise<boolean>;
  spaceGet(name: string, key: string): Promise<Uint8Array | undefined>;
  spaceBatch(name: string, ops: KeyValueOp[]): Promise<void>;
  /** One page of entries; the client pages with `gt` = the last key. */
  spaceEntries(name: string, range: EntriesRange, pageSize: number): Promise<Array<[string, Uint8Array]>>;
  spaceClear(name: string): Promise<void>;
  close(): Promise<void>;
};

export type StoreEvents = { change: AppliedChange[]; health: StoreHealth };

const ENTRIES_PAGE = 500;

/**
 * A view that owns its memory exactly: a structured clone copies a view's whole ArrayBuffer, so a
 * small slice of a big pooled buffer would otherwise carry the whole pool.
 */
const own = (u: Uint8Array): Uint8Array => (u.byteOffset === 0 && u.byteLength === u.buffer.byteLength ? u : new Uint8Array(u));

/** Serves `store` (or the store being opened: calls wait for it; if opening fails they reject with its error). */
export function serveStoreOverPort(port: MessagePortLike, storeOrOpening: JournalStore | Promise<JournalStore>): () => void {
  const opening = Promise.resolve(storeOrOpening);
  opening.catch(() => undefined); // the rejection is reported to each caller instead
  const withStore = <T>(fn: (s: JournalStore) => Promise<T>): Promise<T> => opening.then(fn);
  const handlers: StoreMethods = {
    info: () => withStore(async (s) => ({ logId: s.logId, dataDir: s.dataDir, health: s.health() })),
    head: () => withStore((s) => s.head()),
    applyUpdate: (docId, update, origin) => withStore((s) => s.applyUpdate(docId, update, origin)),
    getUpdate: (docId) => withStore(async (s) => {
      const u = await s.getUpdate(docId);
      return u && own(u);
    }),
    stateVector: (docId) => withStore(async (s) => own(await s.stateVector(docId))),
    diff: (docId, sv) => withStore(async (s) => own(await s.diff(docId, sv))),
    seqOf: (docId) => withStore((s) => s.seqOf(docId)),
    changesSince: (since, limit) => withStore((s) => s.changesSince(since, limit)),
    damaged: (docId) => withStore((s) => s.damaged(docId)),
    spaceGet: (name, key) => withStore(async (s) => {
      const v = await s.space(name).get(key);
      return v && own(v);
    }),
    spaceBatch: (name, ops) => withStore((s) => s.space(name).batch(ops)),
    spaceEntries: (name, range, pageSize) => withStore(async (s) => {
      const out: Array<[string, Uint8Array]> = [];
      const limit = Math.min(Math.max(1, Math.floor(pageSize) || ENTRIES_PAGE), 5000, range.limit ?? Infinity);
      for await (const [k, v] of s.space(name).entries({ ...range, limit })) out.push([k, own(v)]);
      return out;
    }),
    spaceClear: (name) => withStore((s) => s.space(name).clear()),
    close: () => withStore((s) => s.close()),
  };
  let stopped = false;
  const offs: Array<() => void> = [];
  const subscribe = <T>(pick: (s: JournalStore, emit: (v: T) => void) => () => void) => (emit: (v: T) => void) => {
    let off: (() => void) | null = null;
    let cancelled = false;
    opening.then((s) => {
      if (!cancelled && !stopped) off = pick(s, emit);
    }, () => undefined);
    const stop = (): void => {
      cancelled = true;
      off?.();
    };
    offs.push(stop);
    return stop;
  };
  const stop = serveOverPort<StoreMethods, StoreEvents>(port, handlers, {
    change: subscribe<AppliedChange[]>((s, emit) => s.onChange((changes) => emit(changes.map((c) => ({ ...c, update: own(c.update) }))))),
    health: subscribe<StoreHealth>((s, emit) => s.onHealth(emit)),
  });
  return () => {
    stopped = true;
    stop();
    for (const off of offs) off();
  };
}

const reviveStoreError = (e: WireError): Error =>
  e.name === 'StoreError' ? new StoreError(e.code as StoreErrorCode, e.message) : Object.assign(new Error(e.message), { name: e.name });

/** A JournalStore that forwards to a store served on the other side of `port`. */
export async function connectStoreOverPort(port: MessagePortLike): Promise<JournalStore> {
  const rpc = connectOverPort<StoreMethods, StoreEvents>(port, reviveStoreError);
  const info = await rpc.info().catch((err: unknown) => {
    rpc.$dispose();
    throw asStoreError(err);
  });
  return new PortJournalStore(rpc, info);
}

/** A lost connection is a failed write from the caller's point of view. */
function asStoreError(err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StoreError('write_failed', `The journal's store process is not answering (${message}).`);
}

class PortJournalStore implements JournalStore {
  readonly logId: string;
  readonly dataDir: string | null;
  private lastHealth: StoreHealth;
  private closed = false;
  private readonly healthListeners = new Set<(h: StoreHealth) => void>();

  constructor(
    private readonly rpc: RpcClient<StoreMethods, StoreEvents>,
    info: StoreInfo,
  ) {
    this.logId = info.logId;
    this.dataDir = info.dataDir;
    this.lastHealth = info.health;
    // Always follow health, so health() is current without a round trip.
    rpc.$on('health', (h) => this.setHealth(h));
    rpc.$onClose((reason) => {
      if (!this.closed) this.setHealth({ ok: false, code: 'write_failed', message: `The journal's store process stopped: ${reason.message}` });
    });
  }

  private call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('closed', 'The journal store is closed.'));
    return fn().catch((err: unknown) => {
      throw asStoreError(err);
    });
  }

  head = (): Promise<number> => this.call(() => this.rpc.head());
  applyUpdate = (docId: string, update: Uint8Array, origin?: string): Promise<ApplyResult> =>
    this.call(() => (origin === undefined ? this.rpc.applyUpdate(docId, update) : this.rpc.applyUpdate(docId, update, origin)));
  getUpdate = (docId: string): Promise<Uint8Array | null> => this.call(() => this.rpc.getUpdate(docId));
  stateVector = (docId: string): Promise<Uint8Array> => this.call(() => this.rpc.stateVector(docId));
  diff = (docId: string, sv: Uint8Array): Promise<Uint8Array> => this.call(() => this.rpc.diff(docId, sv));
  seqOf = (docId: string): Promise<number> => this.call(() => this.rpc.seqOf(docId));
  changesSince = (since: number, limit?: number): ReturnType<JournalStore['changesSince']> =>
    this.call(() => (limit === undefined ? this.rpc.changesSince(since) : this.rpc.changesSince(since, limit)));
  damaged = (docId: string): Promise<boolean> => this.call(() => this.rpc.damaged(docId));

  onChange(listener: (changes: AppliedChange[]) => void): () => void {
    return this.rpc.$on('change', listener);
  }

  health(): StoreHealth {
    return this.lastHealth;
  }

  onHealth(listener: (health: StoreHealth) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  space(name: string): KeyValueSpace {
    const call = <T>(fn: () => Promise<T>): Promise<T> => this.call(fn);
    const rpc = this.rpc;
    return {
      get: (key) => call(() => rpc.spaceGet(name, key)),
      batch: (ops) => call(() => rpc.spaceBatch(name, [...ops])),
      clear: () => call(() => rpc.spaceClear(name)),
      entries: (range = {}) => ({
        async *[Symbol.asyncIterator]() {
          let gt = range.gt;
          let left = range.limit ?? Infinity;
          while (left > 0) {
            const page = await call(() =>
              rpc.spaceEntries(name, { ...(gt === undefined ? {} : { gt }), ...(range.lt === undefined ? {} : { lt: range.lt }) }, Math.min(ENTRIES_PAGE, left)),
            );
            for (const entry of page) yield entry;
            left -= page.length;
            if (page.length < Math.min(ENTRIES_PAGE, left + page.length)) return;
            gt = (page[page.length - 1] as [string, Uint8Array])[0];
          }
        },
      }),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.call(() => this.rpc.close());
    } finally {
      this.closed = true;
      this.rpc.$dispose('The journal store was closed.');
    }
  }

  private setHealth(h: StoreHealth): void {
    if (JSON.stringify(h) === JSON.stringify(this.lastHealth)) return;
    this.lastHealth = h;
    for (const l of [...this.healthListeners]) l(h);
  }
}
