import { describe, expect, it } from 'vitest';
import type { CareProfile, ImportantDate } from '../../../shared/care/types';
import { calendarEvents, checkInEvent, dateEvent } from './calendarEvents';

const date = (over: Partial<ImportantDate>): ImportantDate => ({ id: 'date-1', label: 'birthday', month: 3, day: 14, year: null, ...over });

function profile(over: Partial<CareProfile>): CareProfile {
  return {
    personId: 'person-a',
    name: 'Maria',
    createdAt: 0,
    dates: [],
    checkIn: null,
    checkInSnoozedUntil: null,
    manualContacts: [],
    interests: [],
    howWeMet: '',
    introducedBy: null,
    ...over,
  };
}

describe('dateEvent', () => {
  it('starts a year-less date in 2000 and repeats it yearly', () => {
    expect(dateEvent('p', 'Maria', date({}))).toEqual({
      uid: 'p.date.date-1@kindred',
      kind: 'date',
      summary: 'Maria’s birthday',
      start: '2000-03-14',
      rrule: 'FREQ=YEARLY',
    });
  });

  it('starts a dated birthday on the day itself and never says an age', () => {
    const e = dateEvent('p', 'Maria', date({ year: 1986 }))!;
    expect(e.start).toBe('1986-03-14');
    expect(e.summary).toBe('Maria’s birthday');
  });

  it('repeats Feb 29 on the last day of February, with and without a year', () => {
    expect(dateEvent('p', 'Leap', date({ month: 2, day: 29 }))).toMatchObject({ start: '2000-02-29', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1' });
    expect(dateEvent('p', 'Leap', date({ month: 2, day: 29, year: 1988 }))).toMatchObject({ start: '1988-02-29', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1' });
    expect(dateEvent('p', 'Feb', date({ month: 2, day: 28 }))!.rrule).toBe('FREQ=YEARLY');
  });

  it('starts dates before 1900 (and damaged Feb 29s of common years) the year-less way', () => {
    expect(dateEvent('p', 'Great-gran', date({ year: 1871 }))!.start).toBe('2000-03-14');
    expect(dateEvent('p', 'X', date({ month: 2, day: 29, year: 1999 }))!.start).toBe('2000-02-29');
  });

  it('leaves out stored dates that are not real days', () => {
    expect(dateEvent('p', 'X', date({ month: 2, day: 30 }))).toBeNull();
    expect(dateEvent('p', 'X', date({ month: 13, day: 1 }))).toBeNull();
    expect(dateEvent('p', 'X', date({ month: 4, day: 0 }))).toBeNull();
    expect(dateEvent('p', 'X', date({ month: 4, day: 1.5 }))).toBeNull();
  });

  it('words an unlabelled date and a nameless person gently', () => {
    expect(dateEvent('p', '  ', date({ label: '' }))!.summary).toBe('Someone’s special day');
  });
});

describe('checkInEvent', () => {
  const cadence = { every: 2, unit: 'weeks' as const, since: '2026-10-01' };

  it('is on the due date shared/care computes from the last contact', () => {
    const e = checkInEvent(profile({ checkIn: cadence }), '2026-11-25', '2026-11-30')!;
    expect(e).toEqual({ uid: 'person-a.check-in@kindred', kind: 'checkIn', summary: 'Check in with Maria', start: '2026-12-09', rrule: null });
  });

  it('puts an overdue check-in on today (a past event would never be seen)', () => {
    expect(checkInEvent(profile({ checkIn: cadence }), '2026-10-20', '2026-11-30')!.start).toBe('2026-11-30');
  });

  it('follows a snooze, and is absent without a cadence', () => {
    expect(checkInEvent(profile({ checkIn: cadence, checkInSnoozedUntil: '2027-01-05' }), null, '2026-11-30')!.start).toBe('2027-01-05');
    expect(checkInEvent(profile({}), null, '2026-11-30')).toBeNull();
  });
});

describe('calendarEvents', () => {
  it('counts only contact pages (not "talked about", not after today) and orders events by day, then UID', () => {
    const a = profile({ personId: 'person-a', checkIn: { every: 1, unit: 'months', since: '2026-01-01' }, dates: [date({ id: 'd2', month: 12, day: 1 })] });
    const b = profile({ personId: 'person-b', name: 'Bo', dates: [date({ id: 'd1', month: 1, day: 5 }), date({ id: 'bad', month: 2, day: 31 })] });
    const pages = [
      { id: 'day-2026-11-20', kind: 'journal', date: '2026-11-20', contacts: ['person-a'] },
      { id: 'day-2026-12-10', kind: 'journal', date: '2026-12-10', contacts: ['person-a'] }, // future: not contact yet
    ];
    const { events, skippedDates } = calendarEvents([b, a], pages, '2026-11-30');
    expect(skippedDates).toBe(1);
    expect(events.map((e) => [e.uid, e.start])).toEqual([
      ['person-b.date.d1@kindred', '2000-01-05'],
      ['person-a.date.d2@kindred', '2000-12-01'],
      ['person-a.check-in@kindred', '2026-12-20'],
    ]);
  });
});
