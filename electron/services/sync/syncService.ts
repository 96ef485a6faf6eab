import { randomBytes } from 'node:crypto';
import type { PairingView, PeerDeviceView, SyncStatusView } from '../../../shared/host/slices/sync';
import type { JournalStore } from '../store/types';
import { openSyncSession, createCursorBook } from './protocol';
import { OFF_STATUS, SyncError, type SyncService } from './service';
import { peerStatus, peerStatusText, summarize, type PeerFacts, type Reachability } from './statusText';
import { createSyncState, type SyncState } from './syncState';
import { startPairingHost, joinWithCode, type PairingHost } from './pairingFlow';
import { createNetwork, type Network, type NetworkOptions } from './network';
import type { Connection, SyncSession } from './types';
import {
  createMembership,
  createSessionTrust,
  fingerprintOf,
  loadIdentity,
  loadOrCreateIdentity,
  type DeviceIdentity,
  type Membership,
} from './trust';

/**
 * Peer-to-peer sync between this device and the user's other paired devices, next to the
 * store. It owns the device identity (never sent to a window), the membership log, the network
 * presence (Hyperswarm + LAN), one sync session per paired device, pairing, removal and the
 * status in plain words.
 *
 * Lifecycle: off (no identity, or no other member) → on (listening, dialling every member) →
 * removed (another device removed this one: the journal stays, the network stops).
 */
export interface SyncServiceOptions extends NetworkOptions {
  store: JournalStore;
  /** Where the identity key lives (mode 0600). */
  keyDir: string;
  /** The name this device has until the user renames it (e.g. the machine's host name). */
  defaultName: string;
  now?: () => number;
  log?: (line: string) => void;
  /** Optional wrapping of the identity seed (Electron safeStorage). */
  wrap?: Parameters<typeof loadOrCreateIdentity>[1];
  /** Live changes are batched this long (ms). */
  liveDebounceMs?: number;
  /** How long joining waits for the other device (ms). */
  joinTimeoutMs?: number;
  /** How long an invite lasts (default 5 minutes; tests shorten it). */
  pairingTtlMs?: number;
}

interface PeerEntry {
  facts: PeerFacts;
  session: SyncSession | null;
  /** Device id of the side that dialled the current session's connection. */
  initiator: string | null;
}

