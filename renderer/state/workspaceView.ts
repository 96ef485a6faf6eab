import * as Y from 'yjs';
import { pagesMap, peopleMap, readPageMeta, readPerson } from '../../shared/domain/workspace';
import { yieldToBrowser } from '../scheduling/yieldToBrowser';
import type { DerivedFacts } from './derivedFacts';
import type { PageMeta, Person } from '../../shared/domain/types';
import { trashStateOf, type TrashState } from '../../shared/domain/trashState';
import { compareTrashItems, pageTrashItem, personTrashItem, type TrashItem } from '../../shared/domain/trash';
import {
  dismissedDates,
  followUpOverrides,
  readCareProfile,
  readCareSettings,
  type CareProfile,
  type CareSettings,
  type FollowUpOverrideRecord,
} from '../../shared/care';

/**
 * An immutable snapshot of the registry for React (`useSyncExternalStore`). Rebuilt once per
 * burst of changes, never per render; reading it never opens a page doc. A page's PageMeta is
 * its authored record in the workspace doc composed with its derived facts (preview, mentions,
 * care facts) from the host's derived index; a change to either re-reads only that page.
 *
 * `people`, `profiles` and `pages` hold LIVE records only: what is in Trash, purged or merged
 * (trashState.ts) is in none of them, so every list, search and reminder leaves it out without
 * knowing about Trash. A person's own page is live only while the person is.
 */
export interface WorkspaceSnapshot {
  people: ReadonlyMap<string, Person>;
  pages: ReadonlyMap<string, PageMeta>;
  /** Caring data per person (dates, check-in cadence, interests…). */
  profiles: ReadonlyMap<string, CareProfile>;
  /**
   * People who are not live (in Trash, purged, merged): their name, for mentions shown as plain
   * text, and their state (a merged person's mentions show the one they were merged into).
   */
  gone: ReadonlyMap<string, GonePerson>;
  /** What the Trash screen lists: people and pages in Trash, newest first. */
  trash: readonly TrashItem[];
  settings: CareSettings;
  followUpOverrides: Readonly<Record<string, FollowUpOverrideRecord>>;
  /** `${personId}:${dateId}:${YYYY-MM-DD}` of date reminders set aside. */
  datesDone: ReadonlySet<string>;
  version: number;
  /**
   * The pages that may differ from `from` (the previous snapshot's `pages`), so a consumer that
   * followed that one re-reads only these (Reach out at 50,000 pages); null after a full read.
   */
  pagesChanged: { from: ReadonlyMap<string, PageMeta>; ids: ReadonlySet<string> } | null;
}

export interface GonePerson {
  name: string;
  state: Exclude<TrashState, { state: 'live' }>;
}

