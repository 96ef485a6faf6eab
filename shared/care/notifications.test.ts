import { describe, expect, it } from 'vitest';
import { fallbackSummary, parseTimeOfDay, planDailyNotification, summariseDue, SUMMARY_BODY_LIMIT, SUMMARY_NAME_LIMIT } from './notifications';
import type { ReachOut } from './reachOut';
import type { FollowUp, ReachOutItem } from './types';

// Local wall-clock times (whatever the machine's zone): the planner reads local time.
const at = (day: string, hh: number, mm = 0) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, d ?? 1, hh, mm);
};

const base = { timeOfDay: '09:00', lastSentDay: null, lastSentKeys: [], dueKeys: ['checkIn:sam:2026-11-20'] };

describe('planDailyNotification', () => {
  it('waits for the chosen time of day', () => {
    expect(planDailyNotification({ ...base, now: at('2026-11-23', 8, 59) })).toEqual({ send: false });
    expect(planDailyNotification({ ...base, now: at('2026-11-23', 9, 0) })).toEqual({
      send: true,
      day: '2026-11-23',
      keys: ['checkIn:sam:2026-11-20'],
      fresh: ['checkIn:sam:2026-11-20'],
    });
    expect(planDailyNotification({ ...base, now: at('2026-11-23', 23, 30) })).toMatchObject({ send: true });
  });

  it('says nothing when nothing is due', () => {
    expect(planDailyNotification({ ...base, dueKeys: [], now: at('2026-11-23', 10) })).toEqual({ send: false });
  });

  it('sends at most once a day…', () => {
    const sent = { lastSentDay: '2026-11-23', lastSentKeys: ['checkIn:sam:2026-11-20'] };
    expect(planDailyNotification({ ...base, ...sent, now: at('2026-11-23', 12) })).toEqual({ send: false });
    // …and again the next day, even for the same items.
    expect(planDailyNotification({ ...base, ...sent, now: at('2026-11-24', 9) })).toMatchObject({ send: true, day: '2026-11-24' });
  });

  it('…unless something comes due that was not in today\'s notification', () => {
    const sent = { lastSentDay: '2026-11-23', lastSentKeys: ['checkIn:sam:2026-11-20'] };
    const dueKeys = ['checkIn:sam:2026-11-20', 'checkIn:ana:2026-11-23'];
    expect(planDailyNotification({ ...base, ...sent, dueKeys, now: at('2026-11-23', 15) })).toEqual({
      send: true,
      day: '2026-11-23',
      keys: ['checkIn:sam:2026-11-20', 'checkIn:ana:2026-11-23'],
      fresh: ['checkIn:ana:2026-11-23'],
    });
    // Once that is recorded, nothing more; an item that was done and is gone changes nothing.
    const after = { lastSentDay: '2026-11-23', lastSentKeys: dueKeys };
    expect(planDailyNotification({ ...base, ...after, dueKeys: ['checkIn:ana:2026-11-23'], now: at('2026-11-23', 16) })).toEqual({
      send: false,
    });
  });

  it('rejects a time that is not HH:MM', () => {
    expect(() => planDailyNotification({ ...base, timeOfDay: '25:00', now: at('2026-11-23', 9) })).toThrow(RangeError);
    expect(parseTimeOfDay('7:05')).toBe(425);
    expect(parseTimeOfDay('09:60')).toBeNull();
    expect(parseTimeOfDay('nine')).toBeNull();
  });
});

const fu = (due: string | null): ReachOutItem => ({
  kind: 'followUp',
  followUp: { key: `k${due}`, pageId: 'p', pageDate: '2026-11-01', text: 'x', personIds: ['sam'], checked: false, due } as FollowUp,
});
const names: Record<string, string> = { sam: 'Sam', maria: 'Maria', ana: 'Ana', lee: 'Lee', kim: 'Kim' };
const nameOf = (id: string) => names[id] ?? id;
const checkIn = (personId: string): ReachOutItem => ({ kind: 'checkIn', personId, dueDate: '2026-11-20', overdueDays: 3, lastContact: null });

