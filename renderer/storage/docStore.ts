import * as Y from 'yjs';
import { FORWARDED_ORIGIN, LOAD_ORIGIN, REMOTE_ORIGIN, isLoadOrigin } from '../replica/origins';
import { ReplicaDoc, type CacheEvents } from '../replica/replicaDoc';
import type { ReplicaHub } from '../replica/replicaHub';
import type { LocalDocConnection } from './localProvider';

/**
 * Page docs in this window: one Y.Doc per page (guid = page id), each a live replica of the
 * host's store (renderer/replica) with its own y-indexeddb database as the cache. This is the
 * surface editors, care actions and search build on:
 *   - `connect`: an editor's fresh doc (lexical#4999) becomes the page's one live doc;
 *   - `loadDoc` / `editDoc` / `applyUpdate`: the live doc when there is one, else a temporary
 *     one that is loaded, used, acknowledged by the store and closed again;
 *   - `subscribeUpdates`: every update to every live doc, local or remote;
 *   - `pendingWrites` / `flushAll`: updates the store has not acknowledged yet.
 * One live doc per page, whoever opens it: an editor mounting while a temporary doc is in use
 * takes the temporary doc's state and later edits, and the temporary doc's pushes still complete.
 * Nothing here opens a doc nobody asked for, so start-up does not grow with the journal.
 */
export type UpdateListener = (pageId: string, update: Uint8Array, origin: unknown, doc: Y.Doc) => void;

export { REMOTE_ORIGIN, LOAD_ORIGIN, isLoadOrigin };

export interface DocStoreOptions extends CacheEvents {
  hub: ReplicaHub;
  /** How long to wait for IndexedDB before opening a page from the store alone. */
  loadTimeoutMs?: number;
  /** False: no y-indexeddb offline copy (the capture window); pages come from the store alone. */
  offlineCache?: boolean;
}

export const pageDbName = (pageId: string): string => `kindred-page-${pageId}`;

interface Entry {
  pageId: string;
  replica: ReplicaDoc;
  /** Editors and temporary users holding it. */
  users: number;
  /** Stops reporting this doc's updates to subscribers (it stopped being the live doc). */
  detach(): void;
  /** Run when the last user lets go. */
  cleanups: Array<() => void>;
}

export class DocStore {
  private live = new Map<string, Entry>();
  /** Released docs whose pushes are not all acknowledged yet (they keep retrying). */
  private closing = new Set<ReplicaDoc>();
  private listeners = new Set<UpdateListener>();

  constructor(private readonly options: DocStoreOptions) {
    if (!options.hub) {
      // Older callers passed only storage callbacks: pages now need the host's store.
      throw new TypeError('DocStore needs a replica hub (renderer/replica); tests: createTestDocStore() in renderer/replica/testWindow.testkit.ts.');
    }
  }

  /** Makes an editor's fresh doc the page's live doc. */
  /**
   * `persistWhenWritten`: the page was never written (a day only visited): no offline copy and
   * no store record until it holds something a person wrote (replicaDoc.ts).
   */
  connect(pageId: string, doc: Y.Doc, options: { persistWhenWritten?: boolean } = {}): LocalDocConnection {
    const existing = this.live.get(pageId);
    if (existing && existing.replica.doc === doc) return this.hold(existing);
    const entry = this.attach(pageId, doc, existing, options.persistWhenWritten === true);
    return this.hold(entry);
  }

  isOpen(pageId: string): boolean {
    return this.live.has(pageId);
  }

  /** The page's live replica (its cache and link), for diagnostics and tests. */
  replicaOf(pageId: string): ReplicaDoc | undefined {
    return this.live.get(pageId)?.replica;
  }

  /** The page's current state: the live doc if there is one, else the store's (via the cache). */
  loadDoc(pageId: string): Promise<Y.Doc> {
    return this.withDoc(pageId, (doc) => doc, false);
  }

  /**
   * Opens a page through the link and resolves once the store has acknowledged whatever this
   * window's offline copy had beyond it (moving an IndexedDB-only journal into the store).
   * Rejects if saving fails; the page's link keeps retrying.
   */
  syncDoc(pageId: string): Promise<Y.Doc> {
    return this.withDoc(pageId, (doc) => doc, true);
  }

  /** Merges an update from elsewhere (import, sync); resolves once the store has it. */
  applyUpdate(pageId: string, update: Uint8Array): Promise<void> {
    return this.withDoc(pageId, (doc) => Y.applyUpdate(doc, update, REMOTE_ORIGIN), true);
  }

