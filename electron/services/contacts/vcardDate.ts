/**
 * vCard dates → month/day with an optional year, read from the text alone (never through a
 * Date object), so a birthday is the same in every time zone: `1996-04-15T201243+04:00` is
 * April 15 as written, in Kiritimati and in Pago Pago alike.
 *
 * No year when the value is year-less (`--0314`, `--03-14`), when the year is 1604 (Apple's
 * placeholder, also written without X-APPLE-OMIT-YEAR by iOS and Thunderbird CardBook), or when
 * X-APPLE-OMIT-YEAR names the year written. A year is never invented; Feb 29 is kept as is
 * (shared/care shows it on Feb 28 in common years).
 */
import { daysInMonth } from '../../../shared/care/calendar';

export interface VcardDate {
  month: number;
  day: number;
  year: number | null;
}

export type VcardDateResult = { ok: true; date: VcardDate } | { ok: false; reason: string };

/** Apple's "no year" placeholder year. */
export const APPLE_NO_YEAR = 1604;

export function parseVcardDate(value: string, omitYear?: string): VcardDateResult {
  const v = value.trim();
  const datePart = v.split(/[Tt]/)[0] ?? '';
  let m = /^--(\d{2})-?(\d{2})$/.exec(datePart);
  let year: number | null = null;
  let month: number;
  let day: number;
  if (m) {
    month = Number(m[1]);
    day = Number(m[2]);
  } else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(datePart) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(datePart))) {
    year = Number(m[1]);
    month = Number(m[2]);
    day = Number(m[3]);
  } else {
    return { ok: false, reason: `"${v.slice(0, 40)}" is not a date` };
  }
  if (year !== null) {
    const omitted = omitYear !== undefined && /^\d{4}$/.test(omitYear.trim()) ? Number(omitYear.trim()) : null;
    if (year === APPLE_NO_YEAR || year === omitted) year = null;
  }
  if (month < 1 || month > 12) return { ok: false, reason: `"${v.slice(0, 40)}" has no month ${month}` };
  if (day < 1 || day > daysInMonth(month, year)) return { ok: false, reason: `"${v.slice(0, 40)}" is not a day of the calendar` };
  return { ok: true, date: { month, day, year } };
}

/** "1986-03-14", or "--03-14" without a year (the fixtures' notation). */
export function formatVcardDate(d: VcardDate): string {
  const mm = String(d.month).padStart(2, '0');
  const dd = String(d.day).padStart(2, '0');
  return d.year === null ? `--${mm}-${dd}` : `${String(d.year).padStart(4, '0')}-${mm}-${dd}`;
}

export function sameDate(a: VcardDate, b: VcardDate): boolean {
  return a.month === b.month && a.day === b.day && a.year === b.year;
}
