import { applyOverrides, buildReachOut, followUpDateText, parseDueDate, type FollowUp, type ReachOut } from '../../shared/care';
import { snippetToText } from '../../shared/pages/pageFacts';
import type { WorkspaceSnapshot } from '../state/workspaceView';

/**
 * Reach out, as the UI needs it, from the registry alone (no page doc is opened): follow-ups come
 * from each page's stored checklist items, due dates are parsed relative to the page's *current*
 * date (so moving a note moves "next Tuesday"), and hand-set due dates win.
 */
// chrono-node costs ~0.3 ms a parse; Reach out is recomputed whenever the registry changes, so
// each item's date is parsed once per (item text, page date). Keys can outlive an item's words
// (an item with its own id keeps its key), so the text itself is part of the cache key.
const dueCache = new Map<string, string | null>();
function parsedDue(dateText: string, pageDate: string): string | null {
  const cacheKey = `${pageDate}|${dateText}`;
  let due = dueCache.get(cacheKey);
  if (due === undefined) {
    if (dueCache.size > 20_000) dueCache.clear();
    dueCache.set(cacheKey, (due = parseDueDate(dateText, pageDate)));
  }
  return due;
}

export function followUpsOf(snapshot: WorkspaceSnapshot): FollowUp[] {
  const nameOf = (id: string): string => snapshot.people.get(id)?.name ?? 'someone';
  const all: FollowUp[] = [];
  for (const page of snapshot.pages.values()) {
    for (const f of page.followUps) {
      const personIds = f.personIds.filter((id) => snapshot.people.has(id));
      if (personIds.length === 0) continue;
      all.push({
        key: f.key,
        pageId: page.id,
        pageDate: page.date,
        text: snippetToText(f.parts, nameOf),
        personIds,
        checked: f.checked,
        due: parsedDue(followUpDateText(f.parts), page.date),
      });
    }
  }
  return applyOverrides(all, snapshot.followUpOverrides);
}

export function reachOutOf(snapshot: WorkspaceSnapshot, today: string): ReachOut {
  const reach = buildReachOut({
    profiles: snapshot.profiles.values(),
    pages: [...snapshot.pages.values()].map((p) => ({ id: p.id, kind: p.kind, date: p.date, contacts: p.contacts })),
    followUps: followUpsOf(snapshot),
    today,
  });
  // Date reminders set aside with "Done" stay away until their next occurrence.
  const dates = reach.dates.filter((item) => item.kind !== 'date' || !snapshot.datesDone.has(`${item.personId}:${item.dateId}:${item.on}`));
  return { ...reach, dates };
}

const cache = new WeakMap<WorkspaceSnapshot, Map<string, ReachOut>>();

/** Memoised per snapshot and day: every view that shows care data shares one computation. */
export function cachedReachOut(snapshot: WorkspaceSnapshot, today: string): ReachOut {
  let byDay = cache.get(snapshot);
  if (!byDay) cache.set(snapshot, (byDay = new Map()));
  let reach = byDay.get(today);
  if (!reach) byDay.set(today, (reach = reachOutOf(snapshot, today)));
  return reach;
}
