import { startDerivedIndex } from './derived/derivedIndex';
import { DERIVED_CHANNEL, KEYS_CHANNEL, STORE_CHANNEL, SYNC_CHANNEL } from './journalChannels';
import { connectKeyWrapOverPort } from './sync/keyWrapOverPort';
import { serveDerivedOverPort } from './derived/derivedOverPort';
import type { DerivedIndex } from './derived/types';
import { openLevelStore, type LevelStoreOptions } from './store';
import { channelPort } from './store/port/channel';
import type { MessagePortLike } from './store/port/rpc';
import { serveStoreOverPort } from './store/port/storeOverPort';
import type { JournalStore } from './store/types';
import type { SyncService } from './sync/service';
import { serveSyncOverPort } from './sync/syncOverPort';
import { startSyncService, type SyncServiceOptions } from './sync/syncService';
import { syncKeyDir } from './sync/syncKeyDir';

/**
 * What runs in the journal's own process (Electron's utilityProcess; a forked child in tests):
 * the store, and the derived index that follows its change log, side by side, each served on
 * its own channel of the one port (`store`, `derived`). Closing the store (main asks on quit)
 * first stops the index, which writes into the store.
 */
export { DERIVED_CHANNEL, STORE_CHANNEL, SYNC_CHANNEL } from './journalChannels';

export interface JournalChildOptions extends LevelStoreOptions {
  /** Peer-to-peer sync beside the store (default on, with the public DHT and the LAN). */
  peerSync?: Omit<SyncServiceOptions, 'store' | 'keyDir'> | false;
  /** Ask the other end of the port (Electron main) to wrap the identity key with the OS keychain. */
  keychainOverPort?: boolean;
}

export interface JournalChild {
  store: Promise<JournalStore>;
  derived: Promise<DerivedIndex>;
  sync: Promise<SyncService> | null;
  stop(): Promise<void>;
}

export function runJournalChild(port: MessagePortLike, dataDir: string, options: JournalChildOptions = {}): JournalChild {
  const { peerSync: syncOptions, keychainOverPort, ...storeOptions } = options;
  const store = openLevelStore(dataDir, storeOptions);
  const derived = store.then((s) => startDerivedIndex(s));
  derived.catch(() => undefined); // answered to each caller by serveDerivedOverPort
  const sync =
    syncOptions === false
      ? null
      : Promise.all([store, keychainOverPort ? connectKeyWrapOverPort(channelPort(port, KEYS_CHANNEL)) : null]).then(([s, wrap]) =>
          startSyncService({
            defaultName: 'This device',
            ...syncOptions,
            ...(wrap ? { wrap } : {}),
            store: s,
            keyDir: syncKeyDir(dataDir),
          }),
        );
  sync?.catch(() => undefined); // answered to each caller by serveSyncOverPort
  let stopping: Promise<void> | null = null;
  const closeBoth = async (): Promise<void> => {
    // Sync writes cursors and received docs into the store: it stops first.
    await (await sync?.catch(() => null))?.close().catch(() => undefined);
    await (await derived.catch(() => null))?.close().catch(() => undefined);
    await (await store.catch(() => null))?.close();
  };
  // The store as served: the same store, except that closing it stops the index first.
  const served = store.then((s) => withClose(s, closeBoth));
  served.catch(() => undefined);
  const stopStore = serveStoreOverPort(channelPort(port, STORE_CHANNEL), served);
  const stopDerived = serveDerivedOverPort(channelPort(port, DERIVED_CHANNEL), derived);
  const stopSync = sync ? serveSyncOverPort(channelPort(port, SYNC_CHANNEL), sync) : () => undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      stopStore();
      stopDerived();
      stopSync();
      await closeBoth().catch(() => undefined);
    })();
    return stopping;
  };
  port.onClose?.(() => void stop());
  return { store, derived, sync, stop };
}

function withClose(store: JournalStore, close: () => Promise<void>): JournalStore {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'close') return close;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
