import { journalDateOf } from '../../shared/domain/ids';
import * as Y from 'yjs';
import { isISODate } from '../../shared/domain/dates';
import { ensureJournalPage, pagesMap, touchPage } from '../../shared/domain/workspace';
import { readPageBlocks } from '../../shared/pages/pageBlocks';
import type { DocStore } from './docStore';

/**
 * Keeps a page's "last edited" time (`updatedAt` in the workspace doc) for edits typed on this
 * device. That is all the renderer writes about page content now: previews, mention snippets and
 * care facts are derived by the host from the stored page docs (electron/services/derived) and
 * never written to the workspace doc.
 *
 * Only a *local edit* counts (see `isLocalEdit`): updates from other windows or devices, loads
 * from the cache or the store, and the migration are not edits and never touch the time.
 */
export function startPageFactsUpdater(
  ws: Y.Doc,
  docs: DocStore,
  now: () => number = Date.now,
  minIntervalMs = 60_000,
  deviceId = 'unknown-device',
): { flush(): void; stop(): void; pending(): number } {
  const stopListening = docs.subscribeUpdates((pageId, _update, origin, doc) => {
    if (!isLocalEdit(origin)) return;
    // Visiting a day registers nothing (the editor's empty first paragraph is not writing): the
    // day's record is created by its first real edit, so browsing days leaves no trace.
    const day = journalDayOf(pageId);
    if (day && !pagesMap(ws).has(pageId)) {
      if (!hasWriting(doc)) return;
      ensureJournalPage(ws, day, { now: now(), deviceId });
      return;
    }
    // touchPage writes at most once per minIntervalMs, so doing it per keystroke is cheap.
    touchPage(ws, pageId, now(), minIntervalMs);
  });
  return {
    // Nothing is deferred any more: kept so callers that flush before closing stay unchanged.
    flush: () => undefined,
    pending: () => 0,
    stop: stopListening,
  };
}

/** The date of a day's journal entry id ("day-2026-01-03", or a later generation), or null. */
export function journalDayOf(pageId: string): string | null {
  const date = journalDateOf(pageId);
  return date && isISODate(date) ? date : null;
}

/** Whether a page holds anything written: text, a mention, or a block other than an empty paragraph. */
function hasWriting(doc: Y.Doc): boolean {
  return readPageBlocks(doc).some(
    (b) => b.type !== 'paragraph' || b.inlines.some((i) => 'mention' in i || i.text.trim() !== ''),
  );
}

/**
 * Whether a page-doc update was typed (or clicked) on this device:
 *  - the Lexical binding (typing, paste, formatting) transacts with the binding as origin;
 *  - undo/redo transacts with the Y.UndoManager as origin;
 *  - edits made without an editor (seeding a note, ticking a follow-up elsewhere) transact with
 *    no origin.
 * Everything else is not an edit: y-indexeddb loading (its persistence object), REMOTE_ORIGIN
 * (sync, import, other windows), loads from the host's store, the migration. Code that applies
 * updates from elsewhere must therefore always pass an origin.
 */
export function isLocalEdit(origin: unknown): boolean {
  if (origin === null || origin === undefined) return true;
  if (origin instanceof Y.UndoManager) return true;
  return isLexicalBinding(origin);
}

function isLexicalBinding(origin: unknown): boolean {
  // @lexical/yjs's Binding is a plain object: recognise it by the fields it always has.
  return (
    typeof origin === 'object' &&
    origin !== null &&
    'editor' in origin &&
    'doc' in origin &&
    'docMap' in origin &&
    (origin as { doc: unknown }).doc instanceof Y.Doc
  );
}
