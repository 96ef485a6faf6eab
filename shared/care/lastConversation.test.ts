import { describe, expect, it } from 'vitest';
import { sortPeopleByRecent } from '../domain/backlinks';
import { lastContactDates } from './cadence';
import { profile } from './care.testkit';
import { lastConversationDates, type PageMetaLike } from './lastConversation';

const today = '2026-11-23';
// Mentions of Sam on p3 are "talked about, not with": the registry leaves him out of contacts.
const pages: PageMetaLike[] = [
  { id: 'p1', kind: 'conversation', date: '2026-10-01', contacts: ['sam'] },
  { id: 'p3', kind: 'conversation', date: '2026-11-20', contacts: [] },
  { id: 'p4', kind: 'person', date: '2026-11-22', contacts: ['maria'] },
  { id: 'p5', kind: 'conversation', date: '2026-12-30', contacts: ['maria'] },
  { id: 'p6', kind: 'journal', date: '2026-09-01', contacts: ['ana'] },
];
const people = [
  profile('sam', 'Sam'),
  profile('maria', 'Maria'),
  profile('ana', 'Ana', { manualContacts: ['2026-11-15', '2027-01-01', 'not a date'] }),
  profile('lee', 'Lee'),
];

describe('lastConversationDates', () => {
  it('counts people talked with, not people only talked about', () => {
    expect(lastConversationDates(pages, people, today).sam).toBe('2026-10-01');
  });

  it('ignores notes dated after today and person pages', () => {
    expect(lastConversationDates(pages, people, today).maria).toBeNull();
    expect(lastConversationDates(pages, people, '2026-12-30').maria).toBe('2026-12-30');
  });

  it('counts a check-in marked Done (not a future or malformed one)', () => {
    expect(lastConversationDates(pages, people, today).ana).toBe('2026-11-15');
  });

  it('gives null to people with no conversation and nothing to people it was not asked about', () => {
    const last = lastConversationDates(pages, people, today);
    expect(last.lee).toBeNull();
    expect(Object.keys(last).sort()).toEqual(['ana', 'lee', 'maria', 'sam']);
  });

  it('is what check-ins use, and what the People list sorts and shows', () => {
    const last = lastConversationDates(pages, people, today);
    expect(lastContactDates(pages, people, today)).toEqual(last);
    const list = sortPeopleByRecent(
      people.map((p) => ({ id: p.personId, name: p.name, createdAt: 0 })),
      last,
    );
    expect(list.map((p) => [p.id, p.lastConversation])).toEqual([
      ['ana', '2026-11-15'],
      ['sam', '2026-10-01'],
      ['lee', null],
      ['maria', null],
    ]);
  });
});
