/**
 * The scheduled purge beside the store (both hosts): at start and then every hour, purge what
 * has been in Trash for 30 days and re-clear purged pages whose docs changed since. Runs never
 * overlap; a failure is logged and retried at the next tick (nothing is half-purged: see
 * purgeTrash.ts). Clock and timer are injected so tests drive time without sleeping.
 */
import { purgeTrash, sweepPurged, type PurgeResult } from './purgeTrash';
import type { JournalStore } from '../store/types';

export const PURGE_INTERVAL_MS = 60 * 60 * 1000;

export interface TrashPurgerOptions {
  store: JournalStore;
  now?: () => number;
  intervalMs?: number;
  /** Timer functions (tests pass their own); the returned handle is unref'd when it can be. */
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  log?: (line: string) => void;
}

export interface TrashPurger {
  /** Runs one pass now (or waits for the one running) and says what it purged. */
  runNow(): Promise<PurgeResult & { swept: string[] }>;
  /** Stops the timer, cancels a running pass between items, and waits for it to end. */
  close(): Promise<void>;
}

export function startTrashPurger(options: TrashPurgerOptions): TrashPurger {
  const { store } = options;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.warn(line));
  const set = options.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms));
  const clear = options.clearInterval ?? ((h: unknown) => clearInterval(h as ReturnType<typeof setInterval>));
  const abort = new AbortController();
  let running: Promise<PurgeResult & { swept: string[] }> | null = null;
  let closed = false;

  const pass = async (): Promise<PurgeResult & { swept: string[] }> => {
    const result = await purgeTrash(store, { which: 'due', now, signal: abort.signal });
    const swept = abort.signal.aborted ? [] : await sweepPurged(store, abort.signal, now);
    return { ...result, swept };
  };
  const runNow = (): Promise<PurgeResult & { swept: string[] }> => {
    if (closed) return Promise.resolve({ purged: [], total: 0, cancelled: true, swept: [] });
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };
  const tick = (): void => {
    runNow().then(
      (r) => {
        if (r.purged.length > 0 || r.swept.length > 0) log(`Trash: purged ${r.purged.length} item(s) kept 30 days; cleared ${r.swept.length} purged page(s) again.`);
      },
      (err: unknown) => {
        if (!closed) log(`Trash: purging failed, trying again in an hour: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
  };
  const handle = set(tick, options.intervalMs ?? PURGE_INTERVAL_MS);
  (handle as { unref?: () => void } | null)?.unref?.();
  tick();
  return {
    runNow,
    async close() {
      if (closed) return;
      closed = true;
      clear(handle);
      abort.abort();
      await running?.catch(() => undefined);
    },
  };
}
