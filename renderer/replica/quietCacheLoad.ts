import type * as Y from 'yjs';
import { LOAD_ORIGIN } from './origins';

type Observers = Map<string, Set<(...args: unknown[]) => void>>;

/**
 * Loading a doc from this window's offline copy is not an edit, and every 'update' listener
 * ignores it (y-indexeddb ignores its own origin, the link never pushes a load, the lists read
 * the doc after it loaded). But Yjs encodes a transaction's whole update whenever any 'update'
 * listener exists: for the 2 MB registry of a 10,000-page journal that encoding alone was a
 * 0.1–0.4 s main-thread task at every start. So while y-indexeddb applies the cached updates,
 * the doc's 'update' listeners are set aside (Yjs then skips the encoding) and put back as soon
 * as the transaction is done. Only the cache's own load: the store's state on open (LOAD_ORIGIN)
 * must still reach y-indexeddb, which writes it into the cache.
 *
 * Relies on lib0's Observable keeping listeners in `_observers` (a Map by event name), stable
 * across Yjs 13; the test beside this file fails if that changes.
 */
export function quietCacheLoads(doc: Y.Doc): () => void {
  const observers = (doc as unknown as { _observers: Observers })._observers;
  let stashed: Set<(...args: unknown[]) => void> | null = null;
  const before = (tr: Y.Transaction): void => {
    if (stashed !== null || !isCacheLoad(tr.origin)) return;
    const listeners = observers.get('update');
    if (!listeners) return;
    stashed = listeners;
    observers.delete('update');
  };
  const after = (): void => {
    if (stashed === null) return;
    // Listeners added during the load were kept in a new set: keep both.
    const added = observers.get('update');
    if (added) added.forEach((l) => stashed!.add(l));
    observers.set('update', stashed);
    stashed = null;
  };
  doc.on('beforeTransaction', before);
  doc.on('afterAllTransactions', after);
  return () => {
    doc.off('beforeTransaction', before);
    doc.off('afterAllTransactions', after);
    after();
  };
}

/** y-indexeddb's persistence is the origin of its load (it has `whenSynced`); LOAD_ORIGIN is not a cache load. */
function isCacheLoad(origin: unknown): boolean {
  return origin !== LOAD_ORIGIN && typeof origin === 'object' && origin !== null && 'whenSynced' in origin && '_storeUpdate' in origin;
}
