import type * as Y from 'yjs';
import { listPages, listPeople } from '../../shared/domain/workspace';
import type { PageMeta, Person } from '../../shared/domain/types';

/**
 * An immutable snapshot of the registry for React (`useSyncExternalStore`). Rebuilt once per
 * burst of workspace changes, never per render; reading it never opens a page doc.
 */
export interface WorkspaceSnapshot {
  people: ReadonlyMap<string, Person>;
  pages: ReadonlyMap<string, PageMeta>;
  version: number;
}

export interface WorkspaceView {
  getSnapshot(): WorkspaceSnapshot;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

export function createWorkspaceView(ws: Y.Doc): WorkspaceView {
  let version = 0;
  const build = (): WorkspaceSnapshot => ({
    people: new Map(listPeople(ws).map((p) => [p.id, p])),
    pages: new Map(listPages(ws).map((p) => [p.id, p])),
    version: version++,
  });
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
