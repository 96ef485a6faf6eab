import { describe, expect, it } from 'vitest';
import { addInterval, checkInStatus, dueCheckIns, lastContactDates, snoozeUntil, type PageMetaLike } from './cadence';
import { profile } from './care.testkit';

describe('addInterval', () => {
  it('adds days and weeks as whole calendar days, across DST changes', () => {
    expect(addInterval('2026-03-07', 1, 'days')).toBe('2026-03-08'); // US spring forward
    expect(addInterval('2026-03-28', 2, 'days')).toBe('2026-03-30'); // EU spring forward
    expect(addInterval('2026-10-20', 1, 'weeks')).toBe('2026-10-27'); // EU fall back
    expect(addInterval('2026-10-30', 2, 'weeks')).toBe('2026-11-13'); // US fall back
    expect(addInterval('2026-12-25', 10, 'days')).toBe('2027-01-04');
  });

  it('adds calendar months, clamping to the end of shorter months', () => {
    expect(addInterval('2026-01-31', 1, 'months')).toBe('2026-02-28');
    expect(addInterval('2028-01-31', 1, 'months')).toBe('2028-02-29');
    expect(addInterval('2026-03-31', 1, 'months')).toBe('2026-04-30');
    expect(addInterval('2026-12-31', 2, 'months')).toBe('2027-02-28');
    expect(addInterval('2024-02-29', 12, 'months')).toBe('2025-02-28');
    expect(addInterval('2026-11-15', 3, 'months')).toBe('2027-02-15');
    expect(addInterval('2026-01-15', -1, 'months')).toBe('2025-12-15');
  });

  it('refuses fractional intervals', () => {
    expect(() => addInterval('2026-01-01', 1.5, 'weeks')).toThrow(/whole number/);
  });

  it('snoozes for a week or a calendar month', () => {
    expect(snoozeUntil('2026-11-23', 'week')).toBe('2026-11-30');
    expect(snoozeUntil('2027-01-31', 'month')).toBe('2027-02-28');
  });
});

describe('lastContactDates', () => {
  const today = '2026-11-23';
  const people = [profile('sam', 'Sam'), profile('maria', 'Maria'), profile('ana', 'Ana', { manualContacts: ['2026-11-01', '2026-12-01'] })];
  const pages: PageMetaLike[] = [
    { id: 'p1', kind: 'conversation', date: '2026-10-01', contacts: ['sam'] },
    { id: 'p2', kind: 'journal', date: '2026-11-10', contacts: ['sam', 'maria'] },
    { id: 'p3', kind: 'conversation', date: '2026-11-20', contacts: [] }, // talked about Sam, not with
    { id: 'p4', kind: 'person', date: '2026-11-22', contacts: ['maria'] }, // someone's page: not contact
    { id: 'p5', kind: 'conversation', date: '2026-11-30', contacts: ['sam'] }, // dated in the future
    { id: 'p6', kind: 'conversation', date: '2026-10-05', contacts: ['ana', 'ghost'] },
  ];

  it('takes the latest journal or conversation page listing them as contact, up to today', () => {
    expect(lastContactDates(pages, people, today)).toEqual({ sam: '2026-11-10', maria: '2026-11-10', ana: '2026-11-01' });
  });

  it('gives null to people with no conversations yet', () => {
    expect(lastContactDates([], [profile('lee', 'Lee')], today)).toEqual({ lee: null });
  });

  it('counts a future page once its day has come', () => {
    expect(lastContactDates(pages, people, '2026-11-30').sam).toBe('2026-11-30');
  });
});

