import type { ReachOutItem } from '../../../shared/care';
import { parseISODate } from '../../../shared/domain/dates';
import { inDaysText } from '../../ui/words';

/** Words for Reach out: plain, warm, never a score. */

/** "Fri, Mar 14" in the reader's locale. */
export function shortDay(iso: string, locale?: string): string {
  return parseISODate(iso).toLocaleDateString(locale, { weekday: 'short', month: 'short', day: 'numeric' });
}

/** "due today", "1 day overdue", "3 days overdue", "3 weeks overdue". */
export function overdueText(overdueDays: number): string {
  if (overdueDays <= 0) return 'due today';
  if (overdueDays === 1) return '1 day overdue';
  if (overdueDays < 14) return `${overdueDays} days overdue`;
  return `${Math.floor(overdueDays / 7)} weeks overdue`;
}

/** When a follow-up is due: "due today", "2 days overdue", "due tomorrow, Tue, Nov 24", "no date". */
export function followUpDueText(due: string | null, overdueDays: number | null): string {
  if (due === null || overdueDays === null) return 'no date';
  if (overdueDays >= 0) return overdueText(overdueDays);
  const days = -overdueDays;
  return `due ${inDaysText(days)}, ${shortDay(due)}`;
}

/** "Maria’s birthday", "Sam’s wedding anniversary", "Ana’s special day". */
export function dateTitle(name: string, label: string): string {
  return `${name}’s ${label.trim() || 'special day'}`;
}

/** "turns 40", "7 years", or '' when the year is not known. */
export function yearsText(item: Extract<ReachOutItem, { kind: 'date' }>): string {
  if (item.years === null || item.years <= 0) return '';
  if (/birthday/i.test(item.label)) return `turns ${item.years}`;
  return item.years === 1 ? '1 year' : `${item.years} years`;
}
