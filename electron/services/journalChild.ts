import { startCliEndpoint, type CliEndpoint } from './cliEndpoint';
import { startDerivedIndex } from './derived/derivedIndex';
import { startTrashPurger } from './trash/trashPurger';
import { defaultBackupsDir, scheduleAutoBackup, type AutoBackupSchedulerOptions } from './dataJobs/autoBackupSchedule';
import { DERIVED_CHANNEL, KEYS_CHANNEL, SEARCH_CHANNEL, STORE_CHANNEL, SYNC_CHANNEL } from './journalChannels';
import { serveSearchOverPort, startSearchHost, type SearchHost } from './search';
import { connectKeyWrapOverPort } from './sync/keyWrapOverPort';
import { serveDerivedOverPort } from './derived/derivedOverPort';
import type { DerivedIndex } from './derived/types';
import { openLevelStore, type LevelStoreOptions } from './store';
import { warmWorkspace } from './store/warmWorkspace';
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
  /** The daily backup's scheduler beside the store (default on; it backs up only when turned on in Settings). */
  autoBackup?: Partial<Omit<AutoBackupSchedulerOptions, 'store'>> | false;
  /** Serve the store to the `kindred` command line on a local socket (default on). */
  cliEndpoint?: boolean;
}

export interface JournalChild {
  store: Promise<JournalStore>;
  derived: Promise<DerivedIndex>;
  /** Full-text search beside the store (served on the `search` channel). */
  search: Promise<SearchHost>;
  sync: Promise<SyncService> | null;
  /** The command line's endpoint (null when off or when it could not start: the journal still runs). */
  cliEndpoint: Promise<CliEndpoint | null>;
  stop(): Promise<void>;
}

export function runJournalChild(port: MessagePortLike, dataDir: string, options: JournalChildOptions = {}): JournalChild {
  const { peerSync: syncOptions, keychainOverPort, autoBackup: autoBackupOptions, cliEndpoint: withEndpoint = true, ...storeOptions } = options;
  const store = openLevelStore(dataDir, storeOptions);
  // What every window asks first, ready before it asks (store/warmWorkspace.ts).
  void store.then((s) => warmWorkspace(s)).catch(() => undefined);
  const derived = store.then((s) => startDerivedIndex(s));
  derived.catch(() => undefined); // answered to each caller by serveDerivedOverPort
  const search = store.then((s) => startSearchHost(s));
  search.catch(() => undefined); // answered to each caller by serveSearchOverPort
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
  // Trash kept 30 days is purged at start and hourly, with or without windows.
  const purger = store.then((s) => startTrashPurger({ store: s })).catch(() => null);
  // Main shows the same folder (defaultBackupsDir of the journal folder) in Settings → Your data.
  const dailyBackup =
    autoBackupOptions === false
      ? null
      : store.then((s) => scheduleAutoBackup({ dir: defaultBackupsDir(dataDir), ...autoBackupOptions, store: s })).catch(() => null);
  let stopping: Promise<void> | null = null;
  const closeBoth = async (): Promise<void> => {
    // A daily backup in progress is cancelled (its temp file removed) before the store closes.
    await (await dailyBackup)?.stop().catch(() => undefined);
    // The command line's door closes first: nothing new may start against a closing store.
    await (await cliEndpoint)?.close().catch(() => undefined);
    await (await purger)?.close();
    // Sync writes cursors and received docs into the store: it stops first.
    await (await sync?.catch(() => null))?.close().catch(() => undefined);
    await (await derived.catch(() => null))?.close().catch(() => undefined);
    await (await search.catch(() => null))?.close().catch(() => undefined);
    await (await store.catch(() => null))?.close();
  };
  // The store as served: the same store, except that closing it stops the index first.
  const served = store.then((s) => withClose(s, closeBoth));
  served.catch(() => undefined);
  const stopStore = serveStoreOverPort(channelPort(port, STORE_CHANNEL), served);
  const cliEndpoint = withEndpoint
    ? served.then(
        (s) =>
          startCliEndpoint({ dataDir, store: s }).catch((err: unknown) => {
            process.stderr.write(`Kindred: the command line cannot reach this journal: ${err instanceof Error ? err.message : String(err)}\n`);
            return null;
          }),
        () => null, // the store did not open: that is reported to the app already
      )
    : Promise.resolve(null);
  const stopDerived = serveDerivedOverPort(channelPort(port, DERIVED_CHANNEL), derived);
  const stopSearch = serveSearchOverPort(channelPort(port, SEARCH_CHANNEL), search);
  const stopSync = sync ? serveSyncOverPort(channelPort(port, SYNC_CHANNEL), sync) : () => undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      stopStore();
      stopDerived();
      stopSearch();
      stopSync();
      await closeBoth().catch(() => undefined);
    })();
    return stopping;
  };
  port.onClose?.(() => void stop());
  return { store, derived, search, sync, cliEndpoint, stop };
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
