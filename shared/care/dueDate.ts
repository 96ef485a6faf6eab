/**
 * Due dates from the words of a follow-up, relative to the day of the page it is on.
 *
 * Semantics (chrono-node's, kept on purpose and pinned by tests):
 * - "next Tuesday" is the Tuesday of the *following* week (weeks start on Monday): written on
 *   Monday 2026-11-23 it is 2026-12-01, not the next day. On a Sunday it is two days later.
 * - A bare weekday ("Friday", "by Friday", "this Tuesday") is the next such day on or after the
 *   page's date; a date without a year ("Dec 3") is the next one on or after it.
 * - "in 2 weeks" / "tomorrow" count from the page's date; "in a month" / "next month" are
 *   calendar months with the day clamped (Jan 31 → Feb 28), like check-in cadences.
 * - "on the 14th" / "by the 14th": the next 14th on or after the page's date.
 * - Times of day are ignored: "at 5pm" alone gives no due date, "tomorrow at 5pm" gives tomorrow.
 * - Words that merely look like dates are not: "march", "sat nav", "a second", "now", "for a day".
 */
import * as chrono from 'chrono-node';
import { isISODate, parseISODate } from '../domain/dates';
import { addMonths, daysInMonth, joinISO, splitISO } from './calendar';

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6,
  seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};

const RELATIVE_MONTHS = /^(?:in\s+)?(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+months?(?:\s+from\s+now)?$/i;
const NEXT_MONTH = /^next\s+month$/i;
const BARE_WEEKDAY_ABBREVIATION = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?$/i;
const PREPOSITION_BEFORE = /\b(?:on|by|before|until|till|due)\s*$/i;
const NOT_A_DATE = /^(?:now|right now|(?:a|an|one)\s+(?:sec|second|min|minute|moment|hour)s?)$/i;
const ORDINAL_DAY = /\b(?:on|by|before|until|till|due)\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b/i;

/** The first date the text names, as YYYY-MM-DD, relative to `ref` (the page's date); or null. */
export function parseDueDate(text: string, ref: string): string | null {
  if (!isISODate(ref) || !text.trim()) return null;
  const results = chrono.casual.parse(text, parseISODate(ref), { forwardDate: true });
  for (const r of results) {
    const found = readResult(r, text, ref);
    if (found) return found;
  }
  const ordinal = ORDINAL_DAY.exec(text);
  return ordinal ? nextDayOfMonth(Number(ordinal[1]), ref) : null;
}

function readResult(r: chrono.ParsedResult, text: string, ref: string): string | null {
  const phrase = r.text.trim();
  const months = RELATIVE_MONTHS.exec(phrase);
  if (months) {
    const n = NUMBER_WORDS[(months[1] ?? '').toLowerCase()] ?? Number(months[1]);
    return addMonths(ref, n);
  }
  if (NEXT_MONTH.test(phrase)) return addMonths(ref, 1);
  if (NOT_A_DATE.test(phrase) || /^for\s/i.test(phrase)) return null;
  if (BARE_WEEKDAY_ABBREVIATION.test(phrase) && !PREPOSITION_BEFORE.test(text.slice(0, r.index))) return null;
  const start = r.start;
  // Only a named day counts: a month alone ("march") or a time alone ("at 5pm") is not a due date.
  if (!start.isCertain('day') && !start.isCertain('weekday')) return null;
  const year = start.get('year');
  const month = start.get('month');
  const day = start.get('day');
  if (year === null || month === null || day === null) return null;
  const iso = joinISO(year, month, day);
  return isISODate(iso) ? iso : null;
}

/** The next `day`-th of a month on or after `ref`, skipping months too short to have it. */
function nextDayOfMonth(day: number, ref: string): string | null {
  if (day < 1 || day > 31) return null;
  let { year, month } = splitISO(ref);
  const today = splitISO(ref).day;
  for (let i = 0; i < 13; i++) {
    if (day <= daysInMonth(month, year) && (i > 0 || day >= today)) return joinISO(year, month, day);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return null;
}
