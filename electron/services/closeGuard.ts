/**
 * "Nothing typed is lost" on close: the first close attempt is held back while the renderer
 * flushes its storage (the last keystrokes can still be in flight to IndexedDB), then the
 * window closes for real when the renderer says so or after a timeout (a hung renderer must
 * not keep the window open forever). Plain Node so the state machine is unit-tested.
 */

export const CLOSE_FLUSH_TIMEOUT_MS = 2000;

export type CloseGuardState = 'open' | 'flushing' | 'closing';

export interface CloseGuardOptions {
  /** Ask the renderer to flush (sends `window.closeRequested`). May throw if it is gone. */
  requestFlush(): void;
  /** Close for real; the guard lets the resulting close event through. */
  close(): void;
  timeoutMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface CloseGuard {
  readonly state: CloseGuardState;
  /** Call from the window's `close` event; true means `event.preventDefault()`. */
  shouldPreventClose(): boolean;
  /** The renderer flushed (`window.readyToClose`): close now. Ignored unless a close is pending. */
  ready(): void;
  /** Stop the timer without closing (the window was destroyed some other way). */
  dispose(): void;
}

export function createCloseGuard(options: CloseGuardOptions): CloseGuard {
  const timeoutMs = options.timeoutMs ?? CLOSE_FLUSH_TIMEOUT_MS;
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number): unknown => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h: unknown): void => clearTimeout(h as ReturnType<typeof setTimeout>));
  let state: CloseGuardState = 'open';
  let timer: unknown;

  function release(): void {
    if (state !== 'flushing') return;
    clearTimer(timer);
    state = 'closing';
    options.close();
  }

  return {
    get state() {
      return state;
    },
    shouldPreventClose() {
      if (state === 'closing') return false;
      if (state === 'flushing') return true; // a second click on ✕ while flushing: keep waiting
      try {
        options.requestFlush();
      } catch {
        // The renderer cannot be asked (crashed, destroyed): nothing to wait for.
        state = 'closing';
        return false;
      }
      state = 'flushing';
      timer = setTimer(release, timeoutMs);
      return true;
    },
    ready: release,
    dispose() {
      clearTimer(timer);
      state = 'closing';
    },
  };
}
