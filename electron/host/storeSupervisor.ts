import type { MessagePortLike } from '../services/store/port/rpc';
import type { JournalStore, StoreHealth } from '../services/store/types';
import { storeErrorCode } from './storeErrors';
import type { StoreSlot } from './storeSlot';

/**
 * Keeps the store process running behind a StoreSlot: starts it, connects, and when it exits
 * unexpectedly reports the store as failed and starts it again (with backoff, so a store that
 * cannot open — a read-only or locked folder — is retried calmly, not in a tight loop).
 * Plain Node: Electron main passes a `spawn` built on utilityProcess; tests pass child_process.fork.
 */
export interface StoreProcessHandle {
  port: MessagePortLike;
  /** Resolves once the process has exited (with its exit code when known). */
  exited: Promise<number | null>;
  kill(): void;
}

export interface StoreSupervisorOptions {
  slot: StoreSlot;
  spawn(): StoreProcessHandle;
  /** H1's `connectStoreOverPort`: resolves once the child's store is open. */
  connect(port: MessagePortLike): Promise<JournalStore>;
  log?: (line: string) => void;
  /** Delay before restart number `attempt` (1, 2, …). */
  backoffMs?: (attempt: number) => number;
  /** How long `stop` waits for the store to close and the process to exit before killing it. */
  stopTimeoutMs?: number;
}

export interface StoreSupervisor {
  /** Settles after the first attempt to start (attached, or failed and retrying). */
  firstAttempt: Promise<void>;
  /** How many times the process was started after the first. */
  restarts(): number;
  /** Closes the store cleanly (every acknowledged write is durable), then ends the process. */
  stop(): Promise<void>;
}

const defaultBackoff = (attempt: number): number => Math.min(30_000, 250 * 2 ** Math.min(attempt - 1, 7));

export function superviseStore(options: StoreSupervisorOptions): StoreSupervisor {
  const { slot } = options;
  const log = options.log ?? ((line: string) => console.warn(line));
  const backoff = options.backoffMs ?? defaultBackoff;
  let proc: StoreProcessHandle | null = null;
  let stopping = false;
  let attempt = 0;
  let started = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settleFirst!: () => void;
  const firstAttempt = new Promise<void>((resolve) => (settleFirst = resolve));

  const failed = (message: string, err?: unknown): StoreHealth & { ok: false } => {
    const code = storeErrorCode(err);
    const known = code && code !== 'invalid_update' && code !== 'too_large' && code !== 'bad_doc_id' ? code : 'write_failed';
    return { ok: false, code: known, message };
  };
  const scheduleRestart = (): void => {
    if (stopping) return;
    attempt += 1;
    slot.starting();
    timer = setTimeout(run, backoff(attempt));
  };

  const run = (): void => {
    if (stopping) return;
    started += 1;
    const mine = options.spawn();
    proc = mine;
    void mine.exited.then((code) => {
      if (stopping || proc !== mine) return;
      proc = null;
      log(`kindred: the journal's store process exited unexpectedly (code ${String(code)}); restarting it.`);
      slot.detach(failed("The journal's store stopped unexpectedly and is being restarted; what you type is kept."));
      scheduleRestart();
    });
    options.connect(mine.port).then(
      (store) => {
        if (stopping || proc !== mine) {
          void store.close().catch(() => undefined);
          return;
        }
        attempt = 0;
        slot.attach(store);
        settleFirst();
      },
      (err: unknown) => {
        if (proc !== mine) return;
        proc = null;
        const message = err instanceof Error ? err.message : String(err);
        log(`kindred: the journal's store could not open: ${message}`);
        slot.detach(failed(message, err));
        settleFirst();
        mine.kill();
        scheduleRestart();
      },
    );
  };

  run();
  return {
    firstAttempt,
    restarts: () => Math.max(0, started - 1),
    async stop() {
      stopping = true;
      clearTimeout(timer);
      const last = proc;
      const timeout = options.stopTimeoutMs ?? 5_000;
      const within = async <T>(p: Promise<T>): Promise<T | undefined> => {
        let t: ReturnType<typeof setTimeout> | undefined;
        try {
          return await Promise.race([p, new Promise<undefined>((resolve) => (t = setTimeout(() => resolve(undefined), timeout)))]);
        } finally {
          clearTimeout(t);
        }
      };
      // Closing the store drains and closes LevelDB in the child: after this nothing is pending.
      await within(slot.close().catch((err: unknown) => log(`kindred: closing the journal store failed: ${String(err)}`)));
      if (last) {
        last.kill();
        await within(last.exited);
      }
      settleFirst();
    },
  };
}
