import type { PairingView, SyncStatusView } from '../../../shared/host/slices/sync';

/**
 * What a host sees of peer-to-peer sync: the `sync.*` slice as a service. Implemented by
 * `startSyncService` (syncService.ts) next to the store, and by `connectSyncOverPort` in
 * Electron's main process (the service runs in the store's utilityProcess).
 */
export interface SyncService {
  /** The latest status (kept current; cheap). */
  status(): SyncStatusView;
  onStatus(listener: (status: SyncStatusView) => void): () => void;
  rename(name: string): Promise<SyncStatusView>;
  remove(deviceId: string): Promise<SyncStatusView>;
  createPairing(): Promise<PairingView>;
  cancelPairing(pairingId: string): Promise<SyncStatusView>;
  /** Pauses (closes every session, stops listening) or resumes; kept across restarts. */
  setPaused(paused: boolean): Promise<SyncStatusView>;
  joinPairing(code: string): Promise<{ device: { name: string; fingerprint: string } }>;
  close(): Promise<void>;
}

/** A refusal the user can act on; its message is shown as is. */
export class SyncError extends Error {
  constructor(
    readonly code:
      | 'bad_code'
      | 'expired'
      | 'used_up'
      | 'unreachable'
      | 'already_paired'
      | 'unknown_device'
      | 'not_available'
      | 'removed'
      | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

export const OFF_STATUS: SyncStatusView = {
  enabled: false,
  paused: false,
  thisDevice: { deviceId: null, name: 'This device', fingerprint: null },
  devices: [],
  summary: { kind: 'off', text: 'Sync is off' },
  removed: null,
  pairing: null,
  lastError: null,
};
