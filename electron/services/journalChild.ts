import { startDerivedIndex } from './derived/derivedIndex';
import { serveDerivedOverPort } from './derived/derivedOverPort';
import type { DerivedIndex } from './derived/types';
import { openLevelStore, type LevelStoreOptions } from './store';
import { channelPort } from './store/port/channel';
import type { MessagePortLike } from './store/port/rpc';
import { serveStoreOverPort } from './store/port/storeOverPort';
import type { JournalStore } from './store/types';

/**
 * What runs in the journal's own process (Electron's utilityProcess; a forked child in tests):
 * the store, and the derived index that follows its change log, side by side, each served on
 * its own channel of the one port (`store`, `derived`). Closing the store (main asks on quit)
 * first stops the index, which writes into the store.
 */
export const STORE_CHANNEL = 'store';
export const DERIVED_CHANNEL = 'derived';

export interface JournalChild {
  store: Promise<JournalStore>;
  derived: Promise<DerivedIndex>;
  stop(): Promise<void>;
}

export function runJournalChild(port: MessagePortLike, dataDir: string, options: LevelStoreOptions = {}): JournalChild {
  const store = openLevelStore(dataDir, options);
  const derived = store.then((s) => startDerivedIndex(s));
  derived.catch(() => undefined); // answered to each caller by serveDerivedOverPort
  let stopping: Promise<void> | null = null;
  const closeBoth = async (): Promise<void> => {
    await (await derived.catch(() => null))?.close().catch(() => undefined);
    await (await store.catch(() => null))?.close();
  };
  // The store as served: the same store, except that closing it stops the index first.
  const served = store.then((s) => withClose(s, closeBoth));
  served.catch(() => undefined);
  const stopStore = serveStoreOverPort(channelPort(port, STORE_CHANNEL), served);
  const stopDerived = serveDerivedOverPort(channelPort(port, DERIVED_CHANNEL), derived);
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      stopStore();
      stopDerived();
      await closeBoth().catch(() => undefined);
    })();
    return stopping;
  };
  port.onClose?.(() => void stop());
  return { store, derived, stop };
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