export interface WorkspaceView {
  getSnapshot(): WorkspaceSnapshot;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

/** What the view needs of the derived facts: lookup, and the ids that changed. */
export type FactsSource = Pick<DerivedFacts, 'get' | 'subscribe'>;

export function createWorkspaceView(ws: Y.Doc, derived?: FactsSource): WorkspaceView {
  const built = buildView(ws, derived);
  const steps = built.firstRead();
  while (!steps.next().done);
  return built.view;
}

/** Records read per slice of the first read (≈ 10 ms in Chromium on a 2-core machine). */
const RECORDS_PER_SLICE = 2_000;

/**
 * The same view, with its first read of every record done a slice at a time (yielding to the
 * browser in between): at 10,000 pages one read is a 40–70 ms task at start-up. Changes made
 * meanwhile are collected as usual and applied once the first read is done.
 */
export async function openWorkspaceView(ws: Y.Doc, derived?: FactsSource, yieldNow: () => Promise<void> = yieldToBrowser): Promise<WorkspaceView> {
  const built = buildView(ws, derived);
  const steps = built.firstRead();
  while (!steps.next().done) await yieldNow();
  return built.view;
}

function buildView(ws: Y.Doc, derived: FactsSource | undefined): { view: WorkspaceView; firstRead(): Generator<void, void, void> } {
  let version = 0;
  const pagesY = pagesMap(ws);
  const peopleY = peopleMap(ws);

  /** The page's record as lists see it: null when missing, unreadable or not live. */
  const readPage = (id: string): { meta: PageMeta | null; trash: TrashItem | null } => {
    const rec = pagesY.get(id);
    if (!(rec instanceof Y.Map)) return { meta: null, trash: null };
    const state = trashStateOf(rec);
    if (state.state !== 'live') return { meta: null, trash: pageTrashItem(id, rec) };
    const meta = readPageMeta(id, rec, derived?.get(id));
    // A person's own page lives and dies with the person.
    if (meta?.kind === 'person' && trashStateOf(peopleY.get(id)).state !== 'live') return { meta: null, trash: null };
    return { meta, trash: null };
  };
  type PersonRead = { live: [Person, CareProfile] } | { gone: GonePerson; trash: TrashItem | null } | null;
  const readPersonAndProfile = (id: string): PersonRead => {
    const rec = peopleY.get(id);
    if (!(rec instanceof Y.Map)) return null;
    const state = trashStateOf(rec);
    if (state.state === 'live') return { live: [readPerson(id, rec), readCareProfile(id, rec)] };
    return { gone: { name: readPerson(id, rec).name, state }, trash: personTrashItem(id, rec) };
  };

  const trashById = new Map<string, TrashItem>();
  const sortedTrash = (): TrashItem[] => [...trashById.values()].sort(compareTrashItems);

  /** Every record read once; yields after each slice (a record changed meanwhile is dirty, read again after). */
  function* full(): Generator<void, WorkspaceSnapshot, void> {
    let n = 0;
    const pages = new Map<string, PageMeta>();
    for (const id of pagesY.keys()) {
      const { meta, trash } = readPage(id);
      if (meta) pages.set(id, meta);
      if (trash) trashById.set(id, trash);
      if (++n % RECORDS_PER_SLICE === 0) yield;
    }
    const people = new Map<string, Person>();
    const profiles = new Map<string, CareProfile>();
    const gone = new Map<string, GonePerson>();
    for (const id of peopleY.keys()) {
      const read = readPersonAndProfile(id);
      if (read && 'live' in read) {
        people.set(id, read.live[0]);
        profiles.set(id, read.live[1]);
      } else if (read) {
        gone.set(id, read.gone);
        if (read.trash) trashById.set(id, read.trash);
      }
      if (++n % RECORDS_PER_SLICE === 0) yield;
    }
    return { ...small(), pages, people, profiles, gone, trash: sortedTrash(), version: version++, pagesChanged: null };
  }
  const small = () => ({
    settings: readCareSettings(ws),
    followUpOverrides: followUpOverrides(ws),
    datesDone: dismissedDates(ws),
  });

  // With thousands of pages, re-reading every record per change would cost ~100 ms: only the
  // records a transaction touched are read again.
  const dirtyPages = new Set<string>();
  const dirtyPeople = new Set<string>();
  const collect = (target: Y.Map<Y.Map<unknown>>, into: Set<string>) => (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const e of events) {
      if (e.target === target) (e as Y.YMapEvent<unknown>).keysChanged.forEach((k) => into.add(k));
      else if (typeof e.path[0] === 'string') into.add(e.path[0]);
    }
  };
  const onPages = collect(pagesY, dirtyPages);
  const onPeople = collect(peopleY, dirtyPeople);
  pagesY.observeDeep(onPages);
  peopleY.observeDeep(onPeople);

