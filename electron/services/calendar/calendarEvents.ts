/**
 * What goes into the birthday calendar, decided from the authored workspace doc (people, their
 * important dates and check-in cadences) and each page's contacts (from the derived index):
 * never from a page's text. An event carries only a person's name and a date's label.
 *
 * - An important date is an all-day event repeating every year. Year-less dates start in 2000
 *   (a leap year, so Feb 29 can be written; never 1604 or 1900, which calendar apps mishandle),
 *   and so do dates with a year before 1900. A dated one starts on its own day, so it never
 *   shows before it happened (as in the app). No SUMMARY says an age or "years": calendar apps
 *   repeat one summary every year, so a number would be wrong in all but one.
 * - Feb 29 repeats with BYMONTH=2;BYMONTHDAY=-1 (the last day of February): Feb 28 in common
 *   years, as the app keeps it (shared/care/importantDates.ts). A plain FREQ=YEARLY would make
 *   RFC-following clients drop the common years and ical.js move them to Mar 1.
 * - A check-in is one all-day event, not repeating, on the day shared/care says it is due. An
 *   overdue one is placed on the export day: an event in the past would never be seen.
 * - UIDs come from ids only (person id + date id, or person id + "check-in"), never the name or
 *   the export time: a rename, an edit, another export or another synced device keeps one event.
 */
import * as Y from 'yjs';
import { addDays } from '../../../shared/domain/dates';
import { peopleMap } from '../../../shared/domain/workspace';
import { isLive } from '../../../shared/domain/trashState';
import { daysInMonth, joinISO, maxISO } from '../../../shared/care/calendar';
import { checkInStatus, lastContactDates, type PageMetaLike } from '../../../shared/care/cadence';
import { readCareProfile } from '../../../shared/care/careStore';
import type { CareProfile, ImportantDate } from '../../../shared/care/types';

export interface CalendarEvent {
  uid: string;
  kind: 'date' | 'checkIn';
  /** Plain text (escaped when written). */
  summary: string;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** The RRULE value, or null for a one-off event. */
  rrule: string | null;
}

/** Year-less dates (and those before 1900) start in this year: a recent leap year. */
export const YEARLESS_START_YEAR = 2000;
const OLDEST_START_YEAR = 1900;
const UID_DOMAIN = 'kindred';

export function dateUid(personId: string, dateId: string): string {
  return `${personId}.date.${dateId}@${UID_DOMAIN}`;
}

export function checkInUid(personId: string): string {
  return `${personId}.check-in@${UID_DOMAIN}`;
}

/** "Maria’s birthday" — the same words the app's Reach out list uses. */
export function dateSummary(name: string, label: string): string {
  return `${displayName(name)}’s ${label.trim() || 'special day'}`;
}

export function checkInSummary(name: string): string {
  return `Check in with ${displayName(name)}`;
}

function displayName(name: string): string {
  return name.trim() || 'Someone';
}

/** The event for one important date, or null when the stored date is not a real day. */
export function dateEvent(personId: string, name: string, d: ImportantDate): CalendarEvent | null {
  if (!Number.isInteger(d.month) || !Number.isInteger(d.day) || d.month < 1 || d.month > 12) return null;
  if (d.day < 1 || d.day > daysInMonth(d.month, null)) return null;
  let year = d.year !== null && Number.isInteger(d.year) && d.year >= OLDEST_START_YEAR && d.year <= 9999 ? d.year : YEARLESS_START_YEAR;
  // Feb 29 of a common year can only come from a damaged record: start in the year-less way.
  if (d.day > daysInMonth(d.month, year)) year = YEARLESS_START_YEAR;
  const leapDay = d.month === 2 && d.day === 29;
  return {
    uid: dateUid(personId, d.id),
    kind: 'date',
    summary: dateSummary(name, d.label),
    start: joinISO(year, d.month, d.day),
    rrule: leapDay ? 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1' : 'FREQ=YEARLY',
  };
}

/** The check-in event of someone with a cadence, or null without one. */
export function checkInEvent(profile: CareProfile, lastContact: string | null, today: string): CalendarEvent | null {
  const status = checkInStatus(profile, lastContact, today);
  if (!status) return null;
  return {
    uid: checkInUid(profile.personId),
    kind: 'checkIn',
    summary: checkInSummary(profile.name),
    start: maxISO(status.dueDate, today),
    rrule: null,
  };
}

/** Every person's care profile, in id order (so two devices list them alike). */
export function readProfiles(ws: Y.Doc): CareProfile[] {
  const out: CareProfile[] = [];
  peopleMap(ws).forEach((rec, id) => {
    // A record synced from a buggy device may not be a map at all: it has nothing to export.
    // People in Trash, purged or merged have no dates in the calendar.
    if (rec instanceof Y.Map && isLive(rec)) out.push(readCareProfile(id, rec));
  });
  return out.sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
}

export interface CalendarContent {
  events: CalendarEvent[];
  /** Important dates left out because they are not real days (damaged or hand-edited data). */
  skippedDates: number;
}

/**
 * Every event, in a fixed order: important dates by month and day, then check-ins by due date;
 * ties by UID. The order depends on nothing but the data, so equal journals give equal files.
 */
export function calendarEvents(profiles: readonly CareProfile[], pages: Iterable<PageMetaLike>, today: string): CalendarContent {
  const dates: CalendarEvent[] = [];
  const checkIns: CalendarEvent[] = [];
  let skippedDates = 0;
  const lastContacts = lastContactDates(pages, profiles, today);
  for (const p of profiles) {
    for (const d of p.dates) {
      const event = dateEvent(p.personId, p.name, d);
      if (event) dates.push(event);
      else skippedDates++;
    }
    const checkIn = checkInEvent(p, lastContacts[p.personId] ?? null, today);
    if (checkIn) checkIns.push(checkIn);
  }
  const byUid = (a: CalendarEvent, b: CalendarEvent): number => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);
  dates.sort((a, b) => a.start.slice(5).localeCompare(b.start.slice(5)) || byUid(a, b));
  checkIns.sort((a, b) => a.start.localeCompare(b.start) || byUid(a, b));
  return { events: [...dates, ...checkIns], skippedDates };
}

/** The exclusive end of a one-day all-day event: the next day. */
export function nextDay(isoDate: string): string {
  return addDays(isoDate, 1);
}
