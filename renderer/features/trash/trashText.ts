import { describeDaysAgo, formatLongDate, toLocalISODate } from '../../../shared/domain/dates';
import type { TrashItem, TrashKind } from '../../../shared/domain/trash';
import { TRASH_KEEP_DAYS } from '../../../shared/domain/trashState';

/** Plain words for the Trash screen, the confirm dialogs and the status line. */

export const KIND_LABEL: Record<TrashKind, string> = {
  person: 'Person',
  journal: 'Journal entry',
  conversation: 'Conversation note',
};

/** "Maria", "Friday, January 2, 2026", "Conversation, Saturday, January 3, 2026 · Café". */
export function trashTitle(item: Pick<TrashItem, 'kind' | 'name' | 'date' | 'place'>, locale?: string): string {
  if (item.kind === 'person') return item.name || 'Someone without a name';
  const date = item.date ? formatLongDate(item.date, locale) : 'an unknown day';
  if (item.kind === 'journal') return date;
  return item.place.trim() ? `${date} · ${item.place.trim()}` : date;
}

/** "deleted 3 days ago · purged on Dec 30" (the year when it is not this year's). */
export function trashWhen(item: Pick<TrashItem, 'deletedAt' | 'purgeAt'>, now: Date, locale?: string): string {
  const today = toLocalISODate(now);
  const deleted = toLocalISODate(new Date(item.deletedAt));
  const purge = new Date(item.purgeAt);
  const sameYear = purge.getFullYear() === now.getFullYear();
  const on = purge.toLocaleDateString(locale, { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) });
  const ago = describeDaysAgo(deleted, today);
  return `deleted ${ago === 'tomorrow' || ago.startsWith('in ') ? 'today' : ago} · ${item.purgeAt <= now.getTime() ? 'purged soon' : `purged on ${on}`}`;
}

/** What the confirm dialog says for each kind. */
export function moveQuestion(kind: TrashKind, title: string): { title: string; detail: string } {
  const days = `${TRASH_KEEP_DAYS} days`;
  if (kind === 'person') {
    return {
      title: `Move ${title} to Trash?`,
      detail: `${title} and their page leave People, Reach out and search. Notes that mention them keep their name as plain text. You can restore them from Trash for ${days}; after that they are deleted for good.`,
    };
  }
  const what = kind === 'journal' ? 'This journal entry' : 'This conversation note';
  return {
    title: `Move this ${kind === 'journal' ? 'journal entry' : 'conversation note'} to Trash?`,
    detail: `${what} (${title}) leaves the Journal, people’s pages and search. You can restore it from Trash for ${days}; after that it is deleted for good.`,
  };
}
