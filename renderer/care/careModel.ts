import { applyOverrides, buildReachOut, followUpDateText, parseDueDate, type FollowUp, type ReachOut } from '../../shared/care';
import { LastConversationIndex } from '../../shared/care/lastConversationIndex';
import { diffMaps } from '../../shared/domain/mapDiff';
import type { PageMeta, StoredFollowUp } from '../../shared/domain/types';
import { snippetToText } from '../../shared/pages/pageFacts';
import { resolvePerson, type WorkspaceSnapshot } from '../state/workspaceView';

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

/**
 * Reach out follows the registry incrementally: each snapshot reuses the PageMeta of every page
 * that did not change, so only changed pages are looked at again (diffMaps) — the pages carrying
 * follow-ups are kept apart (a few percent of all pages), and last conversations are kept by
 * LastConversationIndex. Recomputing after one page changes costs what that page changed plus
 * one identity check per page, not a re-read of the whole journal.
 */
/** Reach out kept up to date with successive snapshots of one registry (one per window). */
export class ReachOutFollower {
  private readonly lastIndex = new LastConversationIndex();
  private followUpPages = new Map<string, PageMeta>();
  private followUpPagesOf: ReadonlyMap<string, PageMeta> = new Map();

  private follow(snapshot: WorkspaceSnapshot): void {
    if (snapshot.pages === this.followUpPagesOf) return;
    // The snapshot says which pages can differ from the one followed last: only those are read.
    const only = snapshot.pagesChanged?.from === this.followUpPagesOf ? snapshot.pagesChanged.ids : undefined;
    this.lastIndex.update(snapshot.pages, only);
    const next = new Map(this.followUpPages);
    diffMaps(
      this.followUpPagesOf,
      snapshot.pages,
      (id, _before, after) => {
        if (after && after.followUps.length > 0) next.set(id, after);
        else next.delete(id);
      },
      only,
    );
    this.followUpPages = next;
    this.followUpPagesOf = snapshot.pages;
  }

  followUpsOf(snapshot: WorkspaceSnapshot): FollowUp[] {
    this.follow(snapshot);
    const all: FollowUp[] = [];
    for (const page of this.followUpPages.values()) {
      for (const f of page.followUps) {
        const item = readFollowUp(snapshot, page, f);
        if (item) all.push(item);
      }
    }
    return applyOverrides(all, snapshot.followUpOverrides);
  }

  reachOutOf(snapshot: WorkspaceSnapshot, today: string): ReachOut {
    this.follow(snapshot);
    const reach = buildReachOut({
      profiles: snapshot.profiles.values(),
      pages: [],
      lastContacts: this.lastIndex.lastForAll(snapshot.profiles.values(), today),
      followUps: this.followUpsOf(snapshot),
      today,
    });
    // Date reminders set aside with "Done" stay away until their next occurrence.
    const dates = reach.dates.filter((item) => item.kind !== 'date' || !snapshot.datesDone.has(`${item.personId}:${item.dateId}:${item.on}`));
    return { ...reach, dates };
  }
}

/** A stored item as Reach out shows it; kept while its page's date and the people are unchanged. */
interface ReadFollowUp {
  people: WorkspaceSnapshot['people'];
  gone: WorkspaceSnapshot['gone'];
  pageDate: string;
  value: FollowUp | null;
}
const readCache = new WeakMap<StoredFollowUp, ReadFollowUp>();

function readFollowUp(snapshot: WorkspaceSnapshot, page: PageMeta, f: StoredFollowUp): FollowUp | null {
  const hit = readCache.get(f);
  if (hit && hit.people === snapshot.people && hit.gone === snapshot.gone && hit.pageDate === page.date) return hit.value;
  // Someone in Trash keeps their name in the text (only live people make an item show).
  const nameOf = (id: string): string => {
    const r = resolvePerson(snapshot, id);
    return r.kind === 'unknown' ? 'someone' : r.name;
  };
  const personIds = f.personIds.filter((id) => snapshot.people.has(id));
  const value: FollowUp | null =
    personIds.length === 0
      ? null
      : {
          key: f.key,
          pageId: page.id,
          pageDate: page.date,
          text: snippetToText(f.parts, nameOf),
          personIds,
          checked: f.checked,
          due: parsedDue(followUpDateText(f.parts), page.date),
        };
  readCache.set(f, { people: snapshot.people, gone: snapshot.gone, pageDate: page.date, value });
  return value;
}

/** This window's registry, followed by one follower. */
const follower = new ReachOutFollower();

export function followUpsOf(snapshot: WorkspaceSnapshot): FollowUp[] {
  return follower.followUpsOf(snapshot);
}

export function reachOutOf(snapshot: WorkspaceSnapshot, today: string): ReachOut {
  return follower.reachOutOf(snapshot, today);
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
