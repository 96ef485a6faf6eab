import type { Backlink, PageMeta, Person } from './types';

/** Newest day first; among pages of one day, the most recently edited first. */
export function byDateDesc(a: { date: string; updatedAt: number }, b: { date: string; updatedAt: number }): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  return b.updatedAt - a.updatedAt;
}

/** Every page that mentions the person (except their own page), newest first. */
export function backlinksFor(personId: string, pages: Iterable<PageMeta>): Backlink[] {
  const out: Backlink[] = [];
  for (const page of pages) {
    if (page.id === personId) continue;
    const snippet = page.mentions[personId];
    if (!snippet) continue;
    out.push({ pageId: page.id, kind: page.kind, date: page.date, updatedAt: page.updatedAt, snippet });
  }
  return out.sort(byDateDesc);
}

/** Person id → date of the newest journal entry or conversation note that mentions them. */
export function lastMentionDates(pages: Iterable<PageMeta>): Map<string, string> {
  const last = new Map<string, string>();
  for (const page of pages) {
    if (page.kind === 'person') continue;
    for (const personId of Object.keys(page.mentions)) {
      const seen = last.get(personId);
      if (seen === undefined || seen < page.date) last.set(personId, page.date);
    }
  }
  return last;
}

export interface PersonWithLastSeen extends Person {
  lastConversation: string | null;
}

/** Most recent conversation first; people never mentioned yet follow, newest first. */
export function sortPeopleByRecent(people: Iterable<Person>, pages: Iterable<PageMeta>): PersonWithLastSeen[] {
  const last = lastMentionDates(pages);
  return [...people]
    .map((p) => ({ ...p, lastConversation: last.get(p.id) ?? null }))
    .sort((a, b) => {
      if (a.lastConversation !== b.lastConversation) {
        if (a.lastConversation === null) return 1;
        if (b.lastConversation === null) return -1;
        return a.lastConversation < b.lastConversation ? 1 : -1;
      }
      if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
      return a.name.localeCompare(b.name);
    });
}
