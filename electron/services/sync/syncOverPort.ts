import type { PairingView, SyncStatusView } from '../../../shared/host/slices/sync';
import { connectOverPort, serveOverPort, type MessagePortLike } from '../store/port/rpc';
import { OFF_STATUS, SyncError, type SyncService } from './service';

/**
 * The sync service across the journal process's port: it runs next to the store (in Electron's
 * utilityProcess, where a 10k-page first sync never busies the main process); main holds this
 * client. `status()` is synchronous in SyncService, so the client keeps the last status it heard.
 * SyncErrors keep their name across the port (rpc keeps name/code/message), so the host slice
 * still answers them as plain-words refusals.
 */
type SyncMethods = {
  status(): Promise<SyncStatusView>;
  rename(name: string): Promise<SyncStatusView>;
  remove(deviceId: string): Promise<SyncStatusView>;
  createPairing(): Promise<PairingView>;
  cancelPairing(pairingId: string): Promise<SyncStatusView>;
  joinPairing(code: string): Promise<{ device: { name: string; fingerprint: string } }>;
  setPaused(paused: boolean): Promise<SyncStatusView>;
};
type SyncEvents = { status: SyncStatusView };

export function serveSyncOverPort(port: MessagePortLike, service: Promise<SyncService>): () => void {
  service.catch(() => undefined); // reported to each caller
  const handlers: SyncMethods = {
    status: async () => (await service).status(),
    rename: async (name) => (await service).rename(name),
    remove: async (deviceId) => (await service).remove(deviceId),
    createPairing: async () => (await service).createPairing(),
    cancelPairing: async (pairingId) => (await service).cancelPairing(pairingId),
    joinPairing: async (code) => (await service).joinPairing(code),
    setPaused: async (paused) => (await service).setPaused(paused),
  };
  let stopped = false;
  return serveOverPort<SyncMethods, SyncEvents>(port, handlers, {
    status: (emit) => {
      let off: (() => void) | undefined;
      void service.then(
        (s) => {
          if (!stopped) off = s.onStatus(emit);
        },
        () => undefined,
      );
      return () => {
        stopped = true;
        off?.();
      };
    },
  });
}

/** Resolves once the service in the other process has answered its status. */
export async function connectSyncOverPort(port: MessagePortLike): Promise<SyncService> {
  const rpc = connectOverPort<SyncMethods, SyncEvents>(port);
  const listeners = new Set<(status: SyncStatusView) => void>();
  let last: SyncStatusView = OFF_STATUS;
  const heard = (status: SyncStatusView): void => {
    last = status;
    for (const l of [...listeners]) l(status);
  };
  rpc.$on('status', heard);
  last = await rpc.status();
  const plain = async <T>(call: Promise<T>): Promise<T> => {
    try {
      return await call;
    } catch (err) {
      if (err instanceof Error && err.name === 'SyncError') throw new SyncError('failed', err.message);
      throw err;
    }
  };
  const keep = async (call: Promise<SyncStatusView>): Promise<SyncStatusView> => {
    const status = await plain(call);
    last = status;
    return status;
  };
  return {
    status: () => last,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rename: (name) => keep(rpc.rename(name)),
    remove: (deviceId) => keep(rpc.remove(deviceId)),
    createPairing: () => plain(rpc.createPairing()),
    cancelPairing: (pairingId) => keep(rpc.cancelPairing(pairingId)),
    joinPairing: (code) => plain(rpc.joinPairing(code)),
    setPaused: (paused) => keep(rpc.setPaused(paused)),
    async close() {
      rpc.$dispose('The sync connection was closed.');
    },
  };
}
