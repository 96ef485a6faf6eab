/**
 * Calendar arithmetic on YYYY-MM-DD strings, done on numbers (never on local Date objects), so
 * every answer is the same in every time zone and across DST changes.
 */
import { isISODate } from '../domain/dates';
import { excerpt } from '../domain/fieldLimits';

export interface YMD {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month; with `year` null (a year-less date) February has 29. */
export function daysInMonth(month: number, year: number | null): number {
  if (month === 2) return year === null || isLeapYear(year) ? 29 : 28;
  return MONTH_DAYS[month - 1] ?? 0;
}

export function splitISO(date: string): YMD {
  if (!isISODate(date)) throw new Error(`"${excerpt(date)}" is not a calendar date (YYYY-MM-DD).`);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function joinISO(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Day of the week, 0 = Sunday … 6 = Saturday, for a calendar date (TZ-independent). */
export function weekdayOf(date: string): number {
  const { year, month, day } = splitISO(date);
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCDay();
}

export function maxISO(a: string, b: string): string {
  return a >= b ? a : b;
}

/** Adds whole calendar months, clamping the day: Jan 31 + 1 month = Feb 28 (or 29). */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = splitISO(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return joinISO(y, m, Math.min(day, daysInMonth(m, y)));
}
