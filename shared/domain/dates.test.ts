import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, describeDaysAgo, formatLongDate, formatShortDate, isISODate, parseISODate, toLocalISODate } from './dates';

describe('isISODate', () => {
  it('accepts real calendar dates', () => {
    for (const d of ['2026-01-01', '2026-12-31', '2024-02-29', '2000-02-29', '1999-06-30']) expect(isISODate(d)).toBe(true);
  });

  it('knows leap years: Feb 29 only in leap years (incl. the 400-year rule)', () => {
    expect(isISODate('2024-02-29')).toBe(true);
    expect(isISODate('2026-02-29')).toBe(false);
    expect(isISODate('1900-02-29')).toBe(false);
    expect(isISODate('2000-02-29')).toBe(true);
  });

  it('rejects impossible and malformed dates', () => {
    for (const d of ['2026-13-01', '2026-00-10', '2026-04-31', '2026-01-00', '2026-1-01', '26-01-01', '2026/01/01', ' 2026-01-01', '2026-01-01T00:00', ''])
      expect(isISODate(d), d).toBe(false);
  });
});

describe('isISODate and daysBetween without Date objects', () => {
  // What they did before (a local Date round trip), kept as the reference.
  const viaDate = (value: string): boolean => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    return m !== null && toLocalISODate(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) === value;
  };
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  const dateLike = fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);

  it('accepts exactly the dates the Date round trip accepted', () => {
    fc.assert(fc.property(dateLike, (s) => isISODate(s) === viaDate(s)), { numRuns: 5000 });
  });

  it('counts days exactly as local noon dates did', () => {
    const valid = dateLike.filter(viaDate);
    fc.assert(
      fc.property(valid, valid, (a, b) => {
        const da = parseISODate(a);
        const db = parseISODate(b);
        const expected = Math.round(
          (Date.UTC(db.getFullYear(), db.getMonth(), db.getDate()) - Date.UTC(da.getFullYear(), da.getMonth(), da.getDate())) / 86_400_000,
        );
        return daysBetween(a, b) === expected;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseISODate / toLocalISODate', () => {
  it('round-trips and lands at local noon', () => {
    const d = parseISODate('2026-03-29');
    expect(d.getHours()).toBe(12);
    expect(toLocalISODate(d)).toBe('2026-03-29');
  });

  it('throws on an invalid date', () => {
    expect(() => parseISODate('2026-02-30')).toThrow('"2026-02-30" is not a calendar date (YYYY-MM-DD).');
  });
});

// These run in whatever time zone the machine has (TZ is not changed here). In a zone with DST
// (e.g. Europe/*: 2026-03-29 and 2026-10-25; US: 2026-03-08 and 2026-11-01) a day across the
// change is 23 or 25 hours long; the function must still count whole calendar days.
describe('daysBetween', () => {
  it('counts whole days across the spring-forward change (late March / early March)', () => {
    expect(daysBetween('2026-03-28', '2026-03-29')).toBe(1);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
  });

  it('counts whole days across the fall-back change (late October / early November)', () => {
    expect(daysBetween('2026-10-24', '2026-10-25')).toBe(1);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-10-31', '2026-11-02')).toBe(2);
    expect(daysBetween('2026-10-01', '2026-11-01')).toBe(31);
  });

  it('gives integers, is antisymmetric and spans years', () => {
    expect(daysBetween('2026-03-30', '2026-03-28')).toBe(-2);
    expect(daysBetween('2026-05-05', '2026-05-05')).toBe(0);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    for (let i = 0; i < 400; i += 7) expect(Number.isInteger(daysBetween('2026-01-01', addDays('2026-01-01', i)))).toBe(true);
  });
});

describe('describeDaysAgo', () => {
  const today = '2026-11-23';
  const ago = (n: number) => describeDaysAgo(addDays(today, -n), today);

  it('describes recent days', () => {
    expect(ago(0)).toBe('today');
    expect(ago(1)).toBe('yesterday');
    expect(ago(2)).toBe('2 days ago');
    expect(ago(13)).toBe('13 days ago');
  });

  it('switches to weeks, months and years', () => {
    expect(ago(14)).toBe('2 weeks ago');
    expect(ago(59)).toBe('8 weeks ago');
    expect(ago(61)).toBe('2 months ago');
    expect(ago(365)).toBe('11 months ago');
    expect(ago(729)).toBe('23 months ago');
    expect(ago(731)).toBe('2 years ago');
    expect(ago(3653)).toBe('10 years ago');
  });

  it('never says "1 months" or "1 years" at the boundaries', () => {
    expect(ago(60)).toBe('2 months ago');
    expect(ago(730)).toBe('2 years ago');
  });

  it('describes the future', () => {
    expect(describeDaysAgo('2026-11-24', today)).toBe('tomorrow');
    expect(describeDaysAgo('2026-11-30', today)).toBe('in 7 days');
  });
});

describe('addDays', () => {
  it('crosses month and year ends both ways', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-01-15', 365)).toBe('2027-01-15');
  });

  it('crosses DST changes without skipping or repeating a day', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addDays('2026-10-26', -1)).toBe('2026-10-25');
    let d = '2026-01-01';
    for (let i = 0; i < 365; i++) d = addDays(d, 1);
    expect(d).toBe('2027-01-01');
  });
});

describe('formatLongDate / formatShortDate with cached formatters', () => {
  const day = fc
    .tuple(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  const long = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' } as const;
  const short = { year: 'numeric', month: 'short', day: 'numeric' } as const;

  it('say what a fresh toLocaleDateString of the local day says, in several locales', () => {
    fc.assert(
      fc.property(day, fc.constantFrom(undefined, 'en-US', 'en-GB', 'pt-BR', 'ja-JP'), (value, locale) => {
        expect(formatLongDate(value, locale)).toBe(parseISODate(value).toLocaleDateString(locale, long));
        expect(formatShortDate(value, locale)).toBe(parseISODate(value).toLocaleDateString(locale, short));
      }),
      { numRuns: 500 },
    );
  });

  it('refuse what is not a calendar day', () => {
    expect(() => formatLongDate('2026-02-30')).toThrow(/not a calendar date/);
    expect(() => formatShortDate('soon')).toThrow(/not a calendar date/);
  });
});