describe('checkInStatus', () => {
  const weekly = { every: 2, unit: 'weeks' as const, since: '2026-09-01' };

  it('is null without a cadence (off by default) or with a nonsensical one', () => {
    expect(checkInStatus(profile('sam', 'Sam'), '2026-11-01', '2026-11-23')).toBeNull();
    expect(checkInStatus(profile('sam', 'Sam', { checkIn: { ...weekly, every: 0 } }), null, '2026-11-23')).toBeNull();
  });

  it('counts from the day the cadence was set when there are no conversations yet', () => {
    const p = profile('sam', 'Sam', { checkIn: { every: 1, unit: 'months', since: '2026-10-31' } });
    expect(checkInStatus(p, null, '2026-11-23')).toEqual({ dueDate: '2026-11-30', overdueDays: -7, due: false, snoozed: false });
    expect(checkInStatus(p, null, '2026-11-30')).toEqual({ dueDate: '2026-11-30', overdueDays: 0, due: true, snoozed: false });
  });

  it('counts from the last contact, or from `since` when that is later', () => {
    const p = profile('sam', 'Sam', { checkIn: weekly });
    expect(checkInStatus(p, '2026-11-01', '2026-11-23')).toMatchObject({ dueDate: '2026-11-15', overdueDays: 8, due: true });
    expect(checkInStatus(p, '2026-06-01', '2026-09-10')).toMatchObject({ dueDate: '2026-09-15', overdueDays: -5, due: false });
  });

  it('is moved to the snoozed-until day, and due again on it', () => {
    const p = profile('sam', 'Sam', { checkIn: weekly, checkInSnoozedUntil: '2026-11-30' });
    expect(checkInStatus(p, '2026-11-01', '2026-11-23')).toEqual({ dueDate: '2026-11-30', overdueDays: -7, due: false, snoozed: true });
    expect(checkInStatus(p, '2026-11-01', '2026-11-30')).toMatchObject({ due: true, overdueDays: 0 });
    // A contact after the snooze decides again; an old snooze no longer matters.
    expect(checkInStatus(p, '2026-11-25', '2026-11-30')).toMatchObject({ dueDate: '2026-12-09', snoozed: false, due: false });
  });

  it('is not reset by a page where they were talked about, not with', () => {
    const p = profile('sam', 'Sam', { checkIn: weekly });
    const pages: PageMetaLike[] = [
      { id: 'a', kind: 'conversation', date: '2026-11-01', contacts: ['sam'] },
      { id: 'b', kind: 'conversation', date: '2026-11-20', contacts: ['maria'] }, // mentions Sam "about"
    ];
    const last = lastContactDates(pages, [p], '2026-11-23');
    expect(checkInStatus(p, last.sam ?? null, '2026-11-23')).toMatchObject({ dueDate: '2026-11-15', due: true });
    // Whereas a real conversation on the 20th resets it:
    const withSam = lastContactDates([...pages, { id: 'c', kind: 'journal', date: '2026-11-20', contacts: ['sam'] }], [p], '2026-11-23');
    expect(checkInStatus(p, withSam.sam ?? null, '2026-11-23')).toMatchObject({ dueDate: '2026-12-04', due: false });
  });
});

describe('dueCheckIns', () => {
  it('lists only due check-ins, most overdue first, then by name', () => {
    const since = '2026-01-01';
    const people = [
      profile('sam', 'Sam', { checkIn: { every: 1, unit: 'weeks', since } }),
      profile('maria', 'Maria', { checkIn: { every: 1, unit: 'months', since } }),
      profile('ana', 'Ana', { checkIn: { every: 7, unit: 'days', since } }),
      profile('lee', 'Lee', { checkIn: { every: 1, unit: 'months', since } }),
      profile('off', 'Off'),
    ];
    const last = { sam: '2026-11-10', maria: '2026-09-01', ana: '2026-11-10', lee: '2026-11-20', off: '2020-01-01' };
    expect(dueCheckIns(people, last, '2026-11-23')).toEqual([
      { kind: 'checkIn', personId: 'maria', dueDate: '2026-10-01', overdueDays: 53, lastContact: '2026-09-01' },
      { kind: 'checkIn', personId: 'ana', dueDate: '2026-11-17', overdueDays: 6, lastContact: '2026-11-10' },
      { kind: 'checkIn', personId: 'sam', dueDate: '2026-11-17', overdueDays: 6, lastContact: '2026-11-10' },
    ]);
  });
});
