/**
 * What the person page shows about caring for someone, derived from the registry snapshot only
 * (no page doc is opened). Pure functions: the components stay thin and these are unit-tested.
 */
import {
  checkInStatus,
  formatImportantDate,
  lastTalkedPhrase,
  nextOccurrence,
  sharedInterestPhrase,
  sharedInterestSuggestions,
  suggestIntroductions,
  type CareProfile,
  type CheckInStatus,
  type FollowUp,
  type ImportantDate,
} from '../../../../shared/care';
import { daysBetween, formatShortDate, parseISODate } from '../../../../shared/domain/dates';
import type { PageMeta, Person, SnippetPart } from '../../../../shared/domain/types';
import { cachedReachOut } from '../../../care/careModel';
import { inDaysText, listNames } from '../../../ui/words';
import type { WorkspaceSnapshot } from '../../../state/workspaceView';

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "Last talked 3 weeks ago (Oct 12, 2026)" or "No conversations yet". */
export function lastTalkedText(lastContact: string | null, today: string, locale?: string): string {
  const phrase = capitalize(lastTalkedPhrase(lastContact, today));
  return lastContact ? `${phrase} (${formatShortDate(lastContact, locale)})` : phrase;
}

/** "Tue, Dec 1" (the year only when it is not this year's). */
export function dayText(date: string, today: string, locale?: string): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: 'numeric' };
  if (date.slice(0, 4) !== today.slice(0, 4)) options.year = 'numeric';
  return parseISODate(date).toLocaleDateString(locale, options);
}

function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

/** A follow-up's due date in words: "due Tue, Dec 1", "due today", "overdue by 3 days", "no date". */
export function dueText(due: string | null, today: string, locale?: string): string {
  if (!due) return 'no date';
  const n = daysBetween(today, due);
  if (n < 0) return `overdue by ${days(-n)}`;
  if (n === 0) return 'due today';
  if (n === 1) return 'due tomorrow';
  return `due ${dayText(due, today, locale)}`;
}

/** Where the check-in stands, in words; null when check-ins are off. */
export function checkInText(status: CheckInStatus | null, today: string, locale?: string): string | null {
  if (!status) return null;
  if (status.due) return status.overdueDays === 0 ? 'Next check-in: today' : `Next check-in: due now (since ${dayText(status.dueDate, today, locale)})`;
  const until = status.snoozed ? ' (snoozed)' : '';
  return `Next check-in: ${dayText(status.dueDate, today, locale)}, ${inDaysText(-status.overdueDays)}${until}`;
}

export function checkInOf(profile: CareProfile | undefined, lastContact: string | null, today: string): CheckInStatus | null {
  return profile ? checkInStatus(profile, lastContact, today) : null;
}

export interface DateRow {
  date: ImportantDate;
  /** "Mar 14" or "Jun 2, 2019". */
  formatted: string;
  next: string;
  inDays: number;
  /** "birthday in 12 days (turns 41)", "in 3 days (7 years)". */
  when: string;
}

/** Someone's dates, the next to come first. */
export function dateRows(dates: readonly ImportantDate[], today: string, locale?: string): DateRow[] {
  return dates
    .map((date) => {
      const next = nextOccurrence(date, today);
      const inDays = daysBetween(today, next);
      const years = date.year === null ? null : Number(next.slice(0, 4)) - date.year;
      const age =
        years === null || years < 1 ? '' : /birthday/i.test(date.label) ? ` (turns ${years})` : ` (${years} ${years === 1 ? 'year' : 'years'})`;
      return { date, formatted: formatImportantDate(date, locale), next, inDays, when: `${inDaysText(inDays)}${age}` };
    })
    .sort((a, b) => a.inDays - b.inDays || a.date.label.localeCompare(b.date.label));
}

/**
 * Open follow-ups that include this person: by due date, undated last. Read from the Reach out
 * computation shared per snapshot and day (parsing every item's dates once, not per view).
 */
