import type * as Y from 'yjs';
import { syncPageFacts } from '../../shared/domain/pageFactsSync';
import { touchPage } from '../../shared/domain/workspace';
import type { DocStore } from './docStore';

/**
 * Keeps the registry's view of each page (preview, mention edges) in step with its content.
 * Runs shortly after typing pauses, and at once when asked to flush (page closed, app closing).
 */
export function startPageFactsUpdater(
  ws: Y.Doc,
  docs: DocStore,
  now: () => number = Date.now,
  delayMs = 300,
): { flush(): void; stop(): void; pending(): number } {
  const dirty = new Map<string, { doc: Y.Doc; timer: ReturnType<typeof setTimeout>; edited: boolean }>();

  const run = (pageId: string): void => {
    const entry = dirty.get(pageId);
    if (!entry) return;
    clearTimeout(entry.timer);
    dirty.delete(pageId);
    const changed = syncPageFacts(ws, pageId, entry.doc, now());
    if (!changed && entry.edited) touchPage(ws, pageId, now());
  };

  const stopListening = docs.subscribeUpdates((pageId, _update, origin, doc) => {
    const prev = dirty.get(pageId);
    if (prev) clearTimeout(prev.timer);
    // Loading from storage is not an edit; anything else (typing, sync) is.
    const isLoad = typeof origin === 'object' && origin !== null && 'whenSynced' in origin;
    dirty.set(pageId, {
      doc,
      edited: (prev?.edited ?? false) || !isLoad,
      timer: setTimeout(() => run(pageId), delayMs),
    });
  });

  return {
    flush: () => [...dirty.keys()].forEach(run),
    pending: () => dirty.size,
    stop: () => {
      stopListening();
      dirty.forEach((e) => clearTimeout(e.timer));
      dirty.clear();
    },
  };
}
