/**
 * "Last conversation" kept up to date incrementally, for Reach out and the People list at 50,000
 * pages: `lastConversationDates` reads every page each time; this index is fed successive page
 * maps (the registry snapshot reuses the same PageMeta object for a page that did not change) and
 * re-reads only the pages whose object changed, then only the people those pages touch. The
 * answer is the same by construction: the same definition (lastConversation.ts), tested equal
 * with fast-check over random edit sequences.
 */
import { isISODate } from '../domain/dates';
import { diffMaps } from '../domain/mapDiff';
import type { ConversationPerson, PageMetaLike } from './lastConversation';

const CONTACT_KINDS = new Set(['journal', 'conversation']);

/** The days a page counts as a conversation with each of its contacts. */
function contactsOf(page: PageMetaLike): readonly string[] {
  if (!CONTACT_KINDS.has(page.kind) || !isISODate(page.date)) return [];
  return [...new Set(page.contacts)];
}

interface Cached {
  today: string;
  manual: readonly string[];
  value: string | null;
}

export class LastConversationIndex {
  private pages: ReadonlyMap<string, PageMetaLike> = new Map();
  /** Person → conversation day → how many pages say so. */
  private readonly days = new Map<string, Map<string, number>>();
  private readonly cache = new Map<string, Cached>();

  /**
   * Follows the new page map. Cost: one identity check per page, plus work for the pages that
   * changed (none re-read when the map object is the one seen last time).
   */
  update(pages: ReadonlyMap<string, PageMetaLike>, only?: Iterable<string>): void {
    diffMaps(
      this.pages,
      pages,
      (_id, before, after) => {
        if (before) this.count(before, -1);
        if (after) this.count(after, +1);
      },
      only,
    );
    this.pages = pages;
  }

  /** The person's most recent conversation on or before `today` (null: none). */
  lastFor(person: ConversationPerson, today: string): string | null {
    const hit = this.cache.get(person.personId);
    if (hit && hit.today === today && hit.manual === person.manualContacts) return hit.value;
    let best: string | null = null;
    const consider = (day: string): void => {
      if (isISODate(day) && day <= today && (best === null || day > best)) best = day;
    };
    this.days.get(person.personId)?.forEach((_n, day) => consider(day));
    for (const day of person.manualContacts) consider(day);
    this.cache.set(person.personId, { today, manual: person.manualContacts, value: best });
    return best;
  }

  /** Person id → last conversation, for every person given (as lastConversationDates answers). */
  lastForAll(people: Iterable<ConversationPerson>, today: string): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const p of people) out[p.personId] = this.lastFor(p, today);
    return out;
  }

  private count(page: PageMetaLike, delta: 1 | -1): void {
    for (const personId of contactsOf(page)) {
      let byDay = this.days.get(personId);
      if (!byDay) this.days.set(personId, (byDay = new Map()));
      const n = (byDay.get(page.date) ?? 0) + delta;
      if (n > 0) byDay.set(page.date, n);
      else byDay.delete(page.date);
      if (byDay.size === 0) this.days.delete(personId);
      this.cache.delete(personId);
    }
  }
}
