/**
 * Follow-ups: checklist items that mention someone ("[ ] send @Maria the sourdough recipe next
 * Tuesday"). They are read afresh from the page's blocks, so removing the mention (or the item)
 * removes the follow-up; what the user changed by hand (due date, done) lives in overrides
 * keyed by the follow-up's key.
 */
import { daysBetween } from '../domain/dates';
import type { Block } from '../pages/pageBlocks';
import { parseDueDate } from './dueDate';
import type { FollowUp } from './types';

export { parseDueDate } from './dueDate';

/** What the user set by hand for one follow-up. `due: null` clears a parsed date. */
export interface FollowUpOverride {
  due?: string | null;
  /** Marked done from Reach out (without ticking the box in the note). */
  doneOn?: string;
}

export interface OpenFollowUp extends FollowUp {
  /** Days past its due date (0 = due today, negative = later); null without a due date. */
  overdueDays: number | null;
}

/** Stand-in for a mention when reading dates, so a person called May or June is not a month. */
const MENTION_PLACEHOLDER = 'someone';

/** 32-bit FNV-1a over UTF-16 code units, base 36: short, stable, not cryptographic. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The follow-ups on one page: each checklist item with at least one mention, in page order.
 * An item with its own id (FOLLOW_UP_ID_ATTR, stamped when a date is first set by hand) is keyed
 * by it: "<pageId>:id-<id>", whatever its words become. Others are keyed by a hash of the item's
 * words with mentions as "@<personId>" (renaming someone keeps it); identical items on one page
 * get "#2", "#3"… after the first — the legacy key, still read for overrides set before ids.
 */
export function extractFollowUps(
  pageId: string,
  pageDate: string,
  blocks: readonly Block[],
  nameOf: (personId: string) => string,
): FollowUp[] {
  const out: FollowUp[] = [];
  const seen = new Map<string, number>();
  for (const block of blocks) {
    if (block.type !== 'listitem' || typeof block.checked !== 'boolean') continue;
    const personIds: string[] = [];
    let display = '';
    let stable = '';
    let forDates = '';
    for (const inline of block.inlines) {
      if ('mention' in inline) {
        if (!personIds.includes(inline.mention)) personIds.push(inline.mention);
        display += `@${nameOf(inline.mention)}`;
        stable += `@<${inline.mention}>`;
        forDates += MENTION_PLACEHOLDER;
      } else {
        display += inline.text;
        stable += inline.text;
        forDates += inline.text;
      }
    }
    if (personIds.length === 0) continue;
    const hash = shortHash(tidy(stable));
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    out.push({
      key: block.id ? followUpIdKey(pageId, block.id) : `${pageId}:${hash}${n > 1 ? `#${n}` : ''}`,
      pageId,
      pageDate,
      text: tidy(display),
      personIds,
      checked: block.checked,
      due: parseDueDate(tidy(forDates), pageDate),
    });
  }
  return out;
}

/** The key of a follow-up whose checklist item carries its own id (never a hash key: "-"). */
export function followUpIdKey(pageId: string, id: string): string {
  return `${pageId}:id-${id}`;
}

/** Whether a key is an item-id key rather than a legacy hash-of-the-words key. */
export function isFollowUpIdKey(key: string): boolean {
  return key.includes(':id-');
}

/** Applies hand-set due dates and "done" marks; follow-ups without an override are returned as is. */
export function applyOverrides(
  followUps: readonly FollowUp[],
  overrides: Readonly<Record<string, FollowUpOverride | undefined>>,
): FollowUp[] {
  return followUps.map((f) => {
    const o = overrides[f.key];
    if (!o) return f;
    const next: FollowUp = { ...f };
    if (o.due !== undefined) next.due = o.due;
    if (o.doneOn) next.checked = true;
    return next;
  });
}

/** Unchecked follow-ups, by due date (undated last), then the page's date, then key. */
export function openFollowUps(all: Iterable<FollowUp>, today: string): OpenFollowUp[] {
  const open: OpenFollowUp[] = [];
  for (const f of all) {
    if (f.checked) continue;
    open.push({ ...f, overdueDays: f.due ? daysBetween(f.due, today) : null });
  }
  open.sort((a, b) => {
    if (a.due !== b.due) {
      if (a.due === null) return 1;
      if (b.due === null) return -1;
      return a.due < b.due ? -1 : 1;
    }
    if (a.pageDate !== b.pageDate) return a.pageDate < b.pageDate ? -1 : 1;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  return open;
}