describe('summariseDue', () => {
  const today = '2026-11-23'; // Monday

  it('writes one short, warm line', () => {
    const reachOut: Pick<ReachOut, 'checkIns' | 'dates' | 'followUps'> = {
      checkIns: [checkIn('sam')],
      dates: [
        { kind: 'date', personId: 'maria', dateId: 'b', label: 'birthday', on: '2026-11-27', inDays: 4, years: null },
        { kind: 'date', personId: 'ana', dateId: 'a', label: 'birthday', on: '2026-11-24', inDays: 1, years: 40 },
        { kind: 'date', personId: 'lee', dateId: 'w', label: 'wedding anniversary', on: today, inDays: 0, years: 7 },
        { kind: 'date', personId: 'kim', dateId: 'k', label: '', on: '2026-12-10', inDays: 17, years: null },
      ],
      followUps: [fu('2026-11-20'), fu(today), fu('2026-11-30'), fu(null)],
    };
    const { title, body } = summariseDue(reachOut, nameOf, today);
    expect(title).toBe('Keeping in touch today');
    expect(body).toBe(
      "Today: check in with Sam; Maria's birthday is on Friday; Ana turns 40 tomorrow; Lee's wedding anniversary is today; 2 follow-ups",
    );
    expect(`${title} ${body}`).not.toMatch(/\b(lead|pipeline|value|score)s?\b/i);
  });

  it('groups names and counts follow-ups', () => {
    const many = { checkIns: ['sam', 'maria', 'ana', 'lee', 'kim'].map(checkIn), dates: [], followUps: [fu(today)] };
    expect(summariseDue(many, nameOf, today).body).toBe('Today: check in with Sam, Maria and 3 others; 1 follow-up');
    const three = { checkIns: ['sam', 'maria', 'ana'].map(checkIn), dates: [], followUps: [] };
    expect(summariseDue(three, nameOf, today).body).toBe('Today: check in with Sam, Maria and Ana');
    expect(summariseDue({ checkIns: [], dates: [], followUps: [fu(null)] }, nameOf, today).body).toBe('Nothing due today.');
  });
});

describe('summariseDue stays within what a host accepts', () => {
  const today = '2026-11-23';
  const birthday = (personId: string, label = 'birthday'): ReachOutItem => ({
    kind: 'date',
    personId,
    dateId: `d-${personId}`,
    label,
    on: today,
    inDays: 0,
    years: null,
  });

  it('cuts a 5,000-character date label and a 5,000-character name to a readable length', () => {
    const label = `anniversary ${'of everything '.repeat(400)}`;
    expect(label.length).toBeGreaterThan(5000);
    const longName = 'Maria'.repeat(1000);
    const reachOut = { checkIns: [checkIn('sam')], dates: [birthday('maria', label)], followUps: [] };
    const { body } = summariseDue(reachOut, (id) => (id === 'maria' ? longName : nameOf(id)), today);
    expect(body.length).toBeLessThanOrEqual(SUMMARY_BODY_LIMIT);
    expect(body).toMatch(/^Today: check in with Sam; (Maria)+[Mari]*…'s anniversary of everything[ a-z]*… is today$/);
    expect(body).toMatch(/ is today$/);
    expect(body.length).toBeLessThan(200);
  });

  it('lists a few of 500 people due and counts the rest', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `p${i}`);
    const reachOut = {
      checkIns: ids.map(checkIn),
      dates: ids.map((id) => birthday(id, `${'very '.repeat(200)}special day`)),
      followUps: [fu(today), fu(today)],
    };
    const who = (id: string) => `Person number ${id} ${'with a long name '.repeat(50)}`;
    const { body } = summariseDue(reachOut, who, today);
    expect(body.length).toBeLessThanOrEqual(SUMMARY_BODY_LIMIT);
    expect(body).toMatch(/^Today: check in with Person number p0 .*…, Person number p1 .*… and 498 others; /);
    expect(body).toMatch(/; …and 496 more; 2 follow-ups$/);
    // Exactly the first four dates are named.
    expect(body.match(/…'s very (very )*very… is today/g)).toHaveLength(4);
  });

  it('never cuts a character in half (surrogate pairs survive the cut)', () => {
    const name = '😀'.repeat(100);
    const { body } = summariseDue({ checkIns: [checkIn('x')], dates: [], followUps: [] }, () => name, today);
    expect(body).toBe(`Today: check in with ${'😀'.repeat(SUMMARY_NAME_LIMIT - 1)}…`);
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no lone surrogate
  });

  it('has a short fallback that names only how many things are due', () => {
    expect(fallbackSummary(3)).toEqual({ title: 'Keeping in touch today', body: '3 things are due. Open Reach out to see them.' });
    expect(fallbackSummary(1).body).toBe('1 thing is due. Open Reach out to see it.');
  });
});