  /**
   * Changes a page without an editor (ticking a follow-up, seeding a note); an open editor
   * follows through its binding. Resolves once the store has acknowledged the change; rejects
   * if saving fails (the change stays in the page and is saved when the store can).
   */
  editDoc<T>(pageId: string, edit: (doc: Y.Doc) => T): Promise<T> {
    return this.withDoc(pageId, edit, true);
  }

  subscribeUpdates(listener: UpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Waits until the store has acknowledged everything typed so far, in every doc. */
  async flushAll(): Promise<void> {
    for (;;) {
      const docs = this.allDocs();
      await Promise.all(docs.map((d) => d.flush()));
      if (this.allDocs().every((d) => d.pending() === 0)) return;
    }
  }

  /**
   * Updates the store has not acknowledged that stand for something a person wrote: loading a
   * doc is not a write, nor is the empty first paragraph an editor lays down in an empty page.
   */
  pendingWrites(): number {
    let n = 0;
    this.allDocs().forEach((d) => (n += d.pendingUserWrites()));
    return n;
  }

  private allDocs(): ReplicaDoc[] {
    return [...[...this.live.values()].map((e) => e.replica), ...this.closing];
  }

  private hold(entry: Entry): LocalDocConnection {
    entry.users++;
    let released = false;
    return {
      loaded: entry.replica.ready,
      close: () => {
        if (released) return;
        released = true;
        this.release(entry);
      },
    };
  }

  /**
   * Runs `use` on the page's live doc — or on a temporary one, loaded with the store's state —
   * and, when `write`, waits for the store's acknowledgement.
   */
  private async withDoc<T>(pageId: string, use: (doc: Y.Doc) => T, write: boolean): Promise<T> {
    let entry = this.live.get(pageId) ?? this.attach(pageId, new Y.Doc({ guid: pageId }), undefined);
    let connection = this.hold(entry);
    try {
      await connection.loaded;
      // Readers without an editor are not in a hurry: let the store's state arrive too (or its
      // first try fail, then the offline copy's state it is).
      await entry.replica.link.firstOpen.catch(() => undefined);
      // An editor may have taken the page over meanwhile: always use the live doc.
      for (let live = this.live.get(pageId); live && live !== entry; live = this.live.get(pageId)) {
        const previous = connection;
        entry = live;
        connection = this.hold(live);
        previous.close();
        await connection.loaded;
      }
      const result = use(entry.replica.doc);
      if (write) await entry.replica.flush({ rejectOnFailure: true });
      return result;
    } finally {
      connection.close();
    }
  }

  private attach(pageId: string, doc: Y.Doc, previous: Entry | undefined, persistWhenWritten = false): Entry {
    // The previous live doc (a temporary one, or another editor's) hands over its state now and
    // its later edits as they happen, so the page never forks; its own link still completes.
    let seed: Uint8Array | undefined;
    if (previous) {
      previous.detach();
      const old = previous.replica.doc;
      seed = Y.encodeStateAsUpdate(old);
      // Every update is copied, whatever its origin (a chain of take-overs must pass edits along);
      // a copy that changes nothing emits no update, so this never loops.
      const forward = (update: Uint8Array): void => Y.applyUpdate(doc, update, FORWARDED_ORIGIN);
      // Remote updates and the editor's edits keep the old doc current for whoever still reads it.
      const back = (update: Uint8Array): void => Y.applyUpdate(old, update, FORWARDED_ORIGIN);
      old.on('update', forward);
      doc.on('update', back);
      previous.cleanups.push(() => {
        old.off('update', forward);
        doc.off('update', back);
      });
    }
    const replica = new ReplicaDoc({
      hub: this.options.hub,
      docId: pageId,
      doc,
      cacheName: this.options.offlineCache === false ? null : pageDbName(pageId),
      cacheTimeoutMs: this.options.loadTimeoutMs,
      seed,
      events: this.options,
      // A take-over carries the previous doc's state: it is persisted as usual.
      persistWhenWritten: persistWhenWritten && !previous,
    });
    const onUpdate = (update: Uint8Array, origin: unknown): void => {
      this.listeners.forEach((l) => l(pageId, update, origin, doc));
    };
    doc.on('update', onUpdate);
    const entry: Entry = {
      pageId,
      replica,
      users: 0,
      cleanups: [],
      detach: () => {
        doc.off('update', onUpdate);
        if (this.live.get(pageId) === entry) this.live.delete(pageId);
      },
    };
    this.live.set(pageId, entry);
    return entry;
  }

  private release(entry: Entry): void {
    entry.users--;
    if (entry.users > 0) return;
    entry.detach();
    entry.cleanups.splice(0).forEach((c) => c());
    const { replica } = entry;
    this.closing.add(replica);
    void replica.close().finally(() => this.closing.delete(replica));
  }
}
