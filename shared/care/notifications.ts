/**
 * One gentle notification a day, at the time the user chose, about what is due today. A second
 * one the same day only when something comes due that the first did not mention (a snoozed
 * check-in or an edited due date: see reachOutKey, whose keys include the due day).
 */
import { toLocalISODate } from '../domain/dates';
import { weekdayOf } from './calendar';
import type { ReachOut } from './reachOut';
import type { ReachOutItem } from './types';

export interface NotificationPlanInput {
  /** The current instant; the day and time of day are read in the local time zone. */
  now: Date;
  /** "HH:MM", 24-hour local time. */
  timeOfDay: string;
  lastSentDay: string | null;
  /** Keys already notified on lastSentDay. */
  lastSentKeys: readonly string[];
  /** Keys of what is due now (reachOutKey of each dueToday item). */
  dueKeys: readonly string[];
}

export type NotificationPlan =
  | { send: false }
  /** Store `day` and `keys` as lastSentDay / lastSentKeys; `fresh` are the keys not notified before. */
  | { send: true; day: string; keys: string[]; fresh: string[] };

/** Minutes after midnight for "HH:MM" (or "H:MM"), or null if it is not a time of day. */
export function parseTimeOfDay(value: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

export function planDailyNotification(input: NotificationPlanInput): NotificationPlan {
  const at = parseTimeOfDay(input.timeOfDay);
  if (at === null) throw new RangeError(`"${input.timeOfDay}" is not a time of day (HH:MM).`);
  const { now } = input;
  // Local wall-clock time: on a spring-forward day a skipped time (02:30) is reached at 03:00.
  if (now.getHours() * 60 + now.getMinutes() < at) return { send: false };
  const due = [...new Set(input.dueKeys)];
  if (due.length === 0) return { send: false };
  const day = toLocalISODate(now);
  // Already sent today (or "later", after a clock change or flying west): only news counts.
  if (input.lastSentDay !== null && input.lastSentDay >= day) {
    const sent = new Set(input.lastSentKeys);
    const fresh = due.filter((k) => !sent.has(k));
    if (fresh.length === 0) return { send: false };
    return { send: true, day, keys: [...sent, ...fresh], fresh };
  }
  return { send: true, day, keys: due, fresh: due };
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Bounds that keep the summary readable in a notification and far below what a host accepts
 * (2,000 characters for `notification.show`): a body the host refuses would mean no reminder at
 * all. Names and labels written before fields had length limits (or on another device) may be
 * any length, so they are cut here too.
 */
export const SUMMARY_NAME_LIMIT = 40;
export const SUMMARY_LABEL_LIMIT = 40;
/** Date phrases named before "…and N more". */
export const SUMMARY_DATES_LISTED = 4;
export const SUMMARY_BODY_LIMIT = 1000;

/** At most `max` characters (code points, so no emoji is cut in half), ending in "…" when cut. */
function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const others = names.length - 2;
  return `${names.slice(0, 2).join(', ')} and ${others} others`;
}

function dateWhen(item: Extract<ReachOutItem, { kind: 'date' }>): string {
  if (item.inDays === 0) return 'today';
  if (item.inDays === 1) return 'tomorrow';
  return `on ${WEEKDAYS[weekdayOf(item.on)]}`;
}

function datePhrase(item: Extract<ReachOutItem, { kind: 'date' }>, name: string): string {
  const when = dateWhen(item);
  if (/birthday/i.test(item.label) && item.years !== null && item.years > 0) return `${name} turns ${item.years} ${when}`;
  return `${name}'s ${clip(item.label.trim(), SUMMARY_LABEL_LIMIT) || 'special day'} is ${when}`;
}

/**
 * "Today: check in with Sam; Maria's birthday is on Friday; 2 follow-ups". Dates are mentioned
 * up to 6 days ahead (so a birthday can be prepared for); follow-ups when due today or earlier.
 */
export function summariseDue(
  reachOut: Pick<ReachOut, 'checkIns' | 'dates' | 'followUps'>,
  nameOf: (personId: string) => string,
  today: string,
): { title: string; body: string } {
  const parts: string[] = [];
  const name = (personId: string): string => clip(nameOf(personId), SUMMARY_NAME_LIMIT);
  const checkIns = reachOut.checkIns.filter((c) => c.kind === 'checkIn');
  // listNames shows at most three names, so only those are looked up (there may be hundreds).
  const checkInNames = checkIns.map((c, i) => (i < 2 || checkIns.length <= 3 ? name(c.personId) : ''));
  if (checkInNames.length > 0) parts.push(`check in with ${listNames(checkInNames)}`);
  const dates = reachOut.dates.flatMap((d) => (d.kind === 'date' && d.inDays <= 6 ? [d] : []));
  for (const d of dates.slice(0, SUMMARY_DATES_LISTED)) parts.push(datePhrase(d, name(d.personId)));
  if (dates.length > SUMMARY_DATES_LISTED) parts.push(`…and ${dates.length - SUMMARY_DATES_LISTED} more`);
  const followUps = reachOut.followUps.filter(
    (f) => f.kind === 'followUp' && f.followUp.due !== null && f.followUp.due <= today,
  ).length;
  if (followUps > 0) parts.push(followUps === 1 ? '1 follow-up' : `${followUps} follow-ups`);
  const title = 'Keeping in touch today';
  if (parts.length === 0) return { title, body: 'Nothing due today.' };
  // Already bounded by the cuts above; this only guards against a future phrase that is not.
  return { title, body: clip(`Today: ${parts.join('; ')}`, SUMMARY_BODY_LIMIT) };
}

/**
 * What to show when the host refused the full summary: nothing from the journal but a count, so
 * it cannot be refused for its content. Better a plain reminder than none.
 */
export function fallbackSummary(dueCount: number): { title: string; body: string } {
  const body =
    dueCount === 1
      ? '1 thing is due. Open Reach out to see it.'
      : `${dueCount} things are due. Open Reach out to see them.`;
  return { title: 'Keeping in touch today', body };
}
