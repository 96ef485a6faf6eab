import { describe, expect, it } from 'vitest';
import { profile } from '../../../../shared/care/care.testkit';
import type { CareProfile } from '../../../../shared/care';
import type { PageMeta, Person } from '../../../../shared/domain/types';
import type { WorkspaceSnapshot } from '../../../state/workspaceView';
import {
  askNextFor,
  checkInText,
  dateRows,
  dueText,
  introductionChoices,
  introductionsFor,
  lastTalkedText,
  openFollowUpsFor,
  sharedInterestLines,
} from './personCare';

const TODAY = '2026-11-23'; // a Monday

function page(id: string, extra: Partial<PageMeta> = {}): PageMeta {
  return {
    id,
    kind: 'journal',
    date: TODAY,
    place: '',
    createdAt: 0,
    updatedAt: 0,
    createdOn: 'dev',
    preview: [],
    mentions: {},
    contacts: [],
    followUps: [],
    askNext: [],
    introduction: null,
    ...extra,
  };
}

function snapshot(people: Record<string, Partial<CareProfile>>, pages: PageMeta[] = []): WorkspaceSnapshot {
  const persons = new Map<string, Person>(Object.keys(people).map((id) => [id, { id, name: id[0]!.toUpperCase() + id.slice(1), createdAt: 0 }]));
  const profiles = new Map(Object.entries(people).map(([id, extra]) => [id, profile(id, persons.get(id)!.name, extra)]));
  return {
    people: persons,
    pages: new Map(pages.map((p) => [p.id, p])),
    profiles,
    settings: { listeningPrompts: true, notifyAt: null },
    followUpOverrides: {},
    datesDone: new Set(),
    gone: new Map(),
    trash: [],
    version: 0,
    pagesChanged: null,
  };
}

