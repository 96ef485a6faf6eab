import type { CaptureDraft, CaptureMode } from '../../shared/host/slices/capture';

/**
 * Keeps the capture draft on the host's disk while it is typed: at most one write per
 * `delayMs` of typing (debounced), one write at a time, the newest state always written last,
 * and at once when asked (`flush`, on Esc). `clear` (after the capture is saved) cancels what is
 * waiting and wins over a write in flight, so a saved capture never comes back as a draft.
 */
export interface DraftKeeperOptions {
  save(draft: CaptureDraft): Promise<void>;
  clear(): Promise<void>;
  /** Debounce delay after the last change. */
  delayMs?: number;
  now?: () => number;
  /** A write failed (the draft stays in the window; the next change or flush tries again). */
  onError?(error: unknown): void;
  /** A write succeeded after a failure. */
  onRecovered?(): void;
}

export interface DraftKeeper {
  /** The draft changed (typing, the mode toggle). */
  change(editorState: string, mode: CaptureMode): void;
  /** Writes what is waiting now; resolves once it is on the host's disk (rejects if it is not). */
  flush(): Promise<void>;
  /** Forgets the draft here and on the host. */
  clear(): Promise<void>;
  /** True while a change is not yet on the host's disk. */
  dirty(): boolean;
  dispose(): void;
}

export const DRAFT_DELAY_MS = 300;

export function createDraftKeeper(options: DraftKeeperOptions): DraftKeeper {
  const delay = options.delayMs ?? DRAFT_DELAY_MS;
  const now = options.now ?? Date.now;
  let waiting: CaptureDraft | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** The chain of host writes: each starts after the previous one ended. */
  let chain: Promise<void> = Promise.resolve();
  let inFlight = 0;
  let failing = false;
  let disposed = false;

  const stopTimer = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };

  const enqueue = (step: () => Promise<void>): Promise<void> => {
    inFlight++;
    const run = chain.then(step).finally(() => inFlight--);
    chain = run.catch(() => undefined);
    return run;
  };

  const writeWaiting = (): Promise<void> => {
    stopTimer();
    const draft = waiting;
    waiting = null;
    if (!draft) return chain;
    return enqueue(async () => {
      try {
        await options.save(draft);
        if (failing) {
          failing = false;
          options.onRecovered?.();
        }
      } catch (err) {
        failing = true;
        // Not lost: unless something newer arrived meanwhile, it waits for the next try.
        waiting ??= draft;
        options.onError?.(err);
        throw err;
      }
    });
  };

  return {
    change(editorState, mode) {
      if (disposed) return;
      waiting = { version: 1, editorState, mode, updatedAt: now() };
      stopTimer();
      timer = setTimeout(() => void writeWaiting().catch(() => undefined), delay);
    },
    flush: () => writeWaiting(),
    clear() {
      stopTimer();
      waiting = null;
      return enqueue(() => options.clear());
    },
    dirty: () => waiting !== null || inFlight > 0,
    dispose() {
      disposed = true;
      stopTimer();
    },
  };
}
