import * as Y from 'yjs';
import { pagesMap, peopleMap, readPageMeta, readPerson } from '../../shared/domain/workspace';
import type { DerivedFacts } from './derivedFacts';
import type { PageMeta, Person } from '../../shared/domain/types';
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
 */
export interface WorkspaceSnapshot {
  people: ReadonlyMap<string, Person>;
  pages: ReadonlyMap<string, PageMeta>;
  /** Caring data per person (dates, check-in cadence, interests…). */
  profiles: ReadonlyMap<string, CareProfile>;
  settings: CareSettings;
  followUpOverrides: Readonly<Record<string, FollowUpOverrideRecord>>;
  /** `${personId}:${dateId}:${YYYY-MM-DD}` of date reminders set aside. */
  datesDone: ReadonlySet<string>;
  version: number;
}

export interface WorkspaceView {
  getSnapshot(): WorkspaceSnapshot;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

/** What the view needs of the derived facts: lookup, and the ids that changed. */
export type FactsSource = Pick<DerivedFacts, 'get' | 'subscribe'>;

export function createWorkspaceView(ws: Y.Doc, derived?: FactsSource): WorkspaceView {
  let version = 0;
  const pagesY = pagesMap(ws);
  const peopleY = peopleMap(ws);

  const readPage = (id: string): PageMeta | null => {
    const rec = pagesY.get(id);
    return rec instanceof Y.Map ? readPageMeta(id, rec, derived?.get(id)) : null;
  };
  const readPersonAndProfile = (id: string): [Person, CareProfile] | null => {
    const rec = peopleY.get(id);
    return rec instanceof Y.Map ? [readPerson(id, rec), readCareProfile(id, rec)] : null;
  };

  const full = (): WorkspaceSnapshot => {
    const pages = new Map<string, PageMeta>();
    pagesY.forEach((_rec, id) => {
      const meta = readPage(id);
      if (meta) pages.set(id, meta);
    });
    const people = new Map<string, Person>();
    const profiles = new Map<string, CareProfile>();
    peopleY.forEach((_rec, id) => {
      const both = readPersonAndProfile(id);
      if (both) {
        people.set(id, both[0]);
        profiles.set(id, both[1]);
      }
    });
    return { ...small(), pages, people, profiles, version: version++ };
  };
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
    let { pages, people, profiles } = prev;
    if (dirtyPages.size > 0) {
      const next = new Map(pages);
      dirtyPages.forEach((id) => {
        const meta = readPage(id);
        if (meta) next.set(id, meta);
        else next.delete(id);
      });
      pages = next;
    }
    if (dirtyPeople.size > 0) {
      const nextPeople = new Map(people);
      const nextProfiles = new Map(profiles);
      dirtyPeople.forEach((id) => {
        const both = readPersonAndProfile(id);
        if (both) {
          nextPeople.set(id, both[0]);
          nextProfiles.set(id, both[1]);
        } else {
          nextPeople.delete(id);
          nextProfiles.delete(id);
        }
      });
      people = nextPeople;
      profiles = nextProfiles;
    }
    dirtyPages.clear();
    dirtyPeople.clear();
    return { ...small(), pages, people, profiles, version: version++ };
  };

  let snapshot = full();
  const listeners = new Set<() => void>();
  let scheduled = false;
  const onUpdate = (): void => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      snapshot = incremental(snapshot);
      listeners.forEach((l) => l());
    });
  };
  ws.on('update', onUpdate);
  const stopDerived = derived?.subscribe((changed) => {
    changed.forEach((id) => dirtyPages.add(id));
    onUpdate();
  });
  return {
    getSnapshot: () => snapshot,
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
}
