import type { HostHandlers } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import type { SyncRequests } from '../../shared/host/slices/sync';
import { OFF_STATUS, SyncError, type SyncService } from '../services/sync/service';
import type { HostEmitter } from './emitter';

/**
 * `sync.*` over the sync service, and its status as `sync.statusChanged` to every window.
 * A host without sync (tests that inject a bare store) answers "off" and refuses pairing with
 * a plain reason instead of failing the whole contract. Errors the user can act on are
 * SyncErrors; their message crosses as is.
 */
export type SyncHandlers = Pick<HostHandlers, keyof SyncRequests>;

export interface SyncSlice {
  handlers: SyncHandlers;
  dispose(): void;
}

export type SyncSource = SyncService | null | Promise<SyncService | null>;

export function createSyncSlice(source: SyncSource, emitter: HostEmitter, log: (line: string) => void): SyncSlice {
  let disposed = false;
  let off: (() => void) | undefined;
  const ready: Promise<SyncService | null> = Promise.resolve(source).then(
    (sync) => {
      if (sync && !disposed) off = sync.onStatus((status) => emitter.emitAll('sync.statusChanged', status));
      return sync;
    },
    (err: unknown) => {
      log(`kindred: sync did not start: ${String(err)}`);
      return null;
    },
  );
  const need = async (): Promise<SyncService> => {
    const sync = await ready;
    if (!sync) throw new HostError('unavailable', 'Sync is not available in this version of the app.');
    return sync;
  };
  // A SyncError is a refusal in plain words (wrong code, expired…): it crosses as 'refused'.
  const plain = <T>(run: (sync: SyncService) => Promise<T>) => async (): Promise<T> => {
    const sync = await need();
    try {
      return await run(sync);
    } catch (err) {
      if (err instanceof SyncError || (err instanceof Error && err.name === 'SyncError')) {
        throw new HostError('refused', err.message);
      }
      throw err;
    }
  };
  return {
    handlers: {
      'sync.status': async () => (await ready)?.status() ?? OFF_STATUS,
      'sync.device.rename': ({ name }) => plain((sync) => sync.rename(name))(),
      'sync.device.remove': ({ deviceId }) => plain((sync) => sync.remove(deviceId))(),
      'sync.pair.create': () => plain((sync) => sync.createPairing())(),
      'sync.pair.cancel': ({ pairingId }) => plain((sync) => sync.cancelPairing(pairingId))(),
      'sync.pair.join': ({ code }) => plain((sync) => sync.joinPairing(code))(),
      'sync.pause': ({ paused }) => plain((sync) => sync.setPaused(paused))(),
    },
    dispose() {
      disposed = true;
      off?.();
    },
  };
}
