import * as Y from 'yjs';
import { WORKSPACE_DOC_ID, initWorkspace } from '../../shared/domain/workspace';
import { randomId } from '../../shared/domain/ids';
import { ReplicaDoc, type CacheEvents } from '../replica/replicaDoc';
import type { ReplicaHub } from '../replica/replicaHub';

/**
 * The authored workspace doc (people, page records): a live replica of the store like every
 * page, cached in its own y-indexeddb database (named after the doc, as before). Opened once at
 * start-up and kept for the window's life.
 */
export interface OpenedWorkspace {
  doc: Y.Doc;
  replica: ReplicaDoc;
  /** Identifies this device's storage; only the device that creates a page seeds it. */
  deviceId: string;
  /**
   * This profile's IndexedDB already held a journal before the store was asked: an upgrade from
   * the version that kept everything there (see renderer/migration), or a window reopened.
   */
  hadOfflineCopy: boolean;
  /** Updates the store has not acknowledged. */
  pendingWrites(): number;
  /** Resolves once the store has acknowledged everything so far. */
  flush(): Promise<void>;
}

export async function openWorkspace(
  hub: ReplicaHub,
  events: CacheEvents,
  cacheTimeoutMs = 5_000,
  /** `offlineCache: false`: no y-indexeddb copy (the capture window); the device id is per session. */
  options: { offlineCache?: boolean } = {},
): Promise<OpenedWorkspace> {
  const doc = new Y.Doc({ guid: WORKSPACE_DOC_ID });
  const cacheName = options.offlineCache === false ? null : WORKSPACE_DOC_ID;
  const replica = new ReplicaDoc({ hub, docId: WORKSPACE_DOC_ID, doc, cacheName, events, cacheTimeoutMs });
  // With an empty cache this waits for the store, so a new window never starts a blank registry.
  await replica.ready;
  initWorkspace(doc);
  return {
    doc,
    replica,
    deviceId: await deviceIdOf(replica),
    hadOfflineCopy: replica.hadOfflineCopy,
    pendingWrites: () => replica.pending(),
    flush: () => replica.flush(),
  };
}

/**
 * The device id lives in y-indexeddb's local-only `custom` store: it never syncs. If the cache
 * cannot keep it, this session gets its own id (pages it creates are still seeded once).
 */
async function deviceIdOf(replica: ReplicaDoc): Promise<string> {
  const persistence = replica.persistence?.persistence;
  try {
    if (persistence) {
      const stored = (await persistence.get('deviceId')) as unknown;
      if (typeof stored === 'string' && stored) return stored;
      const fresh = `device-${randomId()}`;
      await persistence.set('deviceId', fresh);
      return fresh;
    }
  } catch {
    // reported by the cache already; fall through
  }
  return `device-${randomId()}`;
}
