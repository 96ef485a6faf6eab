/**
 * This device's copy of the workspace's signed membership log: who the devices are, which
 * network keys each certified, who was removed. Stored by the caller through MembershipStore;
 * verified on every merge; the state is recomputed from the whole set each time (the log is a
 * few entries per device).
 *
 * Merge policy: a batch is all-or-nothing. If any entry in it is malformed, badly signed, from
 * another workspace, or written by a key no member vouches for, nothing in the batch is merged.
 * Peers always send their whole log, so a good peer's batch is closed under its own chain of
 * adds; a batch with one forged entry says the sender is broken or hostile, and the session
 * drops it rather than half-trusting it.
 */
import { randomBytes } from 'node:crypto';
import type { PublicKey } from '../types';
import { equalBytes, hash, toHex } from './bytes';
import type { DeviceIdentity } from './identity';
import { checkDeviceName, decodeEntry, EntryError, signEntry, type EntryBody, type MembershipEntry } from './membershipEntry';
import { computeState, isGenesis, orphansOf, workspaceIdFor, type MemberRecord, type MembershipState } from './membershipState';

export interface MembershipStore {
  load(): Promise<Uint8Array[]>;
  append(entries: Uint8Array[]): Promise<void>;
  /** Replaces the whole log (used only when a lone device joins another workspace). */
  replace?(entries: Uint8Array[]): Promise<void>;
}

export type Member = MemberRecord;

export interface MergeResult {
  added: number;
  invalid: string | null;
}

export interface Membership {
  /** 32 bytes, or null before create()/adopt(). */
  readonly workspaceId: Uint8Array | null;
  /** Starts a new workspace with this device as its founder. */
  create(deviceName?: string): Promise<void>;
  /** Joins the workspace these entries describe (they must include this device's add). */
  adopt(entries: readonly Uint8Array[]): Promise<void>;
  merge(entries: readonly Uint8Array[]): Promise<MergeResult>;
  entries(): Uint8Array[];
  members(): Member[];
  member(deviceIdOrKeyHex: string): Member | null;
  isAllowedNoiseKey(noiseKeyHex: string): boolean;
  allowedNoiseKeys(): string[];
  currentEpoch(): number;
  needsRotation(): boolean;
  rotate(): Promise<void>;
  /** Signs an add for a new device (pairing); its netkey entry is merged alongside. */
  addDevice(identityKey: PublicKey, name: string, netkeyEntry: Uint8Array): Promise<void>;
  /** Removes a device for good and certifies this device's network key for the new epoch. */
  remove(deviceId: string): Promise<void>;
  rename(name: string): Promise<void>;
  onChange(listener: () => void): () => void;
}

export class MembershipError extends Error {
  override name = 'MembershipError';
}

/** Enough for thousands of devices and renames; a bigger log is someone flooding us. */
export const MEMBERSHIP_MAX_ENTRIES = 4096;

/**
 * Which workspace a stored log is about. Normally there is one. A device that started its own
 * workspace (showing an invite) and then joined another keeps both sets of entries when its
 * store can't replace the log; the one it shares with other devices wins, then the newest.
 */
function currentState(entries: MembershipEntry[], selfHex: string): MembershipState {
  const geneses = entries.filter(isGenesis);
  if (geneses.length <= 1) return computeState(entries);
  const score = (state: MembershipState): number => {
    const me = state.members.get(selfHex);
    return !me || me.removed ? -1 : state.members.size;
  };
  let best: MembershipState | null = null;
  for (const genesis of geneses) {
    const candidate = computeState(entries, genesis.workspaceId);
    if (!best || score(candidate) > score(best) || (score(candidate) === score(best) && later(candidate.genesis!, best.genesis!))) best = candidate;
  }
  return best!;
}

/** Callers get copies: nothing they do to a Member can change the log's state. */
function copyMember(record: MemberRecord): Member {
  return {
    ...record,
    identityKey: Uint8Array.from(record.identityKey),
    removed: record.removed ? { ...record.removed } : null,
    netKeys: record.netKeys.map((k) => ({ epoch: k.epoch, key: Uint8Array.from(k.key) })),
  };
}

function later(a: MembershipEntry, b: MembershipEntry): boolean {
  return a.at !== b.at ? a.at > b.at : a.id > b.id;
}