describe('person page care model', () => {
  it('says when you last talked, warmly and with the date', () => {
    expect(lastTalkedText(null, TODAY)).toBe('No conversations yet');
    expect(lastTalkedText('2026-11-02', TODAY, 'en-US')).toBe('Last talked 3 weeks ago (Nov 2, 2026)');
  });

  it('writes due dates in words', () => {
    expect(dueText(null, TODAY)).toBe('no date');
    expect(dueText('2026-12-01', TODAY, 'en-US')).toBe('due Tue, Dec 1');
    expect(dueText('2027-01-05', TODAY, 'en-US')).toBe('due Tue, Jan 5, 2027');
    expect(dueText(TODAY, TODAY)).toBe('due today');
    expect(dueText('2026-11-24', TODAY)).toBe('due tomorrow');
    expect(dueText('2026-11-20', TODAY)).toBe('overdue by 3 days');
    expect(dueText('2026-11-22', TODAY)).toBe('overdue by 1 day');
  });

  it('describes the next check-in', () => {
    expect(checkInText(null, TODAY)).toBeNull();
    expect(checkInText({ dueDate: '2026-12-01', overdueDays: -8, due: false, snoozed: false }, TODAY, 'en-US')).toBe(
      'Next check-in: Tue, Dec 1, in 8 days',
    );
    expect(checkInText({ dueDate: TODAY, overdueDays: 0, due: true, snoozed: false }, TODAY)).toBe('Next check-in: today');
    expect(checkInText({ dueDate: '2026-11-20', overdueDays: 3, due: true, snoozed: false }, TODAY, 'en-US')).toBe(
      'Next check-in: due now (since Fri, Nov 20)',
    );
  });

  it('lists dates by next occurrence, with ages when the year is known', () => {
    const rows = dateRows(
      [
        { id: 'a', label: 'birthday', month: 3, day: 14, year: 1986 },
        { id: 'b', label: 'wedding anniversary', month: 12, day: 1, year: 2019 },
        { id: 'c', label: '', month: 11, day: 23, year: null },
      ],
      TODAY,
      'en-US',
    );
    expect(rows.map((r) => [r.formatted, r.when])).toEqual([
      ['Nov 23', 'today'],
      ['Dec 1, 2019', 'in 8 days (7 years)'],
      ['Mar 14, 1986', 'in 111 days (turns 41)'],
    ]);
  });

  it('keeps only open follow-ups that include the person, soonest first', () => {
    const s = snapshot({ maria: {}, sam: {} }, [
      page('p1', {
        date: TODAY,
        followUps: [
          { key: 'p1:a', parts: ['send ', { p: 'maria' }, ' the recipe next Tuesday'], personIds: ['maria'], checked: false },
          { key: 'p1:b', parts: ['call ', { p: 'maria' }, ' tomorrow'], personIds: ['maria'], checked: true },
          { key: 'p1:c', parts: ['ask ', { p: 'sam' }, ' about it'], personIds: ['sam'], checked: false },
          { key: 'p1:d', parts: ['ask ', { p: 'maria' }, ' about the trip'], personIds: ['maria'], checked: false },
          { key: 'p1:e', parts: ['bake for ', { p: 'maria' }, ' on Friday'], personIds: ['maria'], checked: false },
        ],
      }),
    ]);
    const open = openFollowUpsFor(s, 'maria', TODAY);
    expect(open.map((f) => [f.text, f.due])).toEqual([
      ['bake for @Maria on Friday', '2026-11-27'],
      ['send @Maria the recipe next Tuesday', '2026-12-01'],
      ['ask @Maria about the trip', null],
    ]);
    const overridden = { ...s, followUpOverrides: { 'p1:a': { due: '2026-11-25' } } };
    expect(openFollowUpsFor(overridden, 'maria', TODAY)[0]!.key).toBe('p1:a');
  });

  it('shows what to ask from the newest entry with them that has questions', () => {
    const pages = [
      page('old', { date: '2026-10-01', contacts: ['maria'], askNext: [['how was Lisbon?']] }),
      page('new', { date: '2026-11-01', kind: 'conversation', mentions: { maria: [] }, askNext: [['did the job come through?']] }),
      page('newer-no-questions', { date: '2026-11-20', contacts: ['maria'] }),
      page('someone-else', { date: '2026-11-22', contacts: ['sam'], askNext: [['not for Maria']] }),
    ];
    expect(askNextFor(pages, 'maria')?.page.id).toBe('new');
    expect(askNextFor(pages, 'ana')).toBeNull();
  });

  it('lists introductions on both sides, newest first', () => {
    const pages = [
      page('i1', { kind: 'conversation', date: '2026-10-01', introduction: { a: 'maria', b: 'sam', why: 'pottery' } }),
      page('i2', { kind: 'conversation', date: '2026-11-01', introduction: { a: 'ana', b: 'maria', why: '' } }),
      page('i3', { kind: 'conversation', date: '2026-11-02', introduction: { a: 'ana', b: 'sam', why: '' } }),
    ];
    expect(introductionsFor(pages, 'maria').map((r) => [r.page.id, r.otherId])).toEqual([
      ['i2', 'ana'],
      ['i1', 'sam'],
    ]);
    expect(introductionsFor(pages, 'sam').map((r) => r.otherId)).toEqual(['ana', 'maria']);
  });

  it('puts people who share interests first when introducing, and suggests who to introduce', () => {
    const s = snapshot({
      maria: { interests: ['pottery', 'jazz'] },
      sam: { interests: ['Pottery'] },
      ana: { interests: ['pottery', 'jazz'] },
      bo: {},
    });
    expect(introductionChoices(s, 'maria')).toEqual([
      { id: 'ana', name: 'Ana', note: 'Both love jazz and pottery' },
      { id: 'sam', name: 'Sam', note: 'Both love pottery' },
      { id: 'bo', name: 'Bo', note: '' },
    ]);
    const lines = sharedInterestLines(s, 'maria');
    expect(lines.map((l) => l.text)).toEqual([
      'You know three people who love pottery: Ana, Maria and Sam',
      'You know two people who love jazz: Ana and Maria',
    ]);
    expect(lines[0]!.others.map((o) => o.id)).toEqual(['ana', 'sam']);
    expect(sharedInterestLines(s, 'bo')).toEqual([]);
    // Once introduced, they are not suggested again.
    const after = snapshot({ maria: { interests: ['jazz'] }, ana: { interests: ['jazz'] } }, [
      page('i', { kind: 'conversation', introduction: { a: 'maria', b: 'ana', why: '' } }),
    ]);
    expect(sharedInterestLines(after, 'maria')).toEqual([]);
  });
});