export async function startSyncService(options: SyncServiceOptions): Promise<SyncService> {
  const { store } = options;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.warn(line));
  const space = store.space('sync');
  const state: SyncState = await createSyncState(space);
  const cursors = createCursorBook(space);

  let identity: DeviceIdentity | null = await loadIdentity(options.keyDir, options.wrap);
  let membership: Membership | null = identity ? await createMembership(state.membershipStore, identity) : null;
  let network: Network | null = null;
  let pairing: PairingHost | null = null;
  let lastError: string | null = null;
  let closed = false;
  const peers = new Map<string, PeerEntry>();
  const listeners = new Set<(status: SyncStatusView) => void>();
  let offMembership: (() => void) | undefined;
  let current: SyncStatusView = OFF_STATUS;

  const otherMembers = () =>
    membership ? membership.members().filter((m) => m.deviceId !== identity?.deviceId && !m.removed) : [];
  const selfRemoval = () => {
    if (!membership || !identity) return null;
    const me = membership.members().find((m) => m.deviceId === identity!.deviceId);
    if (!me?.removed) return null;
    const by = membership.members().find((m) => m.deviceId === me.removed!.by);
    return { byName: by?.name ?? 'another device', at: me.removed.at };
  };

  const factsOf = (deviceId: string): PeerEntry => {
    let entry = peers.get(deviceId);
    if (!entry) {
      const saved = state.peer(deviceId);
      entry = {
        session: null,
        initiator: null,
        facts: {
          connected: false,
          via: null,
          upToDate: false,
          pending: 0,
          lastSeenAt: saved.lastSeenAt,
          lastSyncedAt: saved.lastSyncedAt,
          newerVersion: false,
          error: null,
        },
      };
      peers.set(deviceId, entry);
    }
    return entry;
  };

  const reach = (): Reachability => network?.reachability() ?? 'offline';

  const compute = (): SyncStatusView => {
    const removed = selfRemoval();
    const devices: PeerDeviceView[] = otherMembers().map((m) => {
      const { facts } = factsOf(m.deviceId);
      const kind = peerStatus(facts, reach());
      return {
        deviceId: m.deviceId,
        name: m.name,
        fingerprint: fingerprintOf(m.identityKey),
        status: kind,
        statusText: peerStatusText(kind, facts, reach(), now()),
        lastSyncedAt: facts.lastSyncedAt,
        pending: facts.connected ? facts.pending : 0,
        via: facts.connected ? facts.via : null,
      };
    });
    const enabled = devices.length > 0 && !removed;
    const view = {
      enabled,
      paused: state.paused(),
      thisDevice: {
        deviceId: identity?.deviceId ?? null,
        name: (identity && membership?.members().find((m) => m.deviceId === identity!.deviceId)?.name) ?? state.name() ?? options.defaultName,
        fingerprint: identity?.fingerprint ?? null,
      },
      devices,
      removed,
      pairing: pairing?.view() ?? null,
      lastError,
    };
    return { ...view, summary: summarize(view, reach()) };
  };

  let scheduled = false;
  const changed = (): void => {
    if (scheduled || closed) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      if (closed) return;
      current = compute();
      for (const l of [...listeners]) l(current);
    });
  };

  const onConnection = (connection: Connection): void => {
    if (!identity || !membership || closed) {
      connection.stream.destroy();
      return;
    }
    const trust = createSessionTrust(identity, membership);
    let admittedAs: string | null = null;
    const session = openSyncSession({
      stream: connection.stream,
      store,
      cursors,
      trust,
      log,
      ...(options.liveDebounceMs !== undefined ? { liveDebounceMs: options.liveDebounceMs } : {}),
      onAdmitted(deviceId) {
        const entry = factsOf(deviceId);
        const initiator = connection.stream.isInitiator ? identity!.deviceId : deviceId;
        if (entry.session && entry.session !== session && !preferIncoming(entry.initiator, initiator)) {
          session.close('duplicate');
          return;
        }
        const previous = entry.session;
        admittedAs = deviceId;
        entry.session = session;
        entry.initiator = initiator;
        previous?.close('duplicate');
        entry.facts = { ...entry.facts, connected: true, via: connection.via, upToDate: false, pending: 0, error: null, newerVersion: false };
        entry.facts.lastSeenAt = now();
        void state.savePeer(deviceId, { lastSeenAt: entry.facts.lastSeenAt, lastSyncedAt: entry.facts.lastSyncedAt });
        changed();
      },
      onProgress(progress) {
        if (!admittedAs) return;
        const entry = factsOf(admittedAs);
        if (entry.session !== session) return;
        const wasUpToDate = entry.facts.upToDate;
        entry.facts.upToDate = progress.upToDate;
        entry.facts.pending = progress.pending;
        entry.facts.lastSeenAt = now();
        if (progress.upToDate) {
          entry.facts.lastSyncedAt = now();
          if (!wasUpToDate) void state.savePeer(admittedAs, { lastSeenAt: entry.facts.lastSeenAt, lastSyncedAt: entry.facts.lastSyncedAt });
        }
        changed();
      },
    });
    void session.ended.then((end) => {
      if (!admittedAs) {
        if (end.reason !== 'closed' && end.reason !== 'duplicate') log(`kindred sync: refused a connection: ${end.detail}`);
        return;
      }
      const entry = factsOf(admittedAs);
      if (entry.session !== session) return;
      entry.session = null;
      entry.facts.connected = false;
      entry.facts.upToDate = false;
      entry.facts.via = null;
      entry.facts.lastSeenAt = now();
      if (end.reason === 'version') entry.facts.newerVersion = true;
      else if (end.reason === 'protocol_error') {
        entry.facts.error = 'the other device sent something this one could not read';
        lastError = `${end.detail}`;
      }
      void state.savePeer(admittedAs, { lastSeenAt: entry.facts.lastSeenAt, lastSyncedAt: entry.facts.lastSyncedAt });
      if (selfRemoval()) void stopNetwork();
      changed();
    });
  };

  const startNetwork = async (): Promise<void> => {
    if (network || !identity || !membership || closed || selfRemoval() || state.paused()) return;
    if (membership.needsRotation()) await membership.rotate();
    network = createNetwork(options, identity, membership, onConnection, log);
    network.onChange(changed);
    await network.start();
    changed();
  };

  const stopNetwork = async (): Promise<void> => {
    const n = network;
    network = null;
    for (const entry of peers.values()) entry.session?.close('shutting_down');
    await n?.close();
  };

  const membershipChanged = async (): Promise<void> => {
    // Let every other listener of this change run first: open sessions send the grown log to
    // their peers, so a device removed below hears who removed it before its session ends.
    await Promise.resolve();
    if (!membership || !identity || closed) return;
    if (selfRemoval()) {
      await stopNetwork();
      changed();
      return;
    }
    // Removed devices: their sessions end now, before anything else is sent to them.
    for (const m of membership.members()) {
      if (m.removed) peers.get(m.deviceId)?.session?.close('removed');
    }
    if (otherMembers().length > 0) {
      if (!network) await startNetwork();
      else await network.update();
    } else if (network) await stopNetwork();
    changed();
  };

  const watchMembership = (): void => {
    offMembership?.();
    offMembership = membership?.onChange(() => void membershipChanged().catch((err: unknown) => log(`kindred sync: ${String(err)}`)));
  };
  watchMembership();

  const ensureIdentity = async (): Promise<{ identity: DeviceIdentity; membership: Membership }> => {
    if (!identity) {
      identity = await loadOrCreateIdentity(options.keyDir, options.wrap);
      membership = await createMembership(state.membershipStore, identity);
      watchMembership();
    }
    if (!membership!.workspaceId) await membership!.create(state.name() ?? options.defaultName);
    return { identity, membership: membership! };
  };

  if (otherMembers().length > 0) await startNetwork().catch((err: unknown) => log(`kindred sync: could not start: ${String(err)}`));
  current = compute();

  const closePairing = async (): Promise<void> => {
    const p = pairing;
    pairing = null;
    await p?.close();
  };

  return {
    status: () => current,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async rename(name) {
      const clean = name.trim();
      await state.setName(clean);
      if (membership?.workspaceId) await membership.rename(clean);
      current = compute();
      changed();
      return current;
    },
    async remove(deviceId) {
      if (!membership || !identity) throw new SyncError('unknown_device', 'That device is not paired with this one.');
      const target = membership.members().find((m) => m.deviceId === deviceId);
      if (!target || deviceId === identity.deviceId) throw new SyncError('unknown_device', 'That device is not paired with this one.');
      if (!target.removed) {
        // The log records it first: open sessions send the entry (so the removed device is told
        // who removed it), then membershipChanged ends its session and refuses its keys.
        await membership.remove(deviceId);
      }
      await membershipChanged();
      current = compute();
      return current;
    },
    async createPairing() {
      if (selfRemoval()) throw new SyncError('removed', 'This device was removed from sync; it cannot invite others.');
      const ids = await ensureIdentity();
      await closePairing();
      pairing = startPairingHost({
        ...options,
        identity: ids.identity,
        membership: ids.membership,
        now,
        log,
        onChange: changed,
        pairingId: randomBytes(12).toString('hex'),
      });
      await pairing.ready;
      current = compute();
      changed();
      return pairing.view() as PairingView;
    },
    async cancelPairing(pairingId) {
      if (pairing && pairing.view().pairingId === pairingId) {
        pairing.cancel();
        await closePairing();
      }
      current = compute();
      changed();
      return current;
    },
    async joinPairing(code) {
      if (selfRemoval()) throw new SyncError('removed', 'This device was removed from sync; pairing it again needs a fresh start.');
      if (otherMembers().length > 0) {
        throw new SyncError('already_paired', 'This device already syncs with other devices. Invite new devices from here instead.');
      }
      if (!identity) {
        identity = await loadOrCreateIdentity(options.keyDir, options.wrap);
        membership = await createMembership(state.membershipStore, identity);
        watchMembership();
      }
      const result = await joinWithCode({
        ...options,
        code,
        identity,
        membership: membership!,
        name: state.name() ?? options.defaultName,
        log,
        timeoutMs: options.joinTimeoutMs ?? 60_000,
      });
      await membershipChanged();
      current = compute();
      changed();
      return { device: result.inviter };
    },
    async setPaused(paused) {
      if (paused !== state.paused()) {
        await state.setPaused(paused);
        // Paused: every session ends and this device stops listening; resumed: it starts again.
        if (paused) await stopNetwork();
        else if (otherMembers().length > 0) await startNetwork();
      }
      current = compute();
      changed();
      return current;
    },
    async close() {
      if (closed) return;
      closed = true;
      offMembership?.();
      await closePairing();
      await stopNetwork();
      listeners.clear();
    },
  };
}

/**
 * Two connections to the same device (both dialled at once, or the internet and the LAN both
 * found it): both sides must keep the same one, or each closes the other's choice. Keep the
 * one dialled by the device with the lower id. With the same dialler, keep the newer: a device
 * dials again when its old link died (a network change) before this side noticed.
 */
function preferIncoming(existingInitiator: string | null, incomingInitiator: string): boolean {
  if (existingInitiator === null || existingInitiator === incomingInitiator) return true;
  return incomingInitiator < existingInitiator;
}
