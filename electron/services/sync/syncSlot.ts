import type { SyncStatusView } from '../../../shared/host/slices/sync';
import { OFF_STATUS, SyncError, type SyncService } from './service';

/**
 * A SyncService that stays the same object while the service behind it comes and goes (in
 * Electron it lives in the store process, which is restarted if it dies). Status listeners stay
 * subscribed across restarts; calls made while no service is attached fail with a plain reason
 * rather than hanging.
 */
export interface SyncSlot extends SyncService {
  attach(service: SyncService): void;
  detach(): void;
}

export function createSyncSlot(): SyncSlot {
  let inner: SyncService | null = null;
  let offInner: (() => void) | null = null;
  let last: SyncStatusView = OFF_STATUS;
  const listeners = new Set<(status: SyncStatusView) => void>();
  const heard = (status: SyncStatusView): void => {
    last = status;
    for (const l of [...listeners]) l(status);
  };
  const live = (): SyncService => {
    if (!inner) throw new SyncError('not_available', 'Sync is restarting with your journal. Try again in a moment.');
    return inner;
  };
  return {
    status: () => last,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rename: async (name) => live().rename(name),
    remove: async (deviceId) => live().remove(deviceId),
    createPairing: async () => live().createPairing(),
    cancelPairing: async (pairingId) => live().cancelPairing(pairingId),
    joinPairing: async (code) => live().joinPairing(code),
    setPaused: async (paused) => live().setPaused(paused),
    attach(service) {
      offInner?.();
      inner = service;
      offInner = service.onStatus(heard);
      heard(service.status());
    },
    detach() {
      offInner?.();
      offInner = null;
      inner = null;
    },
    async close() {
      const s = inner;
      this.detach();
      await s?.close();
    },
  };
}
