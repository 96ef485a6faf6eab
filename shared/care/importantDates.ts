/**
 * Birthdays, anniversaries and other dates that matter, with or without a year.
 *
 * Feb 29: in a year without Feb 29 the date is kept on **Feb 28** (it stays in February and is
 * never late; a Mar 1 rule would make a leapling's birthday fall after the day they expect).
 * With a known year, no occurrence is earlier than the date itself (a wedding set for next June
 * first comes up on that day, "0 years").
 */
import { daysBetween } from '../domain/dates';
import { excerpt, FIELD_LIMITS } from '../domain/fieldLimits';
import { daysInMonth, joinISO, splitISO } from './calendar';
import type { CareProfile, ImportantDate, ReachOutItem } from './types';

export type ParsedImportantDate = { ok: true; value: Omit<ImportantDate, 'id'> } | { ok: false; error: string };

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const ORDINAL = '(?:st|nd|rd|th)?';
const YEAR = '(?:,?\\s+(\\d{4}))?';
/**
 * The date sits at the very end, right after a separator (or at the start). No pattern reads
 * the label: it is whatever comes before the date. (A lazy label prefix like `(.*?)[\s,:]+`
 * backtracks over runs of commas: 20,000 commas took seconds.)
 */
const AFTER_SEPARATOR = '(?<=[\\s,:])';
/** The longest date any pattern reads ("14th of september., 1986" is 24): matched in this tail only. */
const DATE_TAIL = 48;

const PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => { month: number; day: number; year: number | null } }[] = [
  // 2019-06-02 (tried before the year-less form so "2019-06-02" never reads as label "2019").
  {
    re: new RegExp(`${AFTER_SEPARATOR}(\\d{4})-(\\d{1,2})-(\\d{1,2})$`, 'i'),
    read: (m) => ({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }),
  },
  // 06-02 or --06-02 (ISO 8601 year-less)
  {
    re: new RegExp(`${AFTER_SEPARATOR}(?:--)?(\\d{1,2})-(\\d{1,2})$`, 'i'),
    read: (m) => ({ year: null, month: Number(m[1]), day: Number(m[2]) }),
  },
  // Mar 14 / March 14th, 1986 / Jun 2 2019
  {
    re: new RegExp(`${AFTER_SEPARATOR}${MONTH} ?(\\d{1,2})${ORDINAL}${YEAR}$`, 'i'),
    read: (m) => ({ month: monthNumber(m[1]), day: Number(m[2]), year: m[3] ? Number(m[3]) : null }),
  },
  // 14 March / 14th of March 1986 / 14 Mar, 1986
  {
    re: new RegExp(`${AFTER_SEPARATOR}(\\d{1,2})${ORDINAL}\\s(?:of\\s)?${MONTH}${YEAR}$`, 'i'),
    read: (m) => ({ day: Number(m[1]), month: monthNumber(m[2]), year: m[3] ? Number(m[3]) : null }),
  },
];

function monthNumber(word: string | undefined): number {
  const w = (word ?? '').slice(0, 3).toLowerCase();
  return MONTH_NAMES.findIndex((name) => name.slice(0, 3).toLowerCase() === w) + 1;
}

/** Separators and dashes are dropped from the label's end (a loop: a trailing-class regex is quadratic on ",,,,x"). */
function cleanLabel(raw: string): string {
  let end = raw.length;
  while (end > 0 && LABEL_TRAILERS.has(raw[end - 1]!)) end--;
  return raw.slice(0, end).trim();
}
const LABEL_TRAILERS = new Set([' ', ',', ':', ';', '-', '–', '—']);

/**
 * Reads what someone typed into a date field: "Mar 14", "14 March", "Mar 14, 1986",
 * "birthday Mar 14", "wedding anniversary Jun 2 2019", "2019-06-02", "06-02", "--06-02".
 * Words before the date become the label ('' when there are none). English month names only.
 * Linear in the input: longer than FIELD_LIMITS.dateInput is refused before any pattern runs,
 * and errors quote at most a short excerpt.
 */
