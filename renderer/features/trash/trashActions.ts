import type * as Y from 'yjs';
import { deletePage, deletePerson, restoreFromTrash, type TrashKind } from '../../../shared/domain/trash';
import { pageHref, routeHref } from '../../router/routes';
import type { AppServices } from '../../state/AppServices';

/**
 * Moving to Trash and restoring, from the window: plain edits of the workspace doc (a tombstone,
 * see shared/domain/trashState.ts) that reach the store and every device like any edit. Then a
 * status line ("Moved to Trash. Undo") that outlives the page the user just left, kept per
 * workspace doc (no module-wide state).
 */
export interface TrashTarget {
  kind: TrashKind;
  id: string;
  /** The page's date (journal/conversation), for its address when restored. */
  date?: string;
}

/** Where to go once something is in Trash: the list it came from. */
export function afterTrashHref(kind: TrashKind): string {
  return routeHref({ name: kind === 'person' ? 'people' : 'journal' });
}

/** The page of a restored item. */
export function restoredHref(t: TrashTarget): string {
  return t.kind === 'person' ? routeHref({ name: 'person', id: t.id }) : pageHref({ id: t.id, kind: t.kind, date: t.date ?? '' });
}

export function moveToTrash(s: Pick<AppServices, 'ws' | 'now'>, t: TrashTarget): void {
  if (t.kind === 'person') deletePerson(s.ws, t.id, s.now().getTime());
  else deletePage(s.ws, t.id, s.now().getTime());
}

export function restoreItem(s: Pick<AppServices, 'ws'>, id: string): void {
  restoreFromTrash(s.ws, id);
}

export interface TrashStatusShown {
  message: string;
  undo: (() => void) | null;
  serial: number;
}

export interface TrashStatusStore {
  get(): TrashStatusShown;
  subscribe(listener: () => void): () => void;
  announce(message: string, undo?: () => void): void;
  /** The Undo offer ends (after UNDO_MS, or once used); the message stays. */
  expire(serial: number): void;
  clear(): void;
}

export const TRASH_UNDO_MS = 10_000;
const stores = new WeakMap<Y.Doc, TrashStatusStore>();

export function trashStatusStore(ws: Y.Doc): TrashStatusStore {
  const existing = stores.get(ws);
  if (existing) return existing;
  let shown: TrashStatusShown = { message: '', undo: null, serial: 0 };
  const listeners = new Set<() => void>();
  const set = (next: TrashStatusShown): void => {
    shown = next;
    listeners.forEach((l) => l());
  };
  const store: TrashStatusStore = {
    get: () => shown,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    announce: (message, undo) => set({ message, undo: undo ?? null, serial: shown.serial + 1 }),
    expire: (serial) => {
      if (shown.serial === serial && shown.undo) set({ ...shown, undo: null });
    },
    clear: () => set({ message: '', undo: null, serial: shown.serial + 1 }),
  };
  stores.set(ws, store);
  return store;
}