export function openFollowUpsFor(snapshot: WorkspaceSnapshot, personId: string, today: string): FollowUp[] {
  const out: FollowUp[] = [];
  for (const item of cachedReachOut(snapshot, today).followUps) {
    if (item.kind === 'followUp' && item.followUp.personIds.includes(personId)) out.push(item.followUp);
  }
  return out;
}

const WRITTEN_KINDS = new Set(['journal', 'conversation']);

function newestFirst(a: PageMeta, b: PageMeta): number {
  return a.date === b.date ? b.createdAt - a.createdAt : a.date < b.date ? 1 : -1;
}

/** The "What to ask next time?" lines of the newest entry or note with them that has some. */
export function askNextFor(pages: Iterable<PageMeta>, personId: string): { page: PageMeta; lines: SnippetPart[][] } | null {
  let best: PageMeta | null = null;
  for (const page of pages) {
    if (!WRITTEN_KINDS.has(page.kind) || page.askNext.length === 0) continue;
    if (!page.contacts.includes(personId) && !(personId in page.mentions)) continue;
    if (!best || newestFirst(page, best) < 0) best = page;
  }
  return best ? { page: best, lines: best.askNext } : null;
}

export interface IntroductionRow {
  page: PageMeta;
  otherId: string;
  why: string;
}

/** Introduction notes with this person on either side, newest first. */
export function introductionsFor(pages: Iterable<PageMeta>, personId: string): IntroductionRow[] {
  const rows: IntroductionRow[] = [];
  for (const page of pages) {
    const intro = page.introduction;
    if (!intro || (intro.a !== personId && intro.b !== personId)) continue;
    rows.push({ page, otherId: intro.a === personId ? intro.b : intro.a, why: intro.why });
  }
  return rows.sort((x, y) => newestFirst(x.page, y.page));
}

export interface PersonChoice {
  id: string;
  name: string;
  /** "Both love pottery", for people who share an interest with this person. */
  note: string;
}

/** Everyone else to introduce this person to: those who share interests first, then by name. */
export function introductionChoices(snapshot: Pick<WorkspaceSnapshot, 'people' | 'profiles'>, personId: string): PersonChoice[] {
  const suggested = suggestIntroductions(personId, snapshot.profiles.values()).filter((s) => snapshot.people.has(s.personId));
  const first = suggested.map((s) => ({
    id: s.personId,
    name: snapshot.people.get(s.personId)!.name,
    note: `Both love ${listNames(s.sharedTags)}`,
  }));
  const taken = new Set([personId, ...first.map((c) => c.id)]);
  const rest = [...snapshot.people.values()]
    .filter((p) => !taken.has(p.id))
    .sort(byName)
    .map((p) => ({ id: p.id, name: p.name, note: '' }));
  return [...first, ...rest];
}

export function byName(a: Person, b: Person): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

export interface SharedInterestLine {
  tag: string;
  /** "You know two people who love pottery: Maria and Sam". */
  text: string;
  /** The others in the group, who this person could be introduced to. */
  others: { id: string; name: string }[];
}

/**
 * Interests this person shares with others they have not been introduced to yet (at most
 * `limit`), for a gentle "You know two people who love pottery" line.
 */
export function sharedInterestLines(
  snapshot: Pick<WorkspaceSnapshot, 'people' | 'profiles' | 'pages'>,
  personId: string,
  limit = 3,
): SharedInterestLine[] {
  const introduced = new Set(introductionsFor(snapshot.pages.values(), personId).map((r) => r.otherId));
  const lines: SharedInterestLine[] = [];
  for (const group of sharedInterestSuggestions(snapshot.profiles.values())) {
    const ids = group.personIds.filter((id) => snapshot.people.has(id));
    if (!ids.includes(personId) || ids.length < 2) continue;
    const others = ids.filter((id) => id !== personId && !introduced.has(id)).map((id) => ({ id, name: snapshot.people.get(id)!.name }));
    if (others.length === 0) continue;
    const names = ids.map((id) => snapshot.people.get(id)!.name);
    lines.push({ tag: group.tag, text: `${sharedInterestPhrase({ tag: group.tag, personIds: ids })}: ${listNames(names)}`, others });
    if (lines.length >= limit) break;
  }
  return lines;
}
