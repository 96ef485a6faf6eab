/**
 * Writes calendar events as one iCalendar object (RFC 5545), every line through icsText so the
 * folding, escaping and CRLF rules hold everywhere.
 *
 * DTSTAMP is the export time (UTC, whole seconds), the same on every event of one export. RFC
 * 5545 §3.8.7.2: in an object without METHOD it is when the information was last revised, and
 * importers (Outlook, Apple Calendar) treat a later DTSTAMP for the same UID as the newer
 * version. The journal keeps no per-date revision time, and a constant made up from the data
 * would make an edited birthday look "not newer" on re-import; check-in days move with time
 * anyway. The export time is injected, so equal data and an equal clock give identical bytes.
 */
import type { CalendarEvent } from './calendarEvents';
import { nextDay } from './calendarEvents';
import { contentLine, escapeText, icsDate, icsUtcStamp } from './icsText';

export const PRODID = '-//Kindred//Kindred journal calendar export//EN';
export const CALENDAR_NAME = 'Kindred: birthdays and check-ins';

export function icsCalendar(events: readonly CalendarEvent[], exportedAt: number): string {
  const stamp = icsUtcStamp(exportedAt);
  const parts: string[] = [
    contentLine('BEGIN', 'VCALENDAR'),
    contentLine('VERSION', '2.0'),
    contentLine('PRODID', escapeText(PRODID)),
    contentLine('CALSCALE', 'GREGORIAN'),
    // Non-standard but read by Apple Calendar and Google as the calendar's name.
    contentLine('X-WR-CALNAME', escapeText(CALENDAR_NAME)),
  ];
  for (const e of events) {
    parts.push(
      contentLine('BEGIN', 'VEVENT'),
      contentLine('UID', escapeText(e.uid)),
      contentLine('DTSTAMP', stamp),
      contentLine('DTSTART', icsDate(e.start), { VALUE: 'DATE' }),
      // Next day, exclusive: one whole day. Allowed to be absent, but older Outlook versions
      // show an all-day event without DTEND as lasting no time at all.
      contentLine('DTEND', icsDate(nextDay(e.start)), { VALUE: 'DATE' }),
    );
    if (e.rrule) parts.push(contentLine('RRULE', e.rrule));
    parts.push(
      contentLine('SUMMARY', escapeText(e.summary)),
      // Free, not busy: a birthday or a reminder to call does not block the day.
      contentLine('TRANSP', 'TRANSPARENT'),
      contentLine('END', 'VEVENT'),
    );
  }
  parts.push(contentLine('END', 'VCALENDAR'));
  return parts.join('');
}