  const incremental = (prev: WorkspaceSnapshot): WorkspaceSnapshot => {
    let { pages, people, profiles, gone, trash } = prev;
    let trashChanged = false;
    const setTrash = (id: string, item: TrashItem | null): void => {
      const had = trashById.get(id);
      if (item) {
        if (!had || had.deletedAt !== item.deletedAt || had.name !== item.name || had.place !== item.place || had.date !== item.date) {
          trashById.set(id, item);
          trashChanged = true;
        }
      } else if (had) {
        trashById.delete(id);
        trashChanged = true;
      }
    };
    if (dirtyPeople.size > 0) {
      const nextPeople = new Map(people);
      const nextProfiles = new Map(profiles);
      const nextGone = new Map(gone);
      dirtyPeople.forEach((id) => {
        const read = readPersonAndProfile(id);
        if (read && 'live' in read) {
          nextPeople.set(id, read.live[0]);
          nextProfiles.set(id, read.live[1]);
          nextGone.delete(id);
          setTrash(id, null);
        } else {
          nextPeople.delete(id);
          nextProfiles.delete(id);
          if (read) nextGone.set(id, read.gone);
          else nextGone.delete(id);
          setTrash(id, read ? read.trash : null);
        }
        // Their own page follows the person in and out of the lists.
        if (pagesY.has(id) || pages.has(id)) dirtyPages.add(id);
      });
      people = nextPeople;
      profiles = nextProfiles;
      gone = nextGone;
    }
    if (dirtyPages.size > 0) {
      const next = new Map(pages);
      dirtyPages.forEach((id) => {
        const { meta, trash: item } = readPage(id);
        if (meta) next.set(id, meta);
        else next.delete(id);
        // A person's page is listed in Trash as the person (set above), never on its own.
        if (!peopleY.has(id)) setTrash(id, item);
      });
      pages = next;
    }
    if (trashChanged) trash = sortedTrash();
    const pagesChanged = { from: prev.pages, ids: new Set(dirtyPages) };
    dirtyPages.clear();
    dirtyPeople.clear();
    return { ...small(), pages, people, profiles, gone, trash, version: version++, pagesChanged };
  };
  // Null until the first read is done; changes until then are only collected.
  let snapshot: WorkspaceSnapshot | null = null;
  const listeners = new Set<() => void>();
  let scheduled = false;
  const onUpdate = (): void => {
    if (scheduled || snapshot === null) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      snapshot = incremental(snapshot!);
      listeners.forEach((l) => l());
    });
  };
  function* firstRead(): Generator<void, void, void> {
    const first = yield* full();
    // Records that changed while the read was under way are read again.
    snapshot = dirtyPages.size > 0 || dirtyPeople.size > 0 ? incremental(first) : first;
  }
  ws.on('update', onUpdate);
  const stopDerived = derived?.subscribe((changed) => {
    changed.forEach((id) => dirtyPages.add(id));
    onUpdate();
  });
  const view: WorkspaceView = {
    getSnapshot: () => {
      if (snapshot === null) throw new Error('The workspace view was read before its first read finished.');
      return snapshot;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => {
      ws.off('update', onUpdate);
      stopDerived?.();
      pagesY.unobserveDeep(onPages);
      peopleY.unobserveDeep(onPeople);
    },
  };
  return { view, firstRead };
}


/** How a mention of a person shows: linked to a live person, or their name as plain text. */
export type ResolvedPerson =
  | { kind: 'live'; id: string; name: string }
  | { kind: 'gone'; name: string }
  | { kind: 'unknown' };

/**
 * Who a mention of `personId` shows. A merged person shows as the one they were merged into
 * (following chains, bounded; a cycle from concurrent merges resolves as trashState.ts's
 * `resolveMerged` does, to the smallest id on it); someone in Trash or purged as their name.
 */
export function resolvePerson(snapshot: Pick<WorkspaceSnapshot, 'people' | 'gone'>, personId: string): ResolvedPerson {
  const seen: string[] = [];
  let id = personId;
  for (let i = 0; i < 64; i++) {
    const live = snapshot.people.get(id);
    if (live) return { kind: 'live', id, name: live.name };
    const gone = snapshot.gone.get(id);
    if (!gone) return seen.length > 0 ? { kind: 'gone', name: snapshot.gone.get(seen[0]!)!.name } : { kind: 'unknown' };
    if (gone.state.state !== 'merged') return { kind: 'gone', name: gone.name };
    const into = gone.state.into;
    if (seen.includes(into)) {
      const survivor = [...seen.slice(seen.indexOf(into)), id].sort()[0]!;
      const p = snapshot.people.get(survivor);
      return p ? { kind: 'live', id: survivor, name: p.name } : { kind: 'gone', name: snapshot.gone.get(survivor)?.name ?? gone.name };
    }
    seen.push(id);
    id = into;
  }
  return { kind: 'gone', name: snapshot.gone.get(personId)?.name ?? '' };
}