export async function createMembership(store: MembershipStore, identity: DeviceIdentity): Promise<Membership> {
  const byId = new Map<string, MembershipEntry>();
  for (const bytes of await store.load()) {
    try {
      const entry = decodeEntry(bytes);
      byId.set(entry.id, entry);
    } catch {
      // A stored entry that no longer verifies is dropped from memory (it was checked on the
      // way in, so this is disk damage); the rest of the log still stands.
    }
  }
  const byBytes = new Map<string, MembershipEntry>();
  const remember = (entry: MembershipEntry): void => {
    byId.set(entry.id, entry);
    byBytes.set(toHex(hash(entry.bytes, 32)), entry);
  };
  for (const entry of byId.values()) remember(entry);
  let state: MembershipState = currentState([...byId.values()], toHex(identity.identityKey));
  const listeners = new Set<() => void>();
  let queue: Promise<unknown> = Promise.resolve();
  const selfHex = toHex(identity.identityKey);

  /** Writes run one at a time so two merges never interleave their checks and appends. */
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  function notify(): void {
    for (const listener of listeners) {
      try {
        listener();
      } catch {
        // A listener's failure is its own; the log is already durable.
      }
    }
  }

  function workspaceId(): Uint8Array {
    if (!state.genesis) throw new MembershipError('This device has not joined a sync workspace yet.');
    return state.genesis.workspaceId;
  }

  function verifyBatch(batch: readonly Uint8Array[], workspace: Uint8Array): MembershipEntry[] {
    if (!Array.isArray(batch)) throw new EntryError('Membership entries must be a list.');
    if (batch.length > MEMBERSHIP_MAX_ENTRIES) throw new EntryError(`At most ${MEMBERSHIP_MAX_ENTRIES} membership entries are accepted.`);
    return batch.map((bytes, index) => {
      try {
        // Sessions resend the whole log every time: exact bytes we already verified are reused.
        const known = bytes instanceof Uint8Array ? byBytes.get(toHex(hash(bytes, 32))) : undefined;
        const entry = known ?? decodeEntry(bytes);
        if (!equalBytes(entry.workspaceId, workspace)) throw new EntryError('it belongs to another workspace');
        return entry;
      } catch (error) {
        throw new EntryError(`Membership entry ${index + 1}: ${(error as Error).message}`);
      }
    });
  }

  /** Checks a batch against the union; returns the entries that are new, or throws why not. */
  function plan(batch: readonly Uint8Array[], workspace: Uint8Array): { fresh: MembershipEntry[]; next: MembershipState } {
    const decoded = verifyBatch(batch, workspace);
    const union = new Map(byId);
    const fresh: MembershipEntry[] = [];
    for (const entry of decoded) {
      if (union.has(entry.id)) continue;
      union.set(entry.id, entry);
      fresh.push(entry);
    }
    // Nothing new (the usual case: a peer resending the log we share) means nothing to recompute.
    if (fresh.length === 0 && state.genesis && equalBytes(state.genesis.workspaceId, workspace)) return { fresh, next: state };
    if (union.size > MEMBERSHIP_MAX_ENTRIES) throw new EntryError('The membership log would grow past its limit.');
    const next = computeState([...union.values()], workspace);
    const orphan = orphansOf(decoded, next)[0];
    if (orphan) {
      throw new EntryError(`${orphan.kind === 'add' ? 'An' : 'A'} ${orphan.kind} entry is signed by a key that is not a member of this workspace.`);
    }
    return { fresh, next };
  }

  async function commit(fresh: MembershipEntry[], next: MembershipState): Promise<number> {
    if (fresh.length === 0) return 0;
    await store.append(fresh.map((entry) => entry.bytes));
    for (const entry of fresh) remember(entry);
    state = next;
    notify();
    return fresh.length;
  }

  async function appendOwn(bodies: EntryBody[]): Promise<void> {
    const bytes = bodies.map((body) => signEntry(body, identity.sign));
    const { fresh, next } = plan(bytes, workspaceId());
    await commit(fresh, next);
  }

  function self(): MemberRecord | null {
    return state.members.get(selfHex) ?? null;
  }

  function requireActiveSelf(): MemberRecord {
    const me = self();
    if (!me) throw new MembershipError('This device is not a member of the sync workspace.');
    if (me.removed) throw new MembershipError(`This device was removed from sync by ${me.removed.byName}.`);
    return me;
  }

  function netkeyBody(epoch: number): EntryBody {
    return { kind: 'netkey', workspaceId: workspaceId(), device: identity.identityKey, epoch, noiseKey: identity.networkKeyPair(epoch).publicKey, at: Date.now() };
  }

  const membership: Membership = {
    get workspaceId() {
      return state.genesis ? Uint8Array.from(state.genesis.workspaceId) : null;
    },

    create: (deviceName = 'This device') =>
      serial(async () => {
        if (state.genesis) throw new MembershipError('This device already belongs to a sync workspace.');
        const workspace = workspaceIdFor(identity.identityKey, new Uint8Array(randomBytes(16)));
        const at = Date.now();
        const key = identity.identityKey;
        const genesis = signEntry({ kind: 'add', workspaceId: workspace, device: key, by: key, name: checkDeviceName(deviceName), at }, identity.sign);
        const netkey = signEntry({ kind: 'netkey', workspaceId: workspace, device: key, epoch: 0, noiseKey: identity.networkKeyPair(0).publicKey, at }, identity.sign);
        const { fresh, next } = plan([genesis, netkey], workspace);
        await commit(fresh, next);
      }),

    adopt: (batch) =>
      serial(async () => {
        const decoded = batch.map((bytes) => decodeEntry(bytes));
        const genesis = decoded.find(isGenesis);
        if (!genesis) throw new MembershipError('The other device sent a membership log without its founding entry.');
        if (state.genesis && !equalBytes(state.genesis.workspaceId, genesis.workspaceId)) {
          const others = [...state.members.keys()].filter((key) => key !== selfHex);
          if (others.length > 0) {
            throw new MembershipError('This device already syncs with other devices; remove it from them before joining another group.');
          }
          if (!store.replace) {
            // Keep the lone workspace's entries; currentState() prefers the shared one on load.
            const { fresh, next } = plan(batch, genesis.workspaceId);
            const me = next.members.get(selfHex);
            if (!me || me.removed) throw new MembershipError('The other device did not add this device to its group.');
            await commit(fresh, next);
            return;
          }
          // A lone device that had started its own workspace: it becomes part of the new one.
          const entries = verifyBatch(batch, genesis.workspaceId);
          const next = computeState(entries, genesis.workspaceId);
          if (orphansOf(entries, next).length > 0) throw new MembershipError('The other device sent entries nobody in its group vouches for.');
          if (!next.members.get(selfHex) || next.members.get(selfHex)?.removed) throw new MembershipError('The other device did not add this device.');
          await store.replace(entries.map((entry) => entry.bytes));
          byId.clear();
          byBytes.clear();
          for (const entry of entries) remember(entry);
          state = next;
          notify();
          return;
        }
        const { fresh, next } = plan(batch, genesis.workspaceId);
        const me = next.members.get(selfHex);
        if (!me) throw new MembershipError('The other device did not add this device to its group.');
        if (me.removed) throw new MembershipError(`This device was removed from that group by ${me.removed.byName}.`);
        await commit(fresh, next);
      }),

    merge: (batch) =>
      serial(async () => {
        try {
          const { fresh, next } = plan(batch, workspaceId());
          return { added: await commit(fresh, next), invalid: null };
        } catch (error) {
          if (error instanceof EntryError || error instanceof MembershipError) return { added: 0, invalid: error.message };
          throw error;
        }
      }),

    entries: () => [...byId.values()].filter((entry) => state.genesis && equalBytes(entry.workspaceId, state.genesis.workspaceId)).map((entry) => Uint8Array.from(entry.bytes)),
    members: () => [...state.members.values()].map(copyMember),
    member(idOrKey) {
      for (const record of state.members.values()) if (record.deviceId === idOrKey || toHex(record.identityKey) === idOrKey) return copyMember(record);
      return null;
    },
    isAllowedNoiseKey: (hex) => state.allowedNoiseKeys.has(hex.toLowerCase()),
    allowedNoiseKeys: () => [...state.allowedNoiseKeys],
    currentEpoch: () => state.epoch,
    needsRotation() {
      const me = self();
      if (!me || me.removed) return false;
      const newest = me.netKeys.reduce((max, k) => Math.max(max, k.epoch), -1);
      return newest < state.epoch;
    },
    rotate: () =>
      serial(async () => {
        requireActiveSelf();
        await appendOwn([netkeyBody(state.epoch)]);
      }),
    addDevice: (identityKey, name, netkeyEntry) =>
      serial(async () => {
        requireActiveSelf();
        const existing = state.members.get(toHex(identityKey));
        if (existing?.removed) throw new MembershipError('That device was removed from sync and cannot be added again; it needs a new identity.');
        const add = signEntry({ kind: 'add', workspaceId: workspaceId(), device: identityKey, by: identity.identityKey, name: checkDeviceName(name), at: Date.now() }, identity.sign);
        const { fresh, next } = plan([add, netkeyEntry], workspaceId());
        const netkey = fresh.find((entry) => entry.kind === 'netkey') ?? decodeEntry(netkeyEntry);
        if (netkey.kind !== 'netkey' || !equalBytes(netkey.device, identityKey)) throw new MembershipError('The new device sent a network key that is not its own.');
        await commit(fresh, next);
      }),
    remove: (deviceId) =>
      serial(async () => {
        requireActiveSelf();
        const target = [...state.members.values()].find((record) => record.deviceId === deviceId);
        if (!target) throw new MembershipError('There is no such device in this sync group.');
        if (target.removed) return;
        await appendOwn([{ kind: 'remove', workspaceId: workspaceId(), device: target.identityKey, by: identity.identityKey, at: Date.now() }]);
        // The removed device knows our current network key: certify the next one right away.
        if (membership.needsRotation()) await appendOwn([netkeyBody(state.epoch)]);
      }),
    rename: (name) =>
      serial(async () => {
        requireActiveSelf();
        await appendOwn([{ kind: 'name', workspaceId: workspaceId(), device: identity.identityKey, name: checkDeviceName(name), at: Date.now() }]);
      }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return membership;
}
