/**
 * "Last conversation": the one definition every view uses (People list, a person's page, Reach
 * out and check-ins), so the same person never shows two different answers.
 *
 * A conversation is a journal entry or conversation note that mentions the person *with* them
 * (the page's `contacts`: a mention marked "talked about, not with" is left out), on the page's
 * date, or a check-in marked Done by hand. Pages dated after today do not count: a note written
 * ahead for next week is a plan, not a conversation.
 */
import { isISODate } from '../domain/dates';

/** What this needs to know about a page; the registry's PageMeta fits. */
export interface PageMetaLike {
  id: string;
  kind: 'journal' | 'conversation' | 'person' | string;
  date: string;
  /** People mentioned at least once on the page without the "talked about, not with" flag. */
  contacts: string[];
}

/** What this needs to know about a person; a CareProfile fits. */
export interface ConversationPerson {
  personId: string;
  /** Days a check-in was marked Done without a note. */
  manualContacts: readonly string[];
}

const CONTACT_KINDS = new Set(['journal', 'conversation']);

/** Person id → their most recent conversation day on or before `today`, or null when none. */
export function lastConversationDates(
  pages: Iterable<PageMetaLike>,
  people: Iterable<ConversationPerson>,
  today: string,
): Record<string, string | null> {
  const last: Record<string, string | null> = {};
  const consider = (personId: string, date: string) => {
    if (!Object.prototype.hasOwnProperty.call(last, personId) || !isISODate(date) || date > today) return;
    const prev = last[personId];
    if (!prev || date > prev) last[personId] = date;
  };
  const list = [...people];
  for (const p of list) last[p.personId] = null;
  for (const page of pages) {
    if (!CONTACT_KINDS.has(page.kind)) continue;
    for (const personId of new Set(page.contacts)) consider(personId, page.date);
  }
  for (const p of list) for (const day of p.manualContacts) consider(p.personId, day);
  return last;
}
