import type {
  AppliedChange,
  ApplyResult,
  JournalStore,
  KeyValueOp,
  KeyValueSpace,
  StoreHealth,
  StoredChange,
} from '../services/store/types';
import { StoreError } from '../services/store/types';

/**
 * A JournalStore that stays the same object while the store behind it comes and goes: in
 * Electron the store lives in a utilityProcess that can crash and is then restarted. Handlers
 * hold the slot; listeners stay subscribed across restarts; while no store is attached every
 * call fails as a store failure (so windows keep what was typed and say why), and health says so.
 */
export interface StoreSlot extends JournalStore {
  /**
   * A store is being (re)started: calls wait for it (up to `waitMs`) instead of failing at once,
   * so a window that opens while the store process starts just waits a moment.
   */
  starting(): void;
  /** Puts a freshly connected store behind the slot and reports its health. */
  attach(store: JournalStore): void;
  /** The store went away: calls fail with `health` until the next attach. */
  detach(health: StoreHealth & { ok: false }): void;
  current(): JournalStore | null;
}

export const SLOT_WAIT_MS = 15_000;

/** Starts in the `starting` state; `initial` is the health reported until the first attach. */
export function createStoreSlot(dataDir: string | null, initial: StoreHealth & { ok: false }, waitMs = SLOT_WAIT_MS): StoreSlot {
  let inner: JournalStore | null = null;
  let waiting: { promise: Promise<void>; settle: () => void } | null = null;
  let down: StoreHealth & { ok: false } = initial;
  let health: StoreHealth = initial;
  let lastLogId = '';
  let closed = false;
  let offInner: (() => void)[] = [];
  const changeListeners = new Set<(changes: AppliedChange[]) => void>();
  const healthListeners = new Set<(h: StoreHealth) => void>();

  const setHealth = (next: StoreHealth): void => {
    if (JSON.stringify(next) === JSON.stringify(health)) return;
    health = next;
    for (const l of [...healthListeners]) l(next);
  };
  const unhook = (): void => {
    offInner.forEach((off) => off());
    offInner = [];
  };
  const starting = (): void => {
    if (waiting) return;
    let settle!: () => void;
    const promise = new Promise<void>((resolve) => (settle = resolve));
    waiting = { promise, settle };
  };
  const settleWaiting = (): void => {
    waiting?.settle();
    waiting = null;
  };
  const live = async (): Promise<JournalStore> => {
    if (!inner && waiting && !closed) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
      await Promise.race([waiting.promise, timeout]);
      clearTimeout(timer);
    }
    if (closed) throw new StoreError('closed', 'The journal store is closed.');
    if (!inner) throw new StoreError(down.code, down.message);
    return inner;
  };
  const call = async <T>(fn: (s: JournalStore) => Promise<T>): Promise<T> => fn(await live());
  starting();

  const space = (name: string): KeyValueSpace => ({
    get: (key: string) => call((s) => s.space(name).get(key)),
    batch: (ops: readonly KeyValueOp[]) => call((s) => s.space(name).batch(ops)),
    clear: () => call((s) => s.space(name).clear()),
    entries: (range?: { gt?: string; lt?: string; limit?: number }) => ({
      async *[Symbol.asyncIterator]() {
        yield* (await live()).space(name).entries(range);
      },
    }),
  });

  return {
    get logId() {
      return inner?.logId ?? lastLogId;
    },
    dataDir,
    head: () => call((s) => s.head()),
    applyUpdate: (docId: string, update: Uint8Array, origin?: string): Promise<ApplyResult> =>
      call((s) => s.applyUpdate(docId, update, origin)),
    getUpdate: (docId: string) => call((s) => s.getUpdate(docId)),
    stateVector: (docId: string) => call((s) => s.stateVector(docId)),
    diff: (docId: string, sv: Uint8Array) => call((s) => s.diff(docId, sv)),
    seqOf: (docId: string) => call((s) => s.seqOf(docId)),
    changesSince: (since: number, limit?: number): Promise<{ logId: string; head: number; changes: StoredChange[]; more: boolean }> =>
      call((s) => s.changesSince(since, limit)),
    damaged: (docId: string) => call((s) => s.damaged(docId)),
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    health: () => health,
    onHealth(listener) {
      healthListeners.add(listener);
      return () => healthListeners.delete(listener);
    },
    space,
    async close() {
      closed = true;
      settleWaiting();
      unhook();
      const s = inner;
      inner = null;
      await s?.close();
    },
    attach(store) {
      if (closed) {
        void store.close().catch(() => undefined);
        return;
      }
      unhook();
      inner = store;
      lastLogId = store.logId;
      offInner = [
        store.onChange((changes) => changeListeners.forEach((l) => l(changes))),
        store.onHealth((h) => setHealth(h)),
      ];
      setHealth(store.health());
      settleWaiting();
    },
    detach(reason) {
      unhook();
      inner = null;
      down = reason;
      setHealth(reason);
      settleWaiting();
    },
    starting,
    current: () => inner,
  };
}
