/**
 * Transaction origins for changes that are not edits made in this window. Listeners (the page
 * facts updater, search, the save indicator) use them to tell typing from loading.
 */

/**
 * The store's state arriving when a doc opens (or re-syncs after a failure). It is loading, not
 * an edit: it must not mark the page edited nor show "Saving…". It carries `whenSynced`, like
 * y-indexeddb's persistence (the other loading origin), so code that recognises a load by that
 * property treats both alike.
 */
export const LOAD_ORIGIN: { readonly kind: 'kindred-load'; readonly whenSynced: true } = Object.freeze({
  kind: 'kindred-load',
  whenSynced: true,
});

/**
 * Marks updates that arrive from outside this window: another window's edits (from the store,
 * never pushed back) and imports or sync applied through `DocStore.applyUpdate` (pushed, since
 * the store does not have them yet). Either way, not an edit typed here.
 */
export const REMOTE_ORIGIN = Symbol('kindred-remote');

/**
 * State copied between a page's old live doc and the editor's doc taking over from it. Each edit
 * is pushed by the link of the doc it was made in, so a copy is not pushed again.
 */
export const FORWARDED_ORIGIN = Symbol('kindred-forwarded');

/** True for the store's state on open and for y-indexeddb loading its cache. */
export function isLoadOrigin(origin: unknown): boolean {
  return origin === LOAD_ORIGIN || (typeof origin === 'object' && origin !== null && 'whenSynced' in origin);
}

/** State a link never pushes: loading (the cache or the store) and copies between a page's docs. */
export function isCopiedOrigin(origin: unknown): boolean {
  return origin === FORWARDED_ORIGIN || isLoadOrigin(origin);
}
