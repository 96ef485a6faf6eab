import type { PairingState, PairingView, SyncStatusView } from '../../../shared/host/slices/sync';
import { pairedText } from './syncText';

/**
 * The little logic the Devices page and the sidebar need beyond words: accepting the host's
 * status only when it has the shape we know, and following one invite from "waiting" to its end.
 */

/**
 * `sync.statusChanged` is not validated on the way in (the host produces it), and an older or
 * newer host may send something else: the sidebar shows nothing rather than breaking.
 */
export function isSyncStatusView(value: unknown): value is SyncStatusView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const summary = v.summary as Record<string, unknown> | null | undefined;
  const thisDevice = v.thisDevice as Record<string, unknown> | null | undefined;
  return (
    typeof v.enabled === 'boolean' &&
    Array.isArray(v.devices) &&
    typeof summary === 'object' &&
    summary !== null &&
    typeof summary.kind === 'string' &&
    typeof summary.text === 'string' &&
    typeof thisDevice === 'object' &&
    thisDevice !== null &&
    typeof thisDevice.name === 'string'
  );
}

/** Still going: the invite can be used (or is being used) right now. */
export function isActivePairing(state: PairingState): boolean {
  return state === 'waiting' || state === 'connecting';
}

/** Over without pairing: the page offers "Make a new invite". */
export function isEndedPairing(state: PairingState): boolean {
  return state === 'expired' || state === 'used_up' || state === 'cancelled' || state === 'failed';
}

/** The invite this page follows, and the devices that were already paired when it was made. */
export interface FollowedPairing {
  view: PairingView;
  knownDeviceIds: readonly string[];
}

/**
 * What the page shows next, given the invite it follows and the status the host just sent.
 * - The host's view of the same invite replaces ours (its state moves on: connecting, paired…).
 * - An active invite we were not following (made in another window, or before this page opened)
 *   is adopted; an ended one is not, nor one whose time is up by `now` (no stale "expired").
 * - If the host forgets the invite (pairing null) while ours was active and a device appeared
 *   that was not paired when the invite was made, that device is the one that used it.
 */
export function followPairing(
  followed: FollowedPairing | null,
  status: Pick<SyncStatusView, 'pairing' | 'devices'>,
  now: number,
): FollowedPairing | null {
  const host = status.pairing;
  if (host) {
    if (followed && followed.view.pairingId === host.pairingId) return { ...followed, view: host };
    if (isActivePairing(pairingAt(host, now).state)) return { view: host, knownDeviceIds: status.devices.map((d) => d.deviceId) };
    return followed;
  }
  if (!followed || !isActivePairing(followed.view.state)) return followed;
  const newcomer = status.devices.find((d) => !followed.knownDeviceIds.includes(d.deviceId));
  if (!newcomer) return followed;
  const device = { name: newcomer.name, fingerprint: newcomer.fingerprint };
  return { ...followed, view: { ...followed.view, state: 'paired', device, message: pairedText(device) } };
}

/**
 * The invite as the page shows it at `now`: a waiting invite whose time is up reads as expired
 * at once, without waiting for the host to say so.
 */
export function pairingAt(view: PairingView, now: number): PairingView {
  if (view.state === 'waiting' && now >= view.expiresAt) {
    return { ...view, state: 'expired', message: 'This invite has expired.' };
  }
  return view;
}

/** The line the pairing panel reads out for its state. */
export function pairingMessage(view: PairingView): string {
  if (view.state === 'paired' && view.device) return pairedText(view.device);
  if (view.message.trim()) return view.message.trim();
  switch (view.state) {
    case 'waiting':
      return 'Waiting for your other device…';
    case 'connecting':
      return 'Your other device is connecting…';
    case 'paired':
      return 'Paired.';
    case 'expired':
      return 'This invite has expired.';
    case 'used_up':
      return 'This invite can’t be used any more.';
    case 'cancelled':
      return 'This invite was cancelled.';
    case 'failed':
      return 'Pairing didn’t work this time.';
  }
}
