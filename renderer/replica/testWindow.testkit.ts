/**
 * A "window" for replica tests: a connection to the in-process host, a hub, a DocStore, and a
 * log of everything the status would have been told. fake-indexeddb is one browser profile, so
 * windows in one test share the offline copy, as two tabs of one browser do.
 */
import * as Y from 'yjs';
import type { HostClient } from '../../shared/host/contract';
import type { StorageFailure } from '../storage/guardedPersistence';
import { DocStore } from '../storage/docStore';
import type { CacheEvents } from './replicaDoc';
import { createReplicaHub, type ReplicaHub } from './replicaHub';
import { startTestHost, type TestHost } from './inProcessHost.testkit';

export interface WindowLog {
  saveFailures: Array<{ docId: string; message: string; code: string }>;
  saveRecovered: string[];
  cacheFailures: StorageFailure[];
  damaged: Array<{ docId: string; where: 'cache' | 'store' }>;
}

export interface OpenedTestWindow {
  client: HostClient;
  hub: ReplicaHub;
  docs: DocStore;
  log: WindowLog;
  cacheEvents: CacheEvents;
  disconnect(): void;
}

let pageCounter = 0;
/** Unique per call: each page id maps to its own IndexedDB database. */
export const uniquePage = (prefix = 'note'): string => `${prefix}-t${Date.now().toString(36)}${++pageCounter}`;

export function openTestWindow(
  host: TestHost,
  options: { retryDelaysMs?: number[]; partBytes?: number; loadTimeoutMs?: number; client?: (c: HostClient) => HostClient } = {},
): OpenedTestWindow {
  const win = host.connect();
  const client = options.client ? options.client(win.client) : win.client;
  const log: WindowLog = { saveFailures: [], saveRecovered: [], cacheFailures: [], damaged: [] };
  const hub = createReplicaHub(
    client,
    {
      onSaveFailure: (docId, error) => log.saveFailures.push({ docId, message: error.message, code: error.code }),
      onSaveRecovered: (docId) => log.saveRecovered.push(docId),
      onStoreDamaged: (docId) => log.damaged.push({ docId, where: 'store' }),
    },
    { retryDelaysMs: options.retryDelaysMs ?? [5, 20, 50], partBytes: options.partBytes },
  );
  const cacheEvents: CacheEvents = {
    onCacheFailure: (f) => log.cacheFailures.push(f),
    onCacheRecovered: () => undefined,
    onCacheDamaged: (docId) => log.damaged.push({ docId, where: 'cache' }),
  };
  const docs = new DocStore({ hub, ...cacheEvents, loadTimeoutMs: options.loadTimeoutMs ?? 5_000 });
  return { client, hub, docs, log, cacheEvents, disconnect: win.disconnect };
}

/** The text of `key` in the store's copy of a doc ('' when the store has none). */
export async function storedText(host: TestHost, docId: string, key = 't'): Promise<string> {
  const update = await host.stored(docId);
  if (!update) return '';
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getText(key).toString();
}

/** Waits for a condition, polling; fails with `what` after `ms`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * A DocStore for tests elsewhere (search, care actions, page facts) that only need pages to
 * load and save: backed by a real in-process host and store, created synchronously (requests
 * wait for the host to start). Call `dispose()` after the test.
 */
export function createTestDocStore(): { docs: DocStore; hub: ReplicaHub; dispose(): Promise<void> } {
  const starting = startTestHost();
  const connected = starting.then((host) => host.connect().client);
  const client: HostClient = {
    request: async (method, params) => (await connected).request(method, params),
    subscribe(event, listener) {
      let stop: (() => void) | null = null;
      let stopped = false;
      void connected.then((c) => {
        if (!stopped) stop = c.subscribe(event, listener);
      });
      return () => {
        stopped = true;
        stop?.();
      };
    },
  };
  const hub = createReplicaHub(client, { onSaveFailure: () => undefined, onSaveRecovered: () => undefined });
  const fail = (f: StorageFailure): void => console.error('[test offline copy]', f.docName, f.message);
  const docs = new DocStore({ hub, onCacheFailure: fail, onCacheRecovered: () => undefined, onCacheDamaged: () => undefined });
  return {
    docs,
    hub,
    async dispose() {
      await docs.flushAll();
      hub.dispose();
      await (await starting).dispose();
    },
  };
}
