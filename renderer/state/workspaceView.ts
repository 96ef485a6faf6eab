import type * as Y from 'yjs';
import { listPages, listPeople, peopleMap } from '../../shared/domain/workspace';
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
 * burst of workspace changes, never per render; reading it never opens a page doc.
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

export function createWorkspaceView(ws: Y.Doc): WorkspaceView {
  let version = 0;
  const build = (): WorkspaceSnapshot => {
    const profiles = new Map<string, CareProfile>();
    peopleMap(ws).forEach((rec, id) => {
      if (rec instanceof Object && typeof (rec as { get?: unknown }).get === 'function') profiles.set(id, readCareProfile(id, rec));
    });
    return {
      people: new Map(listPeople(ws).map((p) => [p.id, p])),
      pages: new Map(listPages(ws).map((p) => [p.id, p])),
      profiles,
      settings: readCareSettings(ws),
      followUpOverrides: followUpOverrides(ws),
      datesDone: dismissedDates(ws),
      version: version++,
    };
  };
  let snapshot = build();
  const listeners = new Set<() => void>();
  let scheduled = false;
  const onUpdate = (): void => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      snapshot = build();
      listeners.forEach((l) => l());
    });
  };
  ws.on('update', onUpdate);
  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => ws.off('update', onUpdate),
  };
}
