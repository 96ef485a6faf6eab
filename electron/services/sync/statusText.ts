import type { PeerStatusKind, SyncStatusView, SyncSummaryKind } from '../../../shared/host/slices/sync';

/**
 * Sync status in plain words. What each paired device is doing is kept as facts (connected?
 * exchanging how much? last seen when?); the words are made here, in one place, so the Devices
 * page, the sidebar and the log never disagree. "Up to date" is said only when the session says
 * both sides acknowledged everything (see protocol: SessionProgress.upToDate).
 */

export interface PeerFacts {
  connected: boolean;
  via: 'internet' | 'lan' | null;
  /** From the session while connected. */
  upToDate: boolean;
  pending: number;
  /** Last time a session with it was open (host clock, ms), persisted. */
  lastSeenAt: number | null;
  /** Last time both sides were up to date. */
  lastSyncedAt: number | null;
  /** The peer said it runs a newer protocol. */
  newerVersion: boolean;
  /** Why the last session ended badly, in plain words. */
  error: string | null;
}

export type Reachability = 'online' | 'lan_only' | 'offline';

export function peerStatus(facts: PeerFacts, reach: Reachability): PeerStatusKind {
  if (facts.newerVersion) return 'newer_version';
  if (facts.connected) return facts.upToDate ? 'up_to_date' : 'syncing';
  if (facts.error) return 'error';
  if (facts.lastSeenAt !== null) return 'offline';
  return reach === 'offline' ? 'unreachable' : 'connecting';
}

/** "14:02" today, "3 Mar 14:02" another day (the host's local time). */
export function clockTime(at: number, now: number): string {
  const d = new Date(at);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return hm;
  const month = d.toLocaleString('en-GB', { month: 'short' });
  return `${d.getDate()} ${month} ${hm}`;
}

export function peerStatusText(kind: PeerStatusKind, facts: PeerFacts, reach: Reachability, now: number): string {
  switch (kind) {
    case 'newer_version':
      return 'Uses a newer Kindred. Update this device to keep syncing.';
    case 'up_to_date':
      return 'Up to date';
    case 'syncing':
      return facts.pending > 0 ? `Syncing ${facts.pending} ${facts.pending === 1 ? 'change' : 'changes'}…` : 'Syncing…';
    case 'error':
      return `Sync stopped: ${facts.error ?? 'something went wrong'}. Your changes are safe on this device.`;
    case 'offline':
      if (reach === 'offline') return `Can't reach: no network (last seen ${clockTime(facts.lastSeenAt ?? now, now)})`;
      return `Offline since ${clockTime(facts.lastSeenAt ?? now, now)}`;
    case 'unreachable':
      return "Can't reach: no network";
    case 'connecting':
      return 'Looking for it…';
  }
}

/** One line for the sidebar. */
export function summarize(
  view: Pick<SyncStatusView, 'enabled' | 'devices' | 'removed' | 'paused'>,
  reach: Reachability,
): { kind: SyncSummaryKind; text: string } {
  if (view.removed) return { kind: 'removed', text: `Removed from sync by ${view.removed.byName}` };
  if (!view.enabled || view.devices.length === 0) return { kind: 'off', text: 'Sync is off' };
  if (view.paused) return { kind: 'paused', text: 'Sync is paused — changes are kept on this device' };
  const devices = view.devices;
  const errors = devices.filter((d) => d.status === 'error' || d.status === 'newer_version');
  if (errors.length > 0) return { kind: 'error', text: `${errors[0]!.name}: ${errors[0]!.statusText}` };
  const syncing = devices.filter((d) => d.status === 'syncing');
  if (syncing.length > 0) {
    const pending = syncing.reduce((n, d) => n + d.pending, 0);
    return { kind: 'syncing', text: pending > 0 ? `Syncing ${pending} ${pending === 1 ? 'change' : 'changes'}…` : 'Syncing…' };
  }
  if (devices.some((d) => d.status === 'up_to_date')) {
    const behind = devices.filter((d) => d.status !== 'up_to_date');
    return behind.length === 0
      ? { kind: 'up_to_date', text: 'Up to date' }
      : { kind: 'up_to_date', text: `Up to date with ${devices.length - behind.length} of ${devices.length} devices` };
  }
  if (reach === 'offline') return { kind: 'offline', text: 'Offline — changes are kept on this device' };
  return { kind: 'offline', text: 'Your other devices are offline — changes are kept here' };
}
