import { z } from 'zod';
import { DEVICE_NAME_MAX, PAIRING_CODE_MAX } from '../limits';
export { DEVICE_NAME_MAX, PAIRING_CODE_MAX } from '../limits';

/**
 * `sync.*`: peer-to-peer sync between the user's own paired devices. The sync service runs in
 * the host next to the store (it keeps syncing with every window closed); the renderer only
 * shows what it reports and asks it to pair, rename and remove. Secrets (device keys, pairing
 * secrets other than the invite this device is showing) never cross this boundary.
 */

/** How one paired device is doing, from this device's point of view. */
export type PeerStatusKind =
  | 'connecting' // known, not reached yet this run
  | 'syncing' // connected, an exchange is under way
  | 'up_to_date' // connected, both sides have acknowledged everything
  | 'offline' // was reached before, not now
  | 'unreachable' // never reached; no network or the network blocks peer-to-peer
  | 'newer_version' // the other device speaks a newer protocol
  | 'error';

export interface PeerDeviceView {
  /** Stable id of the device (a hash of its public identity key; not secret). */
  deviceId: string;
  name: string;
  /** Short fingerprint to compare by eye, e.g. "K7QM-2XPA". */
  fingerprint: string;
  status: PeerStatusKind;
  /** Plain words: "Up to date", "Syncing 120 changes…", "Offline since 14:02", "Can't reach: no network". */
  statusText: string;
  /** Host clock, ms; null until the first completed exchange. */
  lastSyncedAt: number | null;
  /** Changes still to exchange with it (0 when unknown or done). */
  pending: number;
  /** How it is connected right now. */
  via: 'internet' | 'lan' | null;
}

export type PairingState =
  | 'waiting' // the invite is shown, nobody has used it yet
  | 'connecting' // the other device is proving it has the code
  | 'paired'
  | 'expired' // five minutes passed
  | 'used_up' // three wrong guesses, or already used
  | 'cancelled'
  | 'failed';

export interface PairingView {
  pairingId: string;
  /** The high-entropy invite as text (copy, or shown as a QR code). */
  invite: string;
  /** A few words and a number to type instead (run through a PAKE); null when not offered. */
  shortCode: string | null;
  expiresAt: number;
  state: PairingState;
  /** Plain words for `state` (why it failed, who was paired). */
  message: string;
  /** Set once paired. */
  device: { name: string; fingerprint: string } | null;
}

/** One line for the sidebar: the state of sync as a whole. */
export type SyncSummaryKind = 'off' | 'paused' | 'up_to_date' | 'syncing' | 'offline' | 'error' | 'removed';

export interface SyncStatusView {
  /** False until this device has been paired with another one (sync is off until then). */
  enabled: boolean;
  /** The user paused sync (tray or Devices page): nothing is sent or received until resumed. */
  paused: boolean;
  thisDevice: { deviceId: string | null; name: string; fingerprint: string | null };
  devices: PeerDeviceView[];
  summary: { kind: SyncSummaryKind; text: string };
  /** Set when another device removed this one: it keeps its journal but syncs no more. */
  removed: { byName: string; at: number } | null;
  /** The invite this device is showing, if any. */
  pairing: PairingView | null;
  /** The most recent problem worth showing (a refused peer, a network error), in plain words. */
  lastError: string | null;
}

export interface SyncRequests {
  'sync.status': { params: Record<string, never>; result: SyncStatusView };
  'sync.device.rename': { params: { name: string }; result: SyncStatusView };
  /** Removes a paired device for good (it keeps what it has; it receives nothing more). */
  'sync.device.remove': { params: { deviceId: string }; result: SyncStatusView };
  /** Shows an invite on this device (creates this device's identity on first use). */
  'sync.pair.create': { params: Record<string, never>; result: PairingView };
  'sync.pair.cancel': { params: { pairingId: string }; result: SyncStatusView };
  /** Pauses or resumes sync on this device (kept across restarts). */
  'sync.pause': { params: { paused: boolean }; result: SyncStatusView };
  /**
   * Uses an invite (or short code) shown on another device. Resolves once paired, with the
   * device joined; rejects with a plain-words error (expired, used up, wrong code, unreachable).
   */
  'sync.pair.join': { params: { code: string }; result: { device: { name: string; fingerprint: string } } };
}

export interface SyncEvents {
  'sync.statusChanged': SyncStatusView;
}


export const syncRequestSchemas = {
  'sync.status': z.object({}).strict(),
  'sync.device.rename': z
    .object({
      name: z
        .string()
        .trim()
        .min(1, 'A device needs a name.')
        .max(DEVICE_NAME_MAX, `A device name has at most ${DEVICE_NAME_MAX} characters.`),
    })
    .strict(),
  'sync.device.remove': z.object({ deviceId: z.string().regex(/^[a-z0-9]{8,64}$/) }).strict(),
  'sync.pair.create': z.object({}).strict(),
  'sync.pair.cancel': z.object({ pairingId: z.string().regex(/^[a-z0-9]{8,64}$/) }).strict(),
  'sync.pair.join': z.object({ code: z.string().trim().min(1).max(PAIRING_CODE_MAX) }).strict(),
  'sync.pause': z.object({ paused: z.boolean() }).strict(),
};

// Produced by the host itself; the renderer reads the shape it knows.
export const syncEventSchemas = {
  'sync.statusChanged': z.unknown() as unknown as z.ZodType<SyncEvents['sync.statusChanged']>,
};
