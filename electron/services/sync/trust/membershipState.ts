/**
 * The state a set of membership entries means. A pure function of the *set* (every choice is a
 * min/max over (at, entry id), never "whichever came first"), so any order, duplication or
 * batching of the same entries gives the same members.
 *
 * Rules:
 * - Genesis: the self-signed add whose key the workspace id commits to (workspaceIdFor).
 * - Ever-members E: genesis, then every device added by a key in E (removals ignored). An entry
 *   whose author is not in E is an orphan: nobody in the workspace vouches for it.
 * - Removals (remove wins, forever): a remove by a key in E counts unless its author had itself
 *   been removed earlier (by claimed time); decided in two rounds so it is a function of the set.
 * - Members M: genesis, then devices added by a key in M that was not removed before the add.
 * - Epoch = number of distinct removed ever-members. Removed devices have no allowed net keys.
 */
import type { PublicKey } from '../types';
import { concatBytes, equalBytes, hash, toHex, utf8 } from './bytes';
import { deviceIdOf } from './identity';
import { authorOf, type MembershipEntry } from './membershipEntry';

export interface MemberRecord {
  deviceId: string;
  identityKey: PublicKey;
  name: string;
  addedAt: number;
  /** `by` is the remover's device id. */
  removed: { by: string; byName: string; at: number } | null;
  netKeys: Array<{ epoch: number; key: Uint8Array }>;
}

export interface MembershipState {
  genesis: MembershipEntry | null;
  /** Ever-member identity keys (hex). */
  everMembers: Set<string>;
  /** Members by identity key hex, removed ones included (with `removed` set). */
  members: Map<string, MemberRecord>;
  epoch: number;
  /** Noise keys (hex) of non-removed members, every epoch. */
  allowedNoiseKeys: Set<string>;
}

const WORKSPACE_LABEL = utf8('kindred-workspace');

/** A workspace id commits to its founder: salt(16) ‖ BLAKE2b-128(label ‖ salt ‖ founder key). */
export function workspaceIdFor(founder: PublicKey, salt: Uint8Array): Uint8Array {
  return concatBytes(salt, hash(concatBytes(WORKSPACE_LABEL, salt, founder), 16));
}

export function isGenesis(entry: MembershipEntry): boolean {
  if (entry.kind !== 'add' || !equalBytes(entry.device, entry.by)) return false;
  return equalBytes(workspaceIdFor(entry.device, entry.workspaceId.subarray(0, 16)), entry.workspaceId);
}

/** Later wins by (at, id): the same answer on every device whatever the arrival order. */
function later(a: MembershipEntry, b: MembershipEntry): boolean {
  return a.at !== b.at ? a.at > b.at : a.id > b.id;
}

function fixpoint(start: string, adds: MembershipEntry[], accepts: (add: MembershipEntry & { kind: 'add' }) => boolean): Set<string> {
  const set = new Set([start]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const add of adds) {
      if (add.kind !== 'add') continue;
      const device = toHex(add.device);
      if (!set.has(device) && set.has(toHex(add.by)) && accepts(add)) {
        set.add(device);
        grew = true;
      }
    }
  }
  return set;
}

/** Entries whose author no ever-member vouches for (they change nothing). */
export function orphansOf(entries: readonly MembershipEntry[], state: MembershipState): MembershipEntry[] {
  return entries.filter((entry) => !state.everMembers.has(toHex(authorOf(entry))));
}

