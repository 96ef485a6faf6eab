import * as Y from 'yjs';
import { StorageFailure } from '../storage/guardedPersistence';
import { ResilientPersistence } from '../storage/resilientPersistence';
import { quarantineDamagedRows } from './cacheQuarantine';
import { LOAD_ORIGIN } from './origins';
import { quietCacheLoads } from './quietCacheLoad';
import { isBlankPage } from '../../shared/pages/blankPage';
import type { ReplicaHub } from './replicaHub';
import type { ReplicaLink } from './replicaLink';

/**
 * One doc as a live replica: its y-indexeddb cache (damaged rows skipped, then set aside) and its link
 * with the store. Order, from the issue: load the cache; then open the link; the doc is
 * editable as soon as the cache has loaded with content — the editor never waits for the host
 * when the cache has the page — and otherwise (empty cache, unreadable cache, damaged rows) once
 * the store's state has arrived, so a page missing from the cache is pulled from the store and
 * never seeded as if it were new.
 */
export interface CacheEvents {
  /** The offline copy failed (quota, closed connection, failing writes): not data loss. */
  onCacheFailure(failure: StorageFailure): void;
  onCacheRecovered(name: string): void;
  /** Damaged rows of this doc's offline copy were set aside; the store's state has arrived. */
  onCacheDamaged(docId: string): void;
}

export interface ReplicaDocOptions {
  hub: ReplicaHub;
  docId: string;
  doc: Y.Doc;
  /**
   * The doc's y-indexeddb database name; null for no offline copy at all (the capture window):
   * the doc then comes from the store alone, and `ready` waits for it.
   */
  cacheName: string | null;
  events: CacheEvents;
  /** How long to wait for IndexedDB before opening from the store alone. */
  cacheTimeoutMs?: number;
  /** State merged in before anything loads (a doc this one takes over from). */
  seed?: Uint8Array;
  /**
   * A page that was never written (a day only visited): it opens from the store alone, and
   * neither its offline copy (an IndexedDB database) nor a store record is made until it holds
   * something a person wrote (ReplicaLink.holdWhileBlank).
   */
  persistWhenWritten?: boolean;
}

export class ReplicaDocClosed extends Error {
  constructor(docId: string) {
    super(`${docId} was closed before it loaded.`);
    this.name = 'ReplicaDocClosed';
  }
}

export class ReplicaDoc {
  readonly docId: string;
  readonly doc: Y.Doc;
  readonly link: ReplicaLink;
  /** Resolves when the doc may be shown and edited; rejects if it cannot be opened at all. */
  readonly ready: Promise<void>;
  private cache: ResilientPersistence | null = null;
  private cacheHadContent = false;
  private closed = false;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: ReplicaDocOptions) {
    this.docId = options.docId;
    this.doc = options.doc;
    this.link = options.hub.link(options.docId, options.doc);
    this.ready = this.load();
    this.ready.catch(() => undefined);
  }

  /** The cache's persistence once it exists (its `custom` store keeps local-only values). */
  get persistence(): ResilientPersistence | null {
    return this.cache;
  }

  pending(): number {
    return this.link.pending();
  }

  /** Pending updates that stand for something a person wrote (see ReplicaLink.pendingUserWrites). */
  pendingUserWrites(): number {
    return this.link.pendingUserWrites();
  }

  /** Whether this profile's offline copy held the doc before the store was asked (once `ready`). */
  get hadOfflineCopy(): boolean {
    return this.cacheHadContent;
  }

  /** Resolves when everything so far is acknowledged by the store (and the cache has it). */
  async flush(options: { rejectOnFailure?: boolean } = {}): Promise<void> {
    await this.link.whenSettled(options);
    await this.cache?.flush().catch(() => undefined);
  }

  /** Closes once everything is acknowledged: a backlog keeps the link alive and retrying. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    this.closing = (async () => {
      await this.link.close();
      // The store has everything; the cache's own failures were reported as they happened.
      await this.cache?.close().catch(() => undefined);
    })();
    return this.closing;
  }

  private async load(): Promise<void> {
    const { docId, doc, events, cacheName } = this.options;
    if (cacheName === null) return this.loadFromStoreOnly();
    if (this.options.persistWhenWritten) {
      this.link.holdWhileBlank();
      this.cacheOnceWritten(cacheName);
      return this.loadFromStoreOnly();
    }
    // Applied after an await, so an editor's binding is already observing the doc.
    await Promise.resolve();
    if (this.options.seed) Y.applyUpdate(doc, this.options.seed, LOAD_ORIGIN);
    if (this.closed) throw new ReplicaDocClosed(docId);

    // The cache's load is applied without encoding it for 'update' listeners (quietCacheLoad.ts).
    const stopQuiet = quietCacheLoads(doc);
    const cache = new ResilientPersistence(
      cacheName,
      doc,
      { onFailure: events.onCacheFailure, onRecovered: events.onCacheRecovered },
      this.options.cacheTimeoutMs ?? 5_000,
    );
    this.cache = cache;
    // A cache that fails or never answers was reported quietly; the store still has the journal.
    const cacheLoaded = await cache.loaded.then(
      () => true,
      () => false,
    );
    stopQuiet();
    // The load emitted no update: let the link see what it brought (pendingUserWrites).
    this.link.noteContent();
    if (this.closed) throw new ReplicaDocClosed(docId);
    // Damaged rows were skipped by the load; set them aside (never deleted) so the next start
    // does not meet them again, and take the store's state.
    let damagedRows = cache.persistence.cachedRows?.damaged ?? 0;
    if (damagedRows > 0) {
      try {
        damagedRows = Math.max(1, (await quarantineDamagedRows(cacheName)).quarantined);
      } catch (err) {
        events.onCacheFailure(new StorageFailure(cacheName, `Could not set damaged rows aside: ${describe(err)}`));
      }
      if (this.closed) throw new ReplicaDocClosed(docId);
    }
    this.cacheHadContent = cacheLoaded && hasContent(doc);
    this.link.start();
    if (damagedRows > 0) void this.link.synced.then(() => events.onCacheDamaged(docId));
    if (cacheLoaded && damagedRows === 0 && hasContent(doc)) return;
    // Nothing usable in the cache: the page comes from the store (or is new if the store has
    // nothing either). If the first try fails the page cannot be shown; the link keeps trying.
    await this.link.firstOpen;
  }

  /** Opens the offline copy at the first content (y-indexeddb then saves the doc's whole state). */
  private cacheOnceWritten(cacheName: string): void {
    const { doc, events } = this.options;
    const onUpdate = (): void => {
      if (this.closed || isBlankPage(doc)) return;
      doc.off('update', onUpdate);
      this.cache = new ResilientPersistence(cacheName, doc, { onFailure: events.onCacheFailure, onRecovered: events.onCacheRecovered }, this.options.cacheTimeoutMs ?? 5_000);
    };
    doc.on('update', onUpdate);
  }

  /** No offline copy: IndexedDB is never opened, and the doc is shown once the store's state has arrived. */
  private async loadFromStoreOnly(): Promise<void> {
    await Promise.resolve(); // as with a cache: an editor's binding observes the doc before anything loads
    if (this.options.seed) Y.applyUpdate(this.doc, this.options.seed, LOAD_ORIGIN);
    if (this.closed) throw new ReplicaDocClosed(this.docId);
    this.link.start();
    await this.link.firstOpen;
  }
}

/** Whether the doc holds anything at all (pending structs waiting for data do not count). */
export function hasContent(doc: Y.Doc): boolean {
  return doc.store.clients.size > 0;
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
