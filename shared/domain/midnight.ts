import { toLocalISODate } from './dates';

/**
 * The Today page rolls over at local midnight while the app stays open. Used by the renderer
 * and by main, so it is plain TypeScript with the clock and timers injected.
 */

/**
 * Milliseconds from `now` to the next local midnight. Built with local date arithmetic
 * (`new Date(y, m, d + 1)`), not `now + 24h`, so DST days of 23 or 25 hours come out right;
 * where a DST change skips midnight itself the result is the first instant of the next day.
 */
export function msUntilNextLocalMidnight(now: Date): number {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 0, 0);
  return Math.max(1, next.getTime() - now.getTime());
}

export interface MidnightClock {
  now?: () => Date;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  /**
   * Longest single wait. Timers count elapsed time, not wall-clock time: after a sleep or a
   * clock change they fire late or early. Waking at least this often bounds how late the
   * rollover can be; each wake only compares dates.
   */
  maxWaitMs?: number;
}

export const MIDNIGHT_MAX_WAIT_MS = 60_000;

/**
 * Calls `callback(today)` each time the local date changes (at midnight, after waking from
 * sleep past midnight, or after the clock jumps to another day). Returns a cancel function.
 */
export function scheduleAtEachMidnight(callback: (today: string) => void, clock: MidnightClock = {}): () => void {
  const now = clock.now ?? (() => new Date());
  const set = clock.setTimeout ?? ((fn: () => void, ms: number): unknown => setTimeout(fn, ms));
  const clear = clock.clearTimeout ?? ((h: unknown): void => clearTimeout(h as ReturnType<typeof setTimeout>));
  const maxWait = clock.maxWaitMs ?? MIDNIGHT_MAX_WAIT_MS;
  let day = toLocalISODate(now());
  let handle: unknown;
  let cancelled = false;

  const arm = (): void => {
    // +1 ms so a timer that fires exactly on time already sees the new day.
    handle = set(fire, Math.min(msUntilNextLocalMidnight(now()) + 1, maxWait));
  };
  function fire(): void {
    if (cancelled) return;
    const today = toLocalISODate(now());
    if (today !== day) {
      day = today;
      try {
        callback(today);
      } finally {
        if (!cancelled) arm();
      }
      return;
    }
    arm(); // early (clock set back, or just a bounded wait): check again later
  }

  arm();
  return () => {
    cancelled = true;
    clear(handle);
  };
}