export function parseImportantDate(input: string): ParsedImportantDate {
  // Far too long even before spaces are collapsed: refused without reading it at all.
  if (input.length > FIELD_LIMITS.dateInput * 10) return tooLong();
  const text = input.replace(/\s+/g, ' ').trim();
  if (!text) return { ok: false, error: 'Enter a date, like "Mar 14" or "Jun 2 2019".' };
  if (text.length > FIELD_LIMITS.dateInput) return tooLong();
  // The date is read from the tail only; the character before the tail (or a space at the
  // very start) stands in for what precedes it, so "starts after a separator" still holds.
  const tailStart = Math.max(0, text.length - DATE_TAIL);
  const probe = (tailStart === 0 ? ' ' : text[tailStart - 1]!) + text.slice(tailStart);
  for (const { re, read } of PATTERNS) {
    const m = re.exec(probe);
    if (!m) continue;
    const { month, day, year } = read(m);
    const error = checkDate(month, day, year);
    if (error) return { ok: false, error };
    const label = cleanLabel(text.slice(0, tailStart - 1 + m.index));
    if (label.length > FIELD_LIMITS.dateLabel) {
      return { ok: false, error: `Keep the label to ${FIELD_LIMITS.dateLabel} characters or fewer (it has ${label.length}).` };
    }
    return { ok: true, value: { label, month, day, year } };
  }
  if (/\d{1,2}\/\d{1,2}/.test(text)) {
    return { ok: false, error: `"${excerpt(text)}" could be read two ways: write the month as a word, like "Mar 14".` };
  }
  return { ok: false, error: `Couldn't read "${excerpt(text)}" as a date. Try "Mar 14" or "Jun 2 2019".` };
}

function tooLong(): ParsedImportantDate {
  return { ok: false, error: `That is too long for a date: keep it to ${FIELD_LIMITS.dateInput} characters, like "birthday Mar 14".` };
}

function checkDate(month: number, day: number, year: number | null): string | null {
  if (month < 1 || month > 12) return `There is no month ${month}: months go from 1 to 12.`;
  const name = MONTH_NAMES[month - 1] ?? '';
  if (year !== null && year < 1000) return 'Write the year with four digits, like 1986.';
  if (day < 1) return `There is no day ${day} in ${name}.`;
  const most = daysInMonth(month, null);
  if (day > most) return `${name} has only ${most} days.`;
  if (year !== null && day > daysInMonth(month, year)) {
    return `${name} ${day}, ${year} doesn't exist: ${year} is not a leap year.`;
  }
  return null;
}

/** "Mar 14" or "Jun 2, 2019" (in `locale`; the month name and order follow the locale). */
export function formatImportantDate(d: Pick<ImportantDate, 'month' | 'day' | 'year'>, locale?: string): string {
  const at = new Date(Date.UTC(2000, 0, 1, 12));
  at.setUTCFullYear(d.year ?? 2000, d.month - 1, d.day); // 2000 is a leap year: Feb 29 formats.
  const options: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', timeZone: 'UTC' };
  if (d.year !== null) options.year = 'numeric';
  return at.toLocaleDateString(locale, options);
}

/** The day this date falls on in `year` (Feb 29 → Feb 28 when `year` has no Feb 29). */
export function occurrenceIn(d: Pick<ImportantDate, 'month' | 'day'>, year: number): string {
  return joinISO(year, d.month, Math.min(d.day, daysInMonth(d.month, year)));
}

/** The next day on or after `today` this date falls on; with a known year, never before it. */
export function nextOccurrence(d: Pick<ImportantDate, 'month' | 'day' | 'year'>, today: string): string {
  let from = today;
  if (d.year !== null) {
    const original = joinISO(d.year, d.month, Math.min(d.day, daysInMonth(d.month, d.year)));
    if (original > from) from = original;
  }
  const year = splitISO(from).year;
  const thisYear = occurrenceIn(d, year);
  return thisYear >= from ? thisYear : occurrenceIn(d, year + 1);
}

/** Dates in the next `withinDays` days (today included), soonest first, then by name. */
export function upcomingDates(profiles: Iterable<CareProfile>, today: string, withinDays = 30): ReachOutItem[] {
  const found: { item: Extract<ReachOutItem, { kind: 'date' }>; name: string }[] = [];
  for (const p of profiles) {
    for (const d of p.dates) {
      if (!(d.month >= 1 && d.month <= 12 && d.day >= 1)) continue;
      const on = nextOccurrence(d, today);
      const inDays = daysBetween(today, on);
      if (inDays > withinDays) continue;
      const years = d.year === null ? null : splitISO(on).year - d.year;
      found.push({ item: { kind: 'date', personId: p.personId, dateId: d.id, label: d.label, on, inDays, years }, name: p.name });
    }
  }
  found.sort(
    (a, b) =>
      a.item.inDays - b.item.inDays ||
      a.name.localeCompare(b.name) ||
      a.item.personId.localeCompare(b.item.personId) ||
      a.item.label.localeCompare(b.item.label),
  );
  return found.map((f) => f.item);
}
