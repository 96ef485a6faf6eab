import { excerpt } from './fieldLimits';

/** Calendar dates are local days as YYYY-MM-DD strings: JSON-safe and sortable as text. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function toLocalISODate(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/**
 * Whether `value` is a real calendar day as YYYY-MM-DD (years 1000–9999). Arithmetic, no Date:
 * lists and Reach out check thousands of dates per change (dates.test.ts checks it against the
 * Date round trip it replaced).
 */
export function isISODate(value: string): boolean {
  return isoParts(value) !== null;
}

/** [year, month, day] of a valid YYYY-MM-DD, or null. */
function isoParts(value: string): [number, number, number] | null {
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonthOf(y, mo)) return null;
  return [y, mo, d];
}

function daysInMonthOf(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parses YYYY-MM-DD as a local date at noon (noon keeps DST shifts from changing the day). */
export function parseISODate(value: string): Date {
  const m = ISO_DATE.exec(value);
  if (!m || !isISODate(value)) throw new Error(`"${excerpt(value)}" is not a calendar date (YYYY-MM-DD).`);
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
}

/**
 * One formatter per locale and style: toLocaleDateString builds a new Intl.DateTimeFormat at
 * every call (the first one in a window loads the locale's data: ~15 ms), and lists format a
 * date per row. The day is formatted as a UTC date in UTC, so neither the zone the formatter was
 * made in nor the one in use now can move it.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(style: 'long' | 'short', locale: string | undefined): Intl.DateTimeFormat {
  const key = `${style} ${locale ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === 'long'
        ? { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }
        : { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' };
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** "Monday, 23 November 2026" in the user's locale. */
export function formatLongDate(value: string, locale?: string): string {
  return formatter('long', locale).format(utcDay(value));
}

/** "23 Nov 2026" in the user's locale. */
export function formatShortDate(value: string, locale?: string): string {
  return formatter('short', locale).format(utcDay(value));
}

function utcDay(value: string): Date {
  const p = isoParts(value);
  if (!p) throw new Error(`"${excerpt(value)}" is not a calendar date (YYYY-MM-DD).`);
  return new Date(Date.UTC(p[0], p[1] - 1, p[2], 12));
}

/** Whole days from `from` to `to` (both YYYY-MM-DD), independent of DST and time of day. */
export function daysBetween(from: string, to: string): number {
  const a = isoParts(from);
  const b = isoParts(to);
  if (!a) throw new Error(`"${excerpt(from)}" is not a calendar date (YYYY-MM-DD).`);
  if (!b) throw new Error(`"${excerpt(to)}" is not a calendar date (YYYY-MM-DD).`);
  return Math.round((Date.UTC(b[0], b[1] - 1, b[2]) - Date.UTC(a[0], a[1] - 1, a[2])) / 86_400_000);
}

/** "today", "yesterday", "3 days ago", "2 weeks ago", "5 months ago", "2 years ago". */
export function describeDaysAgo(date: string, today: string): string {
  const days = daysBetween(date, today);
  if (days < 0) return days === -1 ? 'tomorrow' : `in ${-days} days`;
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.floor(days / 7)} weeks ago`;
  // At least 2: day 60 and day 730 would otherwise read "1 months" / "1 years" ago.
  if (days < 730) return `${Math.max(2, Math.floor(days / 30.44))} months ago`;
  return `${Math.max(2, Math.floor(days / 365.25))} years ago`;
}

/** The day before or after, as YYYY-MM-DD. */
export function addDays(date: string, n: number): string {
  const d = parseISODate(date);
  d.setDate(d.getDate() + n);
  return toLocalISODate(d);
}
