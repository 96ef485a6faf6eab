import { describe, expect, it } from 'vitest';
import { profile } from './care.testkit';
import { formatImportantDate, nextOccurrence, parseImportantDate, upcomingDates } from './importantDates';

function ok(input: string) {
  const r = parseImportantDate(input);
  if (!r.ok) throw new Error(`expected "${input}" to parse, got: ${r.error}`);
  return r.value;
}

function error(input: string): string {
  const r = parseImportantDate(input);
  if (r.ok) throw new Error(`expected "${input}" to be rejected, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('parseImportantDate', () => {
  it('reads month-name dates with and without a year', () => {
    const cases: [string, number, number, number | null][] = [
      ['Mar 14', 3, 14, null],
      ['March 14', 3, 14, null],
      ['14 March', 3, 14, null],
      ['14 Mar 1986', 3, 14, 1986],
      ['Mar 14, 1986', 3, 14, 1986],
      ['March 14th, 1986', 3, 14, 1986],
      ['the 14th of March', 3, 14, null],
      ['sept. 9', 9, 9, null],
      ['  dec   25  ', 12, 25, null],
      ['Jun 2 2019', 6, 2, 2019],
    ];
    for (const [input, month, day, year] of cases) {
      expect(ok(input), input).toMatchObject({ month, day, year });
    }
  });

  it('turns leading words into the label, and gives no label otherwise', () => {
    expect(ok('Mar 14')).toEqual({ label: '', month: 3, day: 14, year: null });
    expect(ok('birthday Mar 14')).toEqual({ label: 'birthday', month: 3, day: 14, year: null });
    expect(ok('wedding anniversary Jun 2 2019')).toEqual({ label: 'wedding anniversary', month: 6, day: 2, year: 2019 });
    expect(ok('Name day: 14 March').label).toBe('Name day');
    expect(ok("May's graduation - Jun 20").label).toBe("May's graduation");
  });

  it('reads ISO dates, with or without a year', () => {
    expect(ok('2019-06-02')).toEqual({ label: '', month: 6, day: 2, year: 2019 });
    expect(ok('06-02')).toEqual({ label: '', month: 6, day: 2, year: null });
    expect(ok('--06-02')).toEqual({ label: '', month: 6, day: 2, year: null });
    expect(ok('anniversary 2019-06-02').label).toBe('anniversary');
  });

  it('accepts Feb 29 without a year or in a leap year', () => {
    expect(ok('Feb 29')).toMatchObject({ month: 2, day: 29, year: null });
    expect(ok('--02-29')).toMatchObject({ month: 2, day: 29, year: null });
    expect(ok('Feb 29 2000')).toMatchObject({ year: 2000 });
    expect(ok('2024-02-29')).toMatchObject({ year: 2024 });
  });

  it('rejects impossible dates with a clear message', () => {
    expect(error('Feb 30')).toBe('February has only 29 days.');
    expect(error('Apr 31')).toBe('April has only 30 days.');
    expect(error('31 April 1990')).toBe('April has only 30 days.');
    expect(error('13-01')).toBe('There is no month 13: months go from 1 to 12.');
    expect(error('2026-13-01')).toBe('There is no month 13: months go from 1 to 12.');
    expect(error('Mar 0')).toMatch(/no day 0/);
    expect(error('Feb 29 1986')).toBe("February 29, 1986 doesn't exist: 1986 is not a leap year.");
    expect(error('1900-02-29')).toMatch(/1900 is not a leap year/);
  });

  it('explains what it could not read', () => {
    expect(error('')).toMatch(/Enter a date/);
    expect(error('sometime in spring')).toMatch(/Couldn't read "sometime in spring"/);
    expect(error('3/4')).toMatch(/write the month as a word/);
    expect(error('Mar 14 86')).toMatch(/Couldn't read/);
  });
});

describe('formatImportantDate', () => {
  it('writes short dates, with the year only when known', () => {
    expect(formatImportantDate({ month: 3, day: 14, year: null }, 'en-US')).toBe('Mar 14');
    expect(formatImportantDate({ month: 6, day: 2, year: 2019 }, 'en-US')).toBe('Jun 2, 2019');
    expect(formatImportantDate({ month: 2, day: 29, year: null }, 'en-US')).toBe('Feb 29');
    expect(formatImportantDate({ month: 12, day: 31, year: 1999 }, 'en-GB')).toBe('31 Dec 1999');
  });
});

describe('nextOccurrence', () => {
  const mar14 = { month: 3, day: 14, year: null };

  it('is today when the date is today, else the next one (wrapping the year)', () => {
    expect(nextOccurrence(mar14, '2026-03-14')).toBe('2026-03-14');
    expect(nextOccurrence(mar14, '2026-03-01')).toBe('2026-03-14');
    expect(nextOccurrence(mar14, '2026-03-15')).toBe('2027-03-14');
    expect(nextOccurrence({ month: 1, day: 3, year: null }, '2026-12-30')).toBe('2027-01-03');
  });

  it('puts Feb 29 on Feb 28 in years without Feb 29, and on Feb 29 in leap years', () => {
    const leap = { month: 2, day: 29, year: 2000 };
    expect(nextOccurrence(leap, '2026-01-10')).toBe('2026-02-28');
    expect(nextOccurrence(leap, '2026-02-28')).toBe('2026-02-28');
    expect(nextOccurrence(leap, '2026-03-01')).toBe('2027-02-28');
    expect(nextOccurrence(leap, '2027-03-01')).toBe('2028-02-29');
    expect(nextOccurrence({ month: 2, day: 29, year: null }, '2028-02-29')).toBe('2028-02-29');
    expect(nextOccurrence({ month: 2, day: 29, year: null }, '2100-02-01')).toBe('2100-02-28');
  });

  it('never comes before a date whose year is still ahead', () => {
    expect(nextOccurrence({ month: 6, day: 2, year: 2027 }, '2026-05-01')).toBe('2027-06-02');
  });
});

describe('upcomingDates', () => {
  const today = '2026-11-23';
  const people = [
    profile('sam', 'Sam', { dates: [{ id: 'd1', label: 'birthday', month: 12, day: 23, year: 1986 }] }),
    profile('maria', 'Maria', {
      dates: [
        { id: 'd2', label: 'birthday', month: 11, day: 27, year: null },
        { id: 'd3', label: 'wedding anniversary', month: 6, day: 2, year: 2019 },
      ],
    }),
    profile('ana', 'Ana', { dates: [{ id: 'd4', label: 'birthday', month: 11, day: 27, year: 1990 }] }),
    profile('lee', 'Lee', { dates: [{ id: 'd5', label: '', month: 12, day: 24, year: null }] }),
  ];

  it('lists dates within the window, soonest first then by name, with years when known', () => {
    expect(upcomingDates(people, today)).toEqual([
      { kind: 'date', personId: 'ana', dateId: 'd4', label: 'birthday', on: '2026-11-27', inDays: 4, years: 36 },
      { kind: 'date', personId: 'maria', dateId: 'd2', label: 'birthday', on: '2026-11-27', inDays: 4, years: null },
      { kind: 'date', personId: 'sam', dateId: 'd1', label: 'birthday', on: '2026-12-23', inDays: 30, years: 40 },
    ]);
  });

  it('respects the window size and crosses the year end', () => {
    expect(upcomingDates(people, today, 3)).toEqual([]);
    expect(upcomingDates(people, today, 31).map((d) => (d.kind === 'date' ? d.dateId : ''))).toEqual(['d4', 'd2', 'd1', 'd5']);
    const jan = [profile('x', 'X', { dates: [{ id: 'j', label: 'birthday', month: 1, day: 2, year: 2000 }] })];
    expect(upcomingDates(jan, '2026-12-20')).toMatchObject([{ on: '2027-01-02', inDays: 13, years: 27 }]);
  });

  it("counts a leapling's age on Feb 28 in a non-leap year", () => {
    const leapling = [profile('x', 'X', { dates: [{ id: 'l', label: 'birthday', month: 2, day: 29, year: 2004 }] })];
    expect(upcomingDates(leapling, '2026-02-20')).toMatchObject([{ on: '2026-02-28', inDays: 8, years: 22 }]);
    expect(upcomingDates(leapling, '2028-02-20')).toMatchObject([{ on: '2028-02-29', inDays: 9, years: 24 }]);
  });
});

describe('parseImportantDate on hostile input', () => {
  // Each parse below is a linear pass over ≤ 1 MB (well under 5 ms here); 50 ms leaves ten
  // times that for a loaded 2-core machine, while the old backtracking label pattern took
  // 2.5–4.3 s on 20,000 commas — the bound cannot pass by luck.
  // The fastest of 3 runs: another process taking the CPU only adds time; a backtracking
  // pattern is slow every time.
  const timed = (input: string): { ms: number; result: ReturnType<typeof parseImportantDate> } => {
    let ms = Number.POSITIVE_INFINITY;
    let result = parseImportantDate('');
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      result = parseImportantDate(input);
      ms = Math.min(ms, performance.now() - start);
    }
    return { ms, result };
  };

  it.each([
    ['20,000 commas', ','.repeat(20_000)],
    ['50,000 commas then a date', `${','.repeat(50_000)} Mar 14`],
    ['50,000 commas and spaces', ', '.repeat(25_000)],
    ['50,000 colons then x', `${':'.repeat(50_000)}x`],
    ['a 50,000-character word', 'a'.repeat(50_000)],
    ['50,000 digits and dashes', '1-'.repeat(25_000)],
    ['a 1 MB entry', 'birthday '.repeat(116_000)],
  ])('%s: answers in well under 50 ms with a short error', (_name, input) => {
    const { ms, result } = timed(input);
    expect(ms).toBeLessThan(50);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.length).toBeLessThanOrEqual(160);
  });

  it('quotes at most a short excerpt of what it could not read', () => {
    const e = error(`${'x'.repeat(150)} Mar 44`);
    expect(e.length).toBeLessThanOrEqual(160);
    expect(error('a'.repeat(120))).toMatch(/^Couldn't read "a{60}…" as a date/);
  });

  it('still reads a label and a date within the limits', () => {
    expect(ok(`${'b'.repeat(90)}, Mar 14`)).toEqual({ label: 'b'.repeat(90), month: 3, day: 14, year: null });
    expect(ok(',,, birthday ,,: Mar 14')).toEqual({ label: ',,, birthday', month: 3, day: 14, year: null });
    expect(error(`${'b'.repeat(150)} Mar 14`)).toMatch(/label.*100 characters/);
  });
});
