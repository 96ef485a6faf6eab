import * as Y from 'yjs';
import { StorageFailure } from './guardedPersistence';
import { ResilientPersistence } from './resilientPersistence';
import type { LocalDocConnection } from './localProvider';

/**
 * Page docs on this device: one Y.Doc per page (guid = page id), one IndexedDB database per
 * doc through y-indexeddb. This is the surface search and sync build on:
 *   - `connect` / open docs: what editors use (a fresh Y.Doc per editor mount);
 *   - `loadDoc`: a doc's current state for readers that have no editor (indexers, sync);
 *   - `subscribeUpdates`: every update to every doc this store has open, local or remote;
 *   - `applyUpdate`: merge an update from elsewhere, into the open doc or straight to storage.
 * Listing docs comes from the workspace registry (never `indexedDB.databases()`), and nothing
 * here opens a doc nobody asked for: start-up cost does not grow with the number of pages.
 */
export type UpdateListener = (pageId: string, update: Uint8Array, origin: unknown, doc: Y.Doc) => void;

interface OpenDoc {
  doc: Y.Doc;
  persistence: ResilientPersistence;
  loaded: Promise<void>;
  detach(): void;
}

export interface DocStoreOptions {
  onFailure(failure: StorageFailure): void;
  /** A doc whose storage failed is being saved again (after an automatic reconnect). */
  onRecovered?(docName: string): void;
  /** How long to wait for IndexedDB before showing an error. */
  loadTimeoutMs?: number;
}

export const pageDbName = (pageId: string): string => `kindred-page-${pageId}`;

/** Marks updates that arrive from outside this device (sync, import) for listeners. */
export const REMOTE_ORIGIN = Symbol('kindred-remote');

export class DocStore {
  private open = new Map<string, OpenDoc>();
  private closing = new Set<Promise<void>>();
  private listeners = new Set<UpdateListener>();
  private readonly loadTimeoutMs: number;

  constructor(private readonly options: DocStoreOptions) {
    this.loadTimeoutMs = options.loadTimeoutMs ?? 10_000;
  }

  /** Attaches storage to a fresh doc for an editor. At most one open doc per page at a time. */
  connect(pageId: string, doc: Y.Doc): LocalDocConnection {
    const existing = this.open.get(pageId);
    if (existing && existing.doc === doc) {
      return { loaded: existing.loaded, close: () => void this.release(pageId, existing) };
    }
    // A second editor on the same page would fork it; keep one persistence per page.
    if (existing) void this.release(pageId, existing);
    const entry = this.attach(pageId, doc);
    return { loaded: entry.loaded, close: () => void this.release(pageId, entry) };
  }

  isOpen(pageId: string): boolean {
    return this.open.has(pageId);
  }

  /** The doc's current state: the open one if an editor has it, else loaded and closed again. */
  loadDoc(pageId: string): Promise<Y.Doc> {
    return this.withDoc(pageId, (doc) => doc);
  }

  /** Merges an update from elsewhere (sync, import); it is stored before this resolves. */
  applyUpdate(pageId: string, update: Uint8Array): Promise<void> {
    return this.withDoc(pageId, (doc) => Y.applyUpdate(doc, update, REMOTE_ORIGIN));
  }

  /**
   * Changes a page without an editor (ticking a follow-up from a person page, seeding a new
   * note). An open editor follows the change through its binding.
   */
  editDoc<T>(pageId: string, edit: (doc: Y.Doc) => T): Promise<T> {
    return this.withDoc(pageId, edit);
  }

  /**
   * Runs `use` on the page's doc — the open one when an editor has it, else a temporary one
   * that is loaded, stored and closed again — and resolves once the result is on disk. A
   * storage failure rejects, so callers (sync, import) know to keep their data and retry.
   */
  private async withDoc<T>(pageId: string, use: (doc: Y.Doc) => T): Promise<T> {
    const entry = this.open.get(pageId);
    if (entry) {
      await entry.loaded;
      const result = use(entry.doc);
      await entry.persistence.flush();
      return result;
    }
    await this.settled();
    const doc = new Y.Doc({ guid: pageId });
    const temp = this.attach(pageId, doc);
    try {
      await temp.loaded;
      const result = use(doc);
      await temp.persistence.flush();
      return result;
    } finally {
      await this.release(pageId, temp);
    }
  }

  subscribeUpdates(listener: UpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Waits until everything typed so far is committed to IndexedDB. */
  async flushAll(): Promise<void> {
    await Promise.all([...this.open.values()].map((e) => e.persistence.flush()));
    await this.settled();
  }

  pendingWrites(): number {
    let n = 0;
    this.open.forEach((e) => (n += e.persistence.pendingWrites));
    return n;
  }

  private attach(pageId: string, doc: Y.Doc): OpenDoc {
    const persistence = new ResilientPersistence(
      pageDbName(pageId),
      doc,
      { onFailure: this.options.onFailure, onRecovered: (name) => this.options.onRecovered?.(name) },
      this.loadTimeoutMs,
    );
    const onUpdate = (update: Uint8Array, origin: unknown): void => {
      this.listeners.forEach((l) => l(pageId, update, origin, doc));
    };
    doc.on('update', onUpdate);
    const loaded = persistence.loaded;
    const entry: OpenDoc = { doc, persistence, loaded, detach: () => doc.off('update', onUpdate) };
    this.open.set(pageId, entry);
    return entry;
  }

  private release(pageId: string, entry: OpenDoc): Promise<void> {
    if (this.open.get(pageId) === entry) this.open.delete(pageId);
    entry.detach();
    const done = entry.persistence.close().catch((err: unknown) => {
      this.options.onFailure(
        err instanceof StorageFailure ? err : new StorageFailure(pageDbName(pageId), String(err)),
      );
    });
    this.closing.add(done);
    void done.finally(() => this.closing.delete(done));
    return done;
  }

  private async settled(): Promise<void> {
    while (this.closing.size > 0) await Promise.all([...this.closing]);
  }
}
