import { describe, expect, it } from 'vitest';
import { backlinksFor, byDateDesc, sortPeopleByRecent, talkedWithIds } from './backlinks';
import type { PageMeta, Person, SnippetPart } from './types';

function page(id: string, kind: PageMeta['kind'], date: string, updatedAt: number, mentions: string[]): PageMeta {
  const snippets: Record<string, SnippetPart[]> = {};
  for (const personId of mentions) snippets[personId] = [`on ${id} with `, { p: personId }];
  return {
    id, kind, date, place: '', createdAt: 0, updatedAt, createdOn: 'dev', preview: [], mentions: snippets,
    contacts: mentions, followUps: [], askNext: [], introduction: null,
  };
}

const person = (id: string, name: string, createdAt: number): Person => ({ id, name, createdAt });

describe('backlinksFor', () => {
  const pages = [
    page('note-old', 'conversation', '2026-01-10', 5, ['person-a']),
    page('person-a', 'person', '2026-12-31', 99, ['person-a', 'person-b']),
    page('day-2026-03-01', 'journal', '2026-03-01', 1, ['person-a', 'person-b']),
    page('note-same-day-late', 'conversation', '2026-03-01', 30, ['person-a']),
    page('note-same-day-mid', 'conversation', '2026-03-01', 20, ['person-a']),
    page('note-unrelated', 'conversation', '2026-06-01', 50, ['person-b']),
  ];

  it('lists the pages that mention the person, newest date first, ties by most recent edit', () => {
    expect(backlinksFor('person-a', pages).map((b) => b.pageId)).toEqual([
      'note-same-day-late',
      'note-same-day-mid',
      'day-2026-03-01',
      'note-old',
    ]);
  });

  it("excludes the person's own page even when it mentions them", () => {
    expect(backlinksFor('person-a', pages).some((b) => b.pageId === 'person-a')).toBe(false);
  });

  it("keeps other people's pages and carries the snippet, kind and dates", () => {
    const links = backlinksFor('person-b', pages);
    expect(links.map((b) => b.pageId)).toEqual(['person-a', 'note-unrelated', 'day-2026-03-01']);
    expect(links[2]).toEqual({
      pageId: 'day-2026-03-01',
      kind: 'journal',
      date: '2026-03-01',
      updatedAt: 1,
      snippet: ['on day-2026-03-01 with ', { p: 'person-b' }],
    });
  });

  it('returns nothing for someone never mentioned, and accepts any iterable', () => {
    expect(backlinksFor('person-z', pages)).toEqual([]);
    expect(backlinksFor('person-a', new Map(pages.map((p) => [p.id, p])).values())).toHaveLength(4);
  });
});

describe('byDateDesc', () => {
  it('orders by date text, then updatedAt, newest first', () => {
    expect(byDateDesc({ date: '2026-01-02', updatedAt: 0 }, { date: '2026-01-01', updatedAt: 9 })).toBeLessThan(0);
    expect(byDateDesc({ date: '2026-01-01', updatedAt: 9 }, { date: '2026-01-02', updatedAt: 0 })).toBeGreaterThan(0);
    expect(byDateDesc({ date: '2026-01-01', updatedAt: 9 }, { date: '2026-01-01', updatedAt: 3 })).toBeLessThan(0);
    expect(byDateDesc({ date: '2026-01-01', updatedAt: 3 }, { date: '2026-01-01', updatedAt: 3 })).toBe(0);
  });
});

describe('sortPeopleByRecent', () => {
  it('puts the most recent conversation first, then never-mentioned people newest first, then by name', () => {
    const people = [
      person('person-old', 'Olive', 1),
      person('person-recent', 'Rita', 2),
      person('person-never-1', 'Zed', 10),
      person('person-never-2', 'Amy', 20),
      person('person-never-3', 'Bea', 20),
      person('person-self', 'Sam', 3),
    ];
    const last = { 'person-old': '2026-01-01', 'person-recent': '2026-04-01', 'person-self': null };
    const sorted = sortPeopleByRecent(people, last);
    expect(sorted.map((p) => p.id)).toEqual([
      'person-recent',
      'person-old',
      'person-never-2',
      'person-never-3',
      'person-never-1',
      'person-self',
    ]);
    expect(sorted[0]).toEqual({ id: 'person-recent', name: 'Rita', createdAt: 2, lastConversation: '2026-04-01' });
    expect(sorted.find((p) => p.id === 'person-self')?.lastConversation).toBeNull();
  });

  it('does not mutate its input', () => {
    const people = [person('person-b', 'B', 1), person('person-a', 'A', 2)];
    sortPeopleByRecent(people, {});
    expect(people.map((p) => p.id)).toEqual(['person-b', 'person-a']);
  });
});

describe('talkedWithIds', () => {
  it('lists people talked with in mention order, leaving out people only talked about', () => {
    const note = { ...page('note-1', 'conversation', '2026-03-01', 0, ['person-sam', 'person-ana', 'person-lee']), contacts: ['person-lee', 'person-ana'] };
    expect(talkedWithIds(note)).toEqual(['person-ana', 'person-lee']);
    expect(talkedWithIds({ ...note, contacts: [] })).toEqual([]);
  });
});
