/**
 * A real host in-process for the renderer's replica tests: the router from shared/host, the
 * host's real handlers (electron/host) and the real journal store over the in-memory backend,
 * reached through the in-memory transport pair — the same pieces `npm run web` runs, minus the
 * socket. The only fault injected is the backend refusing writes (a full disk cannot be made
 * on demand here); the store's own error path turns that into what a user would see.
 */
/* eslint-disable no-restricted-imports -- test-only: the renderer's tests drive the real host. */
import { createHostHandlers } from '../../electron/host/handlers';
import { startSearchHost } from '../../electron/services/search';
import { openJournalStore } from '../../electron/services/store/journalStore';
import { MemoryBackend } from '../../electron/services/store/memory/memoryBackend';
import { StoreError, type JournalStore } from '../../electron/services/store/types';
import type { BackendOp } from '../../electron/services/store/backend';
/* eslint-enable no-restricted-imports */
import { createTransportClient } from '../../shared/host/client';
import type { HostClient, HostEventName, HostEvents } from '../../shared/host/contract';
import { createHostRouter } from '../../shared/host/router';
import { serveConnection, type ServedConnection } from '../../shared/host/server';
import { createInMemoryPair, type InMemoryTransport } from '../../shared/host/transport';

/** The in-memory backend, with writes that can be made to fail like a full disk. */
class FlakyBackend extends MemoryBackend {
  failing = false;
  override async batch(ops: readonly BackendOp[]): Promise<void> {
    if (this.failing) throw new StoreError('disk_full', 'The disk is full.');
    return super.batch(ops);
  }
}

export interface TestWindow {
  client: HostClient;
  clientId: string;
  /** Cuts this window's connection, as a host that stopped would. */
  disconnect(): void;
}

export interface TestHost {
  store: JournalStore;
  connect(): TestWindow;
  /** Makes every store write fail (true) or work again (false). */
  failWrites(failing: boolean): void;
  /** The store's whole content of a doc, as one update (null if it never saw the doc). */
  stored(docId: string): Promise<Uint8Array | null>;
  dispose(): Promise<void>;
}

export async function startTestHost(): Promise<TestHost> {
  const backend = new FlakyBackend();
  const store = await openJournalStore(backend, null);
  const connections = new Map<string, { served: ServedConnection; transport: InMemoryTransport }>();
  // Search beside the store, as both hosts run it.
  const search = startSearchHost(store, { saveDelayMs: 10, liveDelayMs: 5, log: () => undefined });
  const set = createHostHandlers({
    appInfo: { name: 'Kindred', version: '0.0.0-test', platform: 'test', host: 'web' },
    openExternal: async () => undefined,
    showNotification: async () => 'banner',
    windowReadyToClose: () => undefined,
    store,
    derived: null,
    search,
    log: () => undefined,
    replica: { coalesceMs: 0 },
    emitTo<E extends HostEventName>(clientId: string, event: E, payload: HostEvents[E]) {
      connections.get(clientId)?.served.emit(event, payload);
    },
    emitAll<E extends HostEventName>(event: E, payload: HostEvents[E]) {
      connections.forEach(({ served }) => served.emit(event, payload));
    },
  });
  const router = createHostRouter(set.handlers);
  let next = 0;
  return {
    store,
    connect() {
      const [clientSide, hostSide] = createInMemoryPair();
      const clientId = `window-${++next}`;
      const served = serveConnection(router, hostSide, clientId);
      connections.set(clientId, { served, transport: hostSide });
      hostSide.onClose(() => {
        connections.delete(clientId);
        set.clientGone(clientId);
      });
      return { client: createTransportClient(clientSide), clientId, disconnect: () => hostSide.close(1006, '') };
    },
    failWrites(failing) {
      backend.failing = failing;
    },
    stored: (docId) => store.getUpdate(docId),
    async dispose() {
      connections.forEach(({ transport }) => transport.close(1000, ''));
      set.dispose();
      await (await search.catch(() => null))?.close();
      await store.close();
    },
  };
}
