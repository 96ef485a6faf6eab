/**
 * The Reach out view: check-ins due, dates coming up, open follow-ups — composed from the pure
 * pieces, over what the workspace already holds (no page doc is opened).
 */
import { describeDaysAgo } from '../domain/dates';
import { dueCheckIns, lastContactDates, type PageMetaLike } from './cadence';
import { openFollowUps } from './followUps';
import { upcomingDates } from './importantDates';
import type { CareProfile, FollowUp, ReachOutItem } from './types';

export interface ReachOutInput {
  profiles: Iterable<CareProfile>;
  pages: Iterable<PageMetaLike>;
  /** Every follow-up in the workspace, overrides already applied (see applyOverrides). */
  followUps: Iterable<FollowUp>;
  today: string;
  dateWindowDays?: number;
  /**
   * Last conversation per person when the caller keeps it up to date incrementally
   * (LastConversationIndex); `pages` is then not read.
   */
  lastContacts?: Record<string, string | null>;
}

export interface ReachOut {
  /** Due or overdue, most overdue first. */
  checkIns: ReachOutItem[];
  /** Within the window, soonest first. */
  dates: ReachOutItem[];
  /** Open (unchecked), by due date, undated last. */
  followUps: ReachOutItem[];
  /** Check-ins due, dates falling today, follow-ups due today or earlier. */
  dueTodayCount: number;
  /** Last contact day per person (null: no conversations yet), for person pages and lists. */
  lastContacts: Record<string, string | null>;
}

export function buildReachOut({ profiles, pages, followUps, today, dateWindowDays = 30, lastContacts: given }: ReachOutInput): ReachOut {
  const people = [...profiles];
  const known = new Set(people.map((p) => p.personId));
  const lastContacts = given ?? lastContactDates(pages, people, today);
  const checkIns = dueCheckIns(people, lastContacts, today);
  const dates = upcomingDates(people, today, dateWindowDays);
  // A follow-up whose people were all deleted has no one to show it for.
  const open = openFollowUps(followUps, today).filter((f) => f.personIds.some((id) => known.has(id)));
  const followUpItems: ReachOutItem[] = open.map((followUp) => ({ kind: 'followUp', followUp }));
  const result = { checkIns, dates, followUps: followUpItems, dueTodayCount: 0, lastContacts };
  result.dueTodayCount = dueToday(result, today).length;
  return result;
}

/** The items that count as due today: what a notification is about. */
export function dueToday(reachOut: Pick<ReachOut, 'checkIns' | 'dates' | 'followUps'>, today: string): ReachOutItem[] {
  return [
    ...reachOut.checkIns,
    ...reachOut.dates.filter((d) => d.kind === 'date' && d.inDays === 0),
    ...reachOut.followUps.filter((f) => f.kind === 'followUp' && f.followUp.due !== null && f.followUp.due <= today),
  ];
}

/**
 * A key naming one item *and the day it is due*, so a snoozed item that comes due again is a
 * new key (see planDailyNotification).
 */
export function reachOutKey(item: ReachOutItem): string {
  switch (item.kind) {
    case 'checkIn':
      return `checkIn:${item.personId}:${item.dueDate}`;
    case 'date':
      return `date:${item.personId}:${item.dateId}:${item.on}`;
    case 'followUp':
      return `followUp:${item.followUp.key}:${item.followUp.due ?? ''}`;
  }
}

/** "last talked 3 weeks ago", "last talked yesterday", or "no conversations yet". */
export function lastTalkedPhrase(lastContact: string | null, today: string): string {
  if (!lastContact) return 'no conversations yet';
  return `last talked ${describeDaysAgo(lastContact > today ? today : lastContact, today)}`;
}
