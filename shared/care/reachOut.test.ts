import { describe, expect, it } from 'vitest';
import type { PageMetaLike } from './cadence';
import { item, nameOf, profile } from './care.testkit';
import { applyOverrides, extractFollowUps } from './followUps';
import { buildReachOut, dueToday, lastTalkedPhrase, reachOutKey } from './reachOut';

const today = '2026-11-23';

function workspace() {
  const profiles = [
    profile('sam', 'Sam', { checkIn: { every: 2, unit: 'weeks', since: '2026-01-01' } }),
    profile('maria', 'Maria', {
      checkIn: { every: 1, unit: 'months', since: '2026-01-01' },
      dates: [{ id: 'b', label: 'birthday', month: 11, day: 27, year: null }],
    }),
    profile('ana', 'Ana', {
      checkIn: { every: 1, unit: 'weeks', since: '2026-11-20' }, // set 3 days ago, no conversations yet
      dates: [{ id: 'a', label: 'birthday', month: 11, day: 23, year: 1990 }],
    }),
  ];
  const pages: PageMetaLike[] = [
    { id: 'p1', kind: 'conversation', date: '2026-10-01', contacts: ['maria'] },
    { id: 'p2', kind: 'journal', date: '2026-11-01', contacts: ['sam'] },
    { id: 'p3', kind: 'conversation', date: '2026-11-21', contacts: [] }, // Maria, "talked about"
  ];
  const followUps = [
    ...extractFollowUps('p2', '2026-11-01', [item(false, 'send ', { m: 'maria' }, ' the recipe in 2 weeks')], nameOf),
    ...extractFollowUps('p3', '2026-11-21', [item(false, 'book tickets with ', { m: 'sam' })], nameOf),
    ...extractFollowUps('p3', '2026-11-21', [item(true, 'call ', { m: 'ana' }, ' tomorrow')], nameOf),
    ...extractFollowUps('p3', '2026-11-21', [item(false, 'ask ', { m: 'deleted' }, ' tomorrow')], nameOf),
  ];
  return { profiles, pages, followUps };
}

describe('buildReachOut', () => {
  it('composes check-ins, dates and open follow-ups', () => {
    const r = buildReachOut({ ...workspace(), today });
    expect(r.checkIns).toEqual([
      { kind: 'checkIn', personId: 'maria', dueDate: '2026-11-01', overdueDays: 22, lastContact: '2026-10-01' },
      { kind: 'checkIn', personId: 'sam', dueDate: '2026-11-15', overdueDays: 8, lastContact: '2026-11-01' },
    ]);
    expect(r.dates).toEqual([
      { kind: 'date', personId: 'ana', dateId: 'a', label: 'birthday', on: today, inDays: 0, years: 36 },
      { kind: 'date', personId: 'maria', dateId: 'b', label: 'birthday', on: '2026-11-27', inDays: 4, years: null },
    ]);
    expect(r.followUps.map((f) => (f.kind === 'followUp' ? [f.followUp.text, f.followUp.due] : null))).toEqual([
      ['send @Maria the recipe in 2 weeks', '2026-11-15'],
      ['book tickets with @Sam', null],
    ]);
    // 2 check-ins + Ana's birthday today + the overdue recipe.
    expect(r.dueTodayCount).toBe(4);
    expect(r.lastContacts).toEqual({ sam: '2026-11-01', maria: '2026-10-01', ana: null });
  });

  it('drops a follow-up once done, and shows a hand-set due date', () => {
    const w = workspace();
    const [recipe, tickets] = w.followUps;
    const followUps = applyOverrides(w.followUps, {
      [recipe?.key ?? '']: { doneOn: today },
      [tickets?.key ?? '']: { due: '2026-11-23' },
    });
    const r = buildReachOut({ ...w, followUps, today });
    expect(r.followUps).toHaveLength(1);
    expect(r.followUps[0]).toMatchObject({ followUp: { text: 'book tickets with @Sam', due: today } });
    expect(r.dueTodayCount).toBe(4);
  });

  it('uses the date window', () => {
    expect(buildReachOut({ ...workspace(), today, dateWindowDays: 0 }).dates).toHaveLength(1);
  });
});

describe('dueToday and reachOutKey', () => {
  it('gives a snoozed check-in a new key when it comes due again', () => {
    const p = profile('sam', 'Sam', { checkIn: { every: 1, unit: 'weeks', since: '2026-01-01' } });
    const before = buildReachOut({ profiles: [p], pages: [], followUps: [], today });
    const snoozed = { ...p, checkInSnoozedUntil: '2026-11-30' };
    expect(buildReachOut({ profiles: [snoozed], pages: [], followUps: [], today }).checkIns).toEqual([]);
    const later = buildReachOut({ profiles: [snoozed], pages: [], followUps: [], today: '2026-11-30' });
    const [a] = dueToday(before, today);
    const [b] = dueToday(later, '2026-11-30');
    expect(a && reachOutKey(a)).toBe('checkIn:sam:2026-01-08');
    expect(b && reachOutKey(b)).toBe('checkIn:sam:2026-11-30');
  });
});

describe('lastTalkedPhrase', () => {
  it('says how long ago, or that there are no conversations yet', () => {
    expect(lastTalkedPhrase(null, today)).toBe('no conversations yet');
    expect(lastTalkedPhrase('2026-11-02', today)).toBe('last talked 3 weeks ago');
    expect(lastTalkedPhrase('2026-11-22', today)).toBe('last talked yesterday');
    expect(lastTalkedPhrase(today, today)).toBe('last talked today');
    expect(lastTalkedPhrase('2026-12-01', today)).toBe('last talked today');
  });
});
