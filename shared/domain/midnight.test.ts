/**
 * Local midnight in several zones, around DST changes. Node applies a runtime change of
 * process.env.TZ to later Date calls (shared/care/timeZones.test.ts checks that it really does).
 */
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { toLocalISODate } from './dates';
import { MIDNIGHT_MAX_WAIT_MS, msUntilNextLocalMidnight, scheduleAtEachMidnight } from './midnight';

const original = process.env.TZ;
afterAll(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});
const HOUR = 3_600_000;
const inZone = <T>(zone: string, f: () => T): T => {
  process.env.TZ = zone;
  return f();
};

describe('msUntilNextLocalMidnight', () => {
  it('counts to the next local midnight', () => {
    inZone('UTC', () => {
      expect(msUntilNextLocalMidnight(new Date(2026, 10, 30, 23, 0, 0))).toBe(HOUR);
      expect(msUntilNextLocalMidnight(new Date(2026, 11, 31, 12, 0, 0))).toBe(12 * HOUR); // into a new year
      expect(msUntilNextLocalMidnight(new Date(2026, 10, 30, 0, 0, 0))).toBe(24 * HOUR); // at midnight: the next one
    });
  });

  it('uses the real length of DST days (23 h and 25 h), not +24 h', () => {
    inZone('America/New_York', () => {
      expect(new Date(2026, 2, 8, 0, 30).getTimezoneOffset()).toBe(300); // really in New York
      expect(msUntilNextLocalMidnight(new Date(2026, 2, 8, 0, 30))).toBe(22.5 * HOUR); // spring forward day
      expect(msUntilNextLocalMidnight(new Date(2026, 10, 1, 0, 30))).toBe(24.5 * HOUR); // fall back day
    });
    inZone('Europe/Berlin', () => {
      expect(msUntilNextLocalMidnight(new Date(2026, 2, 29, 0, 0))).toBe(23 * HOUR);
      expect(msUntilNextLocalMidnight(new Date(2026, 9, 25, 0, 0))).toBe(25 * HOUR);
    });
    inZone('Australia/Lord_Howe', () => {
      // Half-hour DST: the day it ends lasts 24.5 h.
      expect(msUntilNextLocalMidnight(new Date(2026, 3, 5, 0, 0))).toBe(24.5 * HOUR);
    });
  });

  it('where DST skips midnight itself, lands on the first instant of the next day', () => {
    inZone('America/Santiago', () => {
      // Chile moves 2026-09-06 00:00 → 01:00: an hour after 23:00 it is already the 6th.
      const evening = new Date(2026, 8, 5, 23, 0);
      const ms = msUntilNextLocalMidnight(evening);
      expect(ms).toBe(HOUR);
      expect(toLocalISODate(new Date(evening.getTime() + ms))).toBe('2026-09-06');
    });
  });

  it('always lands on the next date, and a moment before is still today (property, several zones)', () => {
    for (const zone of ['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Pacific/Kiritimati', 'America/Santiago']) {
      inZone(zone, () => {
        fc.assert(
          fc.property(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }), (t) => {
            const now = new Date(t);
            const at = t + msUntilNextLocalMidnight(now);
            const nextDay = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 12);
            expect(toLocalISODate(new Date(at))).toBe(toLocalISODate(nextDay));
            expect(toLocalISODate(new Date(at - 1))).toBe(toLocalISODate(now));
          }),
          { numRuns: 300 },
        );
      });
    }
  });
});

/** Timers run on elapsed time; the wall clock can also jump on its own (sleep, manual change). */
function fakeClock(start: Date) {
  let wall = start.getTime();
  let elapsed = 0;
  let nextId = 0;
  const timers = new Map<number, { due: number; fn: () => void; ms: number }>();
  const waits: number[] = [];
  return {
    waits,
    now: () => new Date(wall),
    setTimeout: (fn: () => void, ms: number): unknown => {
      const id = ++nextId;
      timers.set(id, { due: elapsed + ms, fn, ms });
      waits.push(ms);
      return id;
    },
    clearTimeout: (id: unknown) => void timers.delete(id as number),
    pending: () => timers.size,
    /** Lets `ms` pass, firing timers in order. */
    advance(ms: number) {
      const end = elapsed + ms;
      for (;;) {
        const next = [...timers.entries()].sort((a, b) => a[1].due - b[1].due)[0];
        if (!next || next[1].due > end) break;
        timers.delete(next[0]);
        wall += next[1].due - elapsed;
        elapsed = next[1].due;
        next[1].fn();
      }
      wall += end - elapsed;
      elapsed = end;
    },
    jumpWall(ms: number) {
      wall += ms;
    },
  };
}

describe('scheduleAtEachMidnight', () => {
  afterEach(() => {
    process.env.TZ = 'UTC';
  });

  it('fires once at each midnight with the new date and keeps one timer armed', () => {
    process.env.TZ = 'Europe/Berlin';
    const clock = fakeClock(new Date(2026, 2, 28, 23, 59, 0));
    const days: string[] = [];
    const cancel = scheduleAtEachMidnight((d) => days.push(d), clock);
    clock.advance(59_000);
    expect(days).toEqual([]);
    clock.advance(1_001); // 00:00:00.001 on the 29th (a 23-hour day)
    expect(days).toEqual(['2026-03-29']);
    clock.advance(23 * HOUR);
    expect(days).toEqual(['2026-03-29', '2026-03-30']);
    expect(clock.pending()).toBe(1);
    expect(Math.max(...clock.waits)).toBeLessThanOrEqual(MIDNIGHT_MAX_WAIT_MS);
    cancel();
    expect(clock.pending()).toBe(0);
    clock.advance(48 * HOUR);
    expect(days).toHaveLength(2);
  });

  it('catches a wall-clock jump past midnight (sleep, manual change) within one wait', () => {
    process.env.TZ = 'America/New_York';
    const clock = fakeClock(new Date(2026, 5, 1, 21, 0));
    const days: string[] = [];
    scheduleAtEachMidnight((d) => days.push(d), clock);
    clock.jumpWall(5 * HOUR); // woke up at 02:00 on the 2nd; the pending timer knows nothing
    clock.advance(MIDNIGHT_MAX_WAIT_MS);
    expect(days).toEqual(['2026-06-02']);
    clock.jumpWall(3 * 24 * HOUR); // days asleep: one call with the current date, not three
    clock.advance(MIDNIGHT_MAX_WAIT_MS);
    expect(days).toEqual(['2026-06-02', '2026-06-05']);
  });

  it('a clock set back (timer early) re-arms without calling back, then fires at the real midnight', () => {
    process.env.TZ = 'UTC';
    const clock = fakeClock(new Date(2026, 0, 1, 23, 59, 59));
    const days: string[] = [];
    scheduleAtEachMidnight((d) => days.push(d), { ...clock, maxWaitMs: 10 * 60_000 });
    clock.jumpWall(-HOUR); // now 22:59:59, but the timer was set for ~1 s
    clock.advance(1_001);
    expect(days).toEqual([]);
    clock.advance(HOUR);
    expect(days).toEqual(['2026-01-02']);
  });

  it('keeps running after a callback that throws', () => {
    process.env.TZ = 'UTC';
    const clock = fakeClock(new Date(2026, 0, 1, 23, 59, 59));
    let calls = 0;
    scheduleAtEachMidnight(() => {
      calls++;
      throw new Error('render failed');
    }, clock);
    expect(() => clock.advance(1_001)).toThrow('render failed');
    expect(clock.pending()).toBe(1);
    expect(() => clock.advance(24 * HOUR)).toThrow('render failed');
    expect(calls).toBe(2);
  });
});
