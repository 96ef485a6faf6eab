/**
 * "Check in every …": when the last contact was, and when the next check-in is due.
 *
 * Contact is a journal entry or conversation note that mentions the person *with* them (the
 * page's `contacts`; a mention marked "talked about, not with" is left out of that list), on the
 * page's date, or a check-in marked done by hand. Pages dated after today do not count.
 */
import { addDays, daysBetween, isISODate } from '../domain/dates';
import { addMonths, maxISO } from './calendar';
import type { CadenceUnit, CareProfile, ReachOutItem } from './types';
import { lastConversationDates, type PageMetaLike } from './lastConversation';

export type { PageMetaLike } from './lastConversation';

export interface CheckInStatus {
  dueDate: string;
  /** Whole days past due: 0 = due today, negative = not yet due. */
  overdueDays: number;
  due: boolean;
  /** True when a snooze, not the cadence, decided the due date. */
  snoozed: boolean;
}

/**
 * `date` plus `every` units. Days and weeks are whole calendar days; months are calendar
 * months with the day clamped to the month's end: Jan 31 + 1 month = Feb 28 (Feb 29 in a leap
 * year), Mar 31 + 1 month = Apr 30.
 */
export function addInterval(date: string, every: number, unit: CadenceUnit): string {
  if (!Number.isInteger(every)) throw new Error(`A check-in interval must be a whole number, not ${every}.`);
  switch (unit) {
    case 'days':
      return addDays(date, every);
    case 'weeks':
      return addDays(date, every * 7);
    case 'months':
      return addMonths(date, every);
  }
}

/** The day to snooze a check-in or follow-up until: one week or one month from today. */
export function snoozeUntil(today: string, length: 'week' | 'month'): string {
  return length === 'week' ? addInterval(today, 1, 'weeks') : addInterval(today, 1, 'months');
}

/** The last conversation per profile: see lastConversation.ts, the one definition. */
export function lastContactDates(
  pages: Iterable<PageMetaLike>,
  profiles: Iterable<CareProfile>,
  today: string,
): Record<string, string | null> {
  return lastConversationDates(pages, profiles, today);
}

/**
 * Where someone's check-in stands, or null when they have no cadence (or a nonsensical one).
 * Due = last contact (or, with none yet or an older one, the day the cadence was set) plus the
 * interval; a snooze moves it to the snoozed-until day when that is later.
 */
export function checkInStatus(profile: CareProfile, lastContact: string | null, today: string): CheckInStatus | null {
  const cadence = profile.checkIn;
  if (!cadence || !Number.isInteger(cadence.every) || cadence.every < 1 || !isISODate(cadence.since)) return null;
  const from = lastContact && isISODate(lastContact) ? maxISO(lastContact, cadence.since) : cadence.since;
  let dueDate = addInterval(from, cadence.every, cadence.unit);
  let snoozed = false;
  const until = profile.checkInSnoozedUntil;
  if (until && isISODate(until) && until > dueDate) {
    dueDate = until;
    snoozed = true;
  }
  const overdueDays = daysBetween(dueDate, today);
  return { dueDate, overdueDays, due: overdueDays >= 0, snoozed };
}

/** Check-ins due today or earlier: most overdue first, then by name. */
export function dueCheckIns(
  profiles: Iterable<CareProfile>,
  lastContacts: Readonly<Record<string, string | null | undefined>>,
  today: string,
): ReachOutItem[] {
  const due: { item: Extract<ReachOutItem, { kind: 'checkIn' }>; name: string }[] = [];
  for (const p of profiles) {
    const lastContact = lastContacts[p.personId] ?? null;
    const status = checkInStatus(p, lastContact, today);
    if (!status?.due) continue;
    due.push({
      item: { kind: 'checkIn', personId: p.personId, dueDate: status.dueDate, overdueDays: status.overdueDays, lastContact },
      name: p.name,
    });
  }
  due.sort(
    (a, b) =>
      b.item.overdueDays - a.item.overdueDays || a.name.localeCompare(b.name) || a.item.personId.localeCompare(b.item.personId),
  );
  return due.map((d) => d.item);
}
