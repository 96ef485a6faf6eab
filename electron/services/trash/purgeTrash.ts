/**
 * Purging Trash in the host, without any window: for each item, clear its page doc's content,
 * then mark it purged in the workspace doc — each write one update through the store (origin
 * 'trash'), so it reaches windows, the derived index and paired devices like any edit.
 *
 * Order, and why: content first, `purgedAt` second. A crash between the two leaves an item still
 * in Trash with an empty page; the next run purges it again (clearing is idempotent) and marks
 * it. The other order could leave an item "purged" — out of every list, never looked at again —
 * with its text still in the doc. Cancelling stops between items: what was purged stays purged,
 * the rest stays in Trash untouched; no item is ever half-purged by a cancel.
 *
 * A purged page whose doc changes later (another device, offline during the purge, still had
 * its text or typed into it) is cleared again: `sweepPurged` compares each purged page's store
 * seq with the seq it had when last cleared (kept in the local `trash` space), so it never opens
 * a doc that has not changed. Text that arrives in a page this device already cleared was typed
 * where the deletion was not yet known: it is moved to a new note first, never erased.
 */
import * as Y from 'yjs';
import { ROOT_NAME } from '../../../shared/pages/pageBlocks';
import { isInTrash, listTrash, markPurged, purgeDue, purgedPageIds } from '../../../shared/domain/trash';
import { createConversation, pageDate, pagesMap, SEED_ON_FIRST_OPEN, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { toLocalISODate } from '../../../shared/domain/dates';
import { appendCopyOf, hasContent } from '../../../shared/pages/pageWriter';
import type { JournalStore } from '../store/types';

export const TRASH_ORIGIN = 'trash';
const SPACE = 'trash';
const clearedKey = (pageId: string): string => `cleared/${pageId}`;

export interface PurgeOptions {
  /** The clock (ms): the purge time written, and what is due. */
  now: () => number;
  /** 'due': what has been in Trash 30 days; 'all': Empty Trash. */
  which: 'due' | 'all';
  signal?: AbortSignal;
  /** After the list is known (done 0) and after each item; awaited when it returns a promise. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

export interface PurgeResult {
  purged: string[];
  total: number;
  cancelled: boolean;
}

/** Loads the workspace doc, and keeps it current with what the store gained since (cheap diffs). */
async function loadWorkspace(store: JournalStore): Promise<{ ws: Y.Doc; refresh(): Promise<void> }> {
  const ws = new Y.Doc();
  const stored = await store.getUpdate(WORKSPACE_DOC_ID);
  if (stored) Y.applyUpdate(ws, stored);
  return {
    ws,
    async refresh() {
      const diff = await store.diff(WORKSPACE_DOC_ID, Y.encodeStateVector(ws));
      Y.applyUpdate(ws, diff);
    },
  };
}

/**
 * Deletes everything under the page doc's Lexical root (the XmlText the @lexical/yjs binding
 * uses): afterwards the doc's current state holds no text. Returns whether anything was there.
 */
export async function clearPageContent(store: JournalStore, pageId: string): Promise<boolean> {
  const stored = await store.getUpdate(pageId);
  if (!stored) return false;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, stored);
    const root = doc.get(ROOT_NAME, Y.XmlText);
    if (root.length === 0) return false;
    let update: Uint8Array | null = null;
    doc.on('update', (u: Uint8Array) => (update = u));
    doc.transact(() => root.delete(0, root.length));
    if (update) await store.applyUpdate(pageId, update, TRASH_ORIGIN);
    return true;
  } finally {
    doc.destroy();
  }
}

async function rememberCleared(store: JournalStore, pageId: string): Promise<void> {
  const seq = await store.seqOf(pageId);
  await store.space(SPACE).batch([{ type: 'put', key: clearedKey(pageId), value: new TextEncoder().encode(String(seq)) }]);
}

/** Purges what is due (or everything in Trash), one item at a time; see the file comment. */
export async function purgeTrash(store: JournalStore, options: PurgeOptions): Promise<PurgeResult> {
  const { ws, refresh } = await loadWorkspace(store);
  try {
    const ids = options.which === 'all' ? listTrash(ws).map((t) => t.id) : purgeDue(ws, options.now());
    const purged: string[] = [];
    await options.onProgress?.(0, ids.length);
    for (const [i, id] of ids.entries()) {
      if (options.signal?.aborted) return { purged, total: ids.length, cancelled: true };
      // Restored (or purged) in a window meanwhile? Look again right before touching it.
      await refresh();
      if (isInTrash(ws, id)) {
        if (pagesMap(ws).has(id)) {
          await clearPageContent(store, id);
          await rememberCleared(store, id);
        }
        const before = Y.encodeStateVector(ws);
        if (markPurged(ws, id, options.now())) {
          await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws, before), TRASH_ORIGIN);
          purged.push(id);
        }
      }
      await options.onProgress?.(i + 1, ids.length);
    }
    return { purged, total: ids.length, cancelled: false };
  } finally {
    ws.destroy();
  }
}

/**
 * Clears again every purged page whose doc changed since it was last cleared (or that was
 * purged on another device and never cleared here). Returns the ids cleared.
 */
export async function sweepPurged(store: JournalStore, signal?: AbortSignal, now: () => number = Date.now): Promise<string[]> {
  const { ws } = await loadWorkspace(store);
  const space = store.space(SPACE);
  const cleared: string[] = [];
  try {
    for (const id of purgedPageIds(ws)) {
      if (signal?.aborted) break;
      const seq = await store.seqOf(id);
      const at = await space.get(clearedKey(id));
      if (at !== undefined && Number(new TextDecoder().decode(at)) >= seq) continue;
      // Cleared here before and changed since: what is in it now was typed somewhere this device
      // never saw before it cleared the page (another device, offline). That text was never
      // deleted by anyone: it moves to a new note before the page is cleared again.
      if (at !== undefined) await rescueLateText(store, ws, id, now());
      if (await clearPageContent(store, id)) cleared.push(id);
      await rememberCleared(store, id);
    }
    return cleared;
  } finally {
    ws.destroy();
  }
}

export const RESCUED_HEADING = 'Written on another device after this page was deleted for good:';

/** Copies what a purged page holds into a new conversation note on the page's date (if anything). */
async function rescueLateText(store: JournalStore, ws: Y.Doc, pageId: string, now: number): Promise<string | null> {
  const stored = await store.getUpdate(pageId);
  if (!stored) return null;
  const source = new Y.Doc();
  const target = new Y.Doc();
  try {
    Y.applyUpdate(source, stored);
    if (!hasContent(source)) return null;
    const date = pageDate(ws, pageId) ?? toLocalISODate(new Date(now));
    const before = Y.encodeStateVector(ws);
    // Seeded by whichever device opens it first: no device wrote it through an editor.
    const noteId = createConversation(ws, date, '', { now, deviceId: SEED_ON_FIRST_OPEN });
    appendCopyOf(target, source, [{ text: RESCUED_HEADING }], `rescued:${pageId}`);
    // The page first, then its record: a crash in between leaves an unlisted doc, never a listed empty note.
    await store.applyUpdate(noteId, Y.encodeStateAsUpdate(target), TRASH_ORIGIN);
    await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws, before), TRASH_ORIGIN);
    return noteId;
  } finally {
    source.destroy();
    target.destroy();
  }
}
