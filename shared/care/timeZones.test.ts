/**
 * The same workspace gives the same answers whatever the machine's time zone, on days around
 * DST changes. Node applies a runtime change of process.env.TZ to later Date calls; the first
 * test checks that it really did, so the comparison cannot pass by accident.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addInterval, checkInStatus } from './cadence';
import { item, nameOf, profile } from './care.testkit';
import { parseDueDate } from './dueDate';
import { extractFollowUps } from './followUps';
import { formatImportantDate, nextOccurrence, parseImportantDate, upcomingDates } from './importantDates';
import { planDailyNotification } from './notifications';
import { buildReachOut } from './reachOut';

const ZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
const original = process.env.TZ;
afterAll(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

function scenario(): unknown {
  // Days straddling the changes: US 2026-03-08 / 11-01, EU 2026-03-29 / 10-25, Lord Howe 04-05 / 10-04.
  const days = ['2026-03-07', '2026-03-08', '2026-03-28', '2026-03-29', '2026-10-24', '2026-10-25', '2026-10-31', '2026-11-01', '2026-04-04', '2026-10-03'];
  const profiles = [
    profile('sam', 'Sam', {
      checkIn: { every: 1, unit: 'weeks', since: '2026-03-01' },
      dates: [{ id: 'b', label: 'birthday', month: 3, day: 29, year: 1980 }],
    }),
    profile('maria', 'Maria', {
      checkIn: { every: 1, unit: 'months', since: '2026-01-31' },
      dates: [{ id: 'l', label: 'birthday', month: 2, day: 29, year: null }],
    }),
  ];
  const pages = [{ id: 'p', kind: 'conversation', date: '2026-03-07', contacts: ['sam'] }];
  return days.map((day) => ({
    day,
    weekly: addInterval(day, 1, 'weeks'),
    monthly: addInterval(day, 1, 'months'),
    due: ['tomorrow', 'next Sunday', 'in 2 weeks', 'on the 1st', 'Mar 29'].map((t) => parseDueDate(t, day)),
    status: checkInStatus(profiles[0]!, '2026-03-07', day),
    next: nextOccurrence({ month: 2, day: 29, year: null }, day),
    upcoming: upcomingDates(profiles, day, 45),
    followUps: extractFollowUps('p', day, [item(false, 'call ', { m: 'may' }, ' tomorrow')], nameOf),
    reachOut: buildReachOut({ profiles, pages, followUps: [], today: day }),
    parsed: parseImportantDate('birthday Mar 29 1980'),
    formatted: formatImportantDate({ month: 3, day: 29, year: 1980 }, 'en-US'),
  }));
}

describe('time zones', () => {
  it('really switches zones', () => {
    process.env.TZ = 'America/New_York';
    const ny = new Date(2026, 0, 1).getTimezoneOffset();
    process.env.TZ = 'Pacific/Kiritimati';
    const kiritimati = new Date(2026, 0, 1).getTimezoneOffset();
    expect([ny, kiritimati]).toEqual([300, -840]);
  });

  it('gives identical dates, cadences, follow-ups and Reach out lists in every zone', () => {
    process.env.TZ = 'UTC';
    const reference = scenario();
    expect(JSON.stringify(reference)).toContain('"2026-03-08"');
    for (const zone of ZONES) {
      process.env.TZ = zone;
      expect(scenario(), zone).toEqual(reference);
    }
  });

  it('sends the notification on the spring-forward day when the chosen time does not exist', () => {
    process.env.TZ = 'America/New_York';
    const plan = (now: Date, lastSentDay: string | null = null) =>
      planDailyNotification({ now, timeOfDay: '02:30', lastSentDay, lastSentKeys: ['a'], dueKeys: ['a'] });
    // 2026-03-08 02:00 EST jumps to 03:00 EDT; 07:00Z is 03:00 local.
    expect(plan(new Date('2026-03-08T06:59:00Z'))).toEqual({ send: false }); // 01:59 local
    expect(plan(new Date('2026-03-08T07:00:00Z'))).toEqual({ send: true, day: '2026-03-08', keys: ['a'], fresh: ['a'] });
  });

  it('sends once on the fall-back day, though the chosen time happens twice', () => {
    process.env.TZ = 'Europe/Berlin';
    const plan = (now: Date, lastSentDay: string | null) =>
      planDailyNotification({ now, timeOfDay: '02:30', lastSentDay, lastSentKeys: ['a'], dueKeys: ['a'] });
    // 2026-10-25: 02:30 CEST is 00:30Z, and 02:30 CET is 01:30Z.
    expect(plan(new Date('2026-10-25T00:30:00Z'), '2026-10-24')).toMatchObject({ send: true, day: '2026-10-25' });
    expect(plan(new Date('2026-10-25T01:30:00Z'), '2026-10-25')).toEqual({ send: false });
  });

  it('uses the local day, not the UTC day, for "today"', () => {
    process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: 2026-11-22T20:00Z is 10:00 on the 23rd
    const p = planDailyNotification({ now: new Date('2026-11-22T20:00:00Z'), timeOfDay: '09:00', lastSentDay: '2026-11-22', lastSentKeys: ['a'], dueKeys: ['a'] });
    expect(p).toMatchObject({ send: true, day: '2026-11-23' });
  });
});
