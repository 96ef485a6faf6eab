import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth } from '../../../shared/care/calendar';
import { formatVcardDate, parseVcardDate } from './vcardDate';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const validDate = fc
  .record({ year: fc.integer({ min: 1800, max: 2100 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .filter((d) => d.year !== 1604 && d.day <= daysInMonth(d.month, d.year));

describe('parseVcardDate', () => {
  it('every written form of a date gives that date, whatever time and offset follow (property)', () => {
    fc.assert(
      fc.property(validDate, fc.constantFrom('', 'T000000', 'T23:59:59', 'T201243+04:00', 'T003000-1100', 'T12Z'), (d, time) => {
        const ext = `${d.year}-${pad(d.month)}-${pad(d.day)}`;
        const basic = `${d.year}${pad(d.month)}${pad(d.day)}`;
        for (const v of [ext + time, basic + time]) expect(parseVcardDate(v)).toEqual({ ok: true, date: d });
      }),
    );
  });

  it('year-less forms, 1604 and X-APPLE-OMIT-YEAR give no year; Feb 29 is kept', () => {
    expect(parseVcardDate('--0229')).toEqual({ ok: true, date: { month: 2, day: 29, year: null } });
    expect(parseVcardDate('--02-29')).toEqual({ ok: true, date: { month: 2, day: 29, year: null } });
    expect(parseVcardDate('1604-02-29')).toEqual({ ok: true, date: { month: 2, day: 29, year: null } });
    expect(parseVcardDate('16040101')).toEqual({ ok: true, date: { month: 1, day: 1, year: null } });
    expect(parseVcardDate('1900-07-04', '1900')).toEqual({ ok: true, date: { month: 7, day: 4, year: null } });
    expect(parseVcardDate('1900-07-04', '1604')).toEqual({ ok: true, date: { month: 7, day: 4, year: 1900 } });
    expect(parseVcardDate('2000-02-29')).toEqual({ ok: true, date: { month: 2, day: 29, year: 2000 } });
  });

  it('refuses what is not a calendar day', () => {
    for (const v of ['2001-02-29', '--1301', '--0230', '1999-00-10', 'circa 1800', '', '2019-6-2', '03/14/1986']) {
      expect(parseVcardDate(v).ok, v).toBe(false);
    }
  });

  it('formats with and without a year', () => {
    expect(formatVcardDate({ month: 3, day: 14, year: null })).toBe('--03-14');
    expect(formatVcardDate({ month: 3, day: 4, year: 1986 })).toBe('1986-03-04');
  });
});
