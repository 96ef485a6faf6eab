import type { Backlink, PageMeta, Person } from './types';

/** Newest day first; among pages of one day, the most recently edited first. */
export function byDateDesc(a: { date: string; updatedAt: number }, b: { date: string; updatedAt: number }): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  return b.updatedAt - a.updatedAt;
}

/**
 * The people a page's writer talked *with*, in the order they are first mentioned: "With …" in
 * the Journal list and "Who was there" on a note. People only talked *about* (mentions marked
 * "talked about, not with" everywhere on the page) are mentioned but not in `contacts`.
 */
export function talkedWithIds(page: Pick<PageMeta, 'mentions' | 'contacts'>): string[] {
  const withThem = new Set(page.contacts);
  return Object.keys(page.mentions).filter((id) => withThem.has(id));
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

export interface PersonWithLastSeen extends Person {
  lastConversation: string | null;
}

/**
 * Most recent conversation first; people with none yet follow, newest first. `lastConversation`
 * comes from shared/care lastConversationDates, the one definition every view shares.
 */
export function sortPeopleByRecent(
  people: Iterable<Person>,
  lastConversation: Readonly<Record<string, string | null | undefined>>,
): PersonWithLastSeen[] {
  return [...people]
    .map((p) => ({ ...p, lastConversation: lastConversation[p.id] ?? null }))
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