/** The state of one workspace (the given one, or the only/first one found) in a set of entries. */
export function computeState(all: readonly MembershipEntry[], workspaceId?: Uint8Array): MembershipState {
  // Identical bodies are one entry whatever their signature bytes.
  const unique = [...new Map(all.map((entry) => [entry.id, entry])).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const genesis = unique.find((entry) => isGenesis(entry) && (!workspaceId || equalBytes(entry.workspaceId, workspaceId))) ?? null;
  const empty: MembershipState = { genesis, everMembers: new Set(), members: new Map(), epoch: 0, allowedNoiseKeys: new Set() };
  if (!genesis) return empty;
  const inWorkspace = unique.filter((entry) => equalBytes(entry.workspaceId, genesis.workspaceId));
  const adds = inWorkspace.filter((entry) => entry.kind === 'add');
  const founder = toHex(genesis.device);
  const ever = fixpoint(founder, adds, () => true);

  const removes = inWorkspace.filter(
    (entry): entry is MembershipEntry & { kind: 'remove' } => entry.kind === 'remove' && ever.has(toHex(entry.by)) && ever.has(toHex(entry.device)),
  );
  // Round 1: when each device was first (claimed to be) removed, by anyone in E.
  const firstRemoved = new Map<string, number>();
  for (const remove of removes) {
    const device = toHex(remove.device);
    firstRemoved.set(device, Math.min(firstRemoved.get(device) ?? Infinity, remove.at));
  }
  const actedBeforeRemoval = (author: PublicKey, at: number): boolean => at < (firstRemoved.get(toHex(author)) ?? Infinity);
  // Round 2: a removed device's own removes count only from before its removal.
  const removal = new Map<string, MembershipEntry & { kind: 'remove' }>();
  for (const remove of removes) {
    // A device may always remove itself (leaving); others' removes by a removed device count
    // only from before its own removal.
    if (!equalBytes(remove.by, remove.device) && !actedBeforeRemoval(remove.by, remove.at)) continue;
    const device = toHex(remove.device);
    const current = removal.get(device);
    if (!current || later(current, remove)) removal.set(device, remove); // earliest removal is the one shown
  }
  const removedAt = (key: string): number => removal.get(key)?.at ?? Infinity;
  const effectiveAdd = (add: MembershipEntry & { kind: 'add' }): boolean => add.at < removedAt(toHex(add.by));
  const members = fixpoint(founder, adds, effectiveAdd);

  const records = new Map<string, MemberRecord>();
  const nameOf = new Map<string, MembershipEntry>();
  for (const entry of inWorkspace) {
    const device = toHex(entry.device);
    if (!members.has(device)) continue;
    // A name counts from the device itself, or from an add that counted; never from after a removal.
    const named =
      (entry.kind === 'name' && entry.at < removedAt(device)) ||
      (entry.kind === 'add' && (entry === genesis || (members.has(toHex(entry.by)) && effectiveAdd(entry))));
    if (!named) continue;
    const current = nameOf.get(device);
    if (!current || later(entry, current)) nameOf.set(device, entry);
  }
  for (const key of members) {
    const deviceAdds = adds.filter(
      (add) => add.kind === 'add' && toHex(add.device) === key && (add === genesis || (members.has(toHex(add.by)) && effectiveAdd(add))),
    );
    const addedAt = Math.min(...deviceAdds.map((add) => add.at));
    const nameEntry = nameOf.get(key);
    const name = nameEntry && (nameEntry.kind === 'name' || nameEntry.kind === 'add') ? nameEntry.name : 'Unnamed device';
    const identityKey = (deviceAdds[0] ?? genesis).device;
    records.set(key, { deviceId: deviceIdOf(identityKey), identityKey, name, addedAt, removed: null, netKeys: [] });
  }
  for (const [key, remove] of removal) {
    const record = records.get(key);
    if (!record) continue;
    const by = records.get(toHex(remove.by));
    record.removed = { by: deviceIdOf(remove.by), byName: by?.name ?? 'another device', at: remove.at };
  }
  const allowed = new Set<string>();
  for (const entry of inWorkspace) {
    if (entry.kind !== 'netkey') continue;
    const record = records.get(toHex(entry.device));
    if (!record || record.removed) continue; // every key of a removed device is refused forever
    if (!record.netKeys.some((k) => k.epoch === entry.epoch && equalBytes(k.key, entry.noiseKey))) {
      record.netKeys.push({ epoch: entry.epoch, key: entry.noiseKey });
    }
    allowed.add(toHex(entry.noiseKey));
  }
  for (const record of records.values()) {
    record.netKeys.sort((a, b) => a.epoch - b.epoch || (toHex(a.key) < toHex(b.key) ? -1 : 1));
  }
  const removedEver = [...removal.keys()].filter((key) => ever.has(key));
  return { genesis, everMembers: ever, members: records, epoch: removedEver.length, allowedNoiseKeys: allowed };
}
