import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from './bytes';
import type { DeviceIdentity } from './identity';
import { createMembership, type Membership } from './membership';
import { decodeEntry, signEntry, type EntryBody } from './membershipEntry';
import { computeState, orphansOf, workspaceIdFor, type MembershipState } from './membershipState';
import { makeDevice, memoryLogStore, withTempDirs, type TestDevice } from './trust.testkit';

let temp: Awaited<ReturnType<typeof withTempDirs>>;
let ids: DeviceIdentity[] = [];
beforeAll(async () => {
  temp = await withTempDirs();
  ids = await Promise.all(Array.from({ length: 5 }, async () => (await makeDevice(await temp.make())).identity));
});
afterAll(async () => {
  await temp.cleanup();
});

async function device(identity: DeviceIdentity): Promise<TestDevice> {
  const store = memoryLogStore();
  return { identity, store, membership: await createMembership(store, identity) };
}

/** What pairing does, minus the network: the inviter adds, the joiner adopts the whole log. */
async function pair(inviter: TestDevice, joiner: TestDevice, name: string): Promise<void> {
  const epoch = inviter.membership.currentEpoch();
  const netkey = signEntry(
    { kind: 'netkey', workspaceId: inviter.membership.workspaceId!, device: joiner.identity.identityKey, epoch, noiseKey: joiner.identity.networkKeyPair(epoch).publicKey, at: Date.now() },
    joiner.identity.sign,
  );
  await inviter.membership.addDevice(joiner.identity.identityKey, name, netkey);
  await joiner.membership.adopt(inviter.membership.entries());
}

function view(members: Membership | MembershipState) {
  const list = 'members' in members && typeof members.members === 'function' ? members.members() : [...(members as MembershipState).members.values()];
  return list
    .map((m) => ({ key: toHex(m.identityKey), name: m.name, addedAt: m.addedAt, removed: m.removed, netKeys: m.netKeys.map((k) => `${k.epoch}:${toHex(k.key)}`) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

describe('membership log', () => {
  it('creates a workspace with this device as founder and its epoch-0 network key', async () => {
    const a = await device(ids[0]!);
    expect(a.membership.workspaceId).toBeNull();
    await a.membership.create('Desk');
    expect(a.membership.workspaceId!.length).toBe(32);
    const [me] = a.membership.members();
    expect(me).toMatchObject({ deviceId: ids[0]!.deviceId, name: 'Desk', removed: null });
    expect(a.membership.currentEpoch()).toBe(0);
    expect(a.membership.isAllowedNoiseKey(toHex(ids[0]!.networkKeyPair(0).publicKey))).toBe(true);
    expect(a.membership.needsRotation()).toBe(false);
    await expect(a.membership.create('Again')).rejects.toThrow(/already belongs/);
    // It survives a restart from what was persisted.
    const again = await createMembership(memoryLogStore(a.store.saved), ids[0]!);
    expect(view(again)).toEqual(view(a.membership));
  });

  it('pairs, renames (last writer wins) and merges idempotently', async () => {
    const a = await device(ids[0]!);
    const b = await device(ids[1]!);
    await a.membership.create('Desk');
    let changes = 0;
    a.membership.onChange(() => changes++);
    await pair(a, b, 'Laptop');
    expect(changes).toBe(1);
    expect(view(b.membership)).toEqual(view(a.membership));
    expect(a.membership.members().map((m) => m.name).sort()).toEqual(['Desk', 'Laptop']);
    await b.membership.rename('Maria’s laptop');
    expect(await a.membership.merge(b.membership.entries())).toEqual({ added: 1, invalid: null });
    expect(await a.membership.merge(b.membership.entries())).toEqual({ added: 0, invalid: null });
    expect(a.membership.member(ids[1]!.deviceId)!.name).toBe('Maria’s laptop');
    await expect(b.membership.rename('   ')).rejects.toThrow(/needs a name/);
  });

  it('a lone device joins another workspace even when its store cannot replace the log', async () => {
    const a = await device(ids[0]!);
    await a.membership.create('Desk');
    const saved: Uint8Array[] = [];
    const appendOnly = { load: async () => saved.map((e) => Uint8Array.from(e)), append: async (entries: Uint8Array[]) => void saved.push(...entries) };
    const b: TestDevice = { identity: ids[1]!, store: memoryLogStore(), membership: await createMembership(appendOnly, ids[1]!) };
    await b.membership.create('Laptop');
    const lone = toHex(b.membership.workspaceId!);
    await pair(a, b, 'Laptop');
    expect(toHex(b.membership.workspaceId!)).toBe(toHex(a.membership.workspaceId!));
    expect(b.membership.entries().length).toBe(a.membership.entries().length);
    // After a restart it still picks the shared workspace, not the lone one it started.
    const reloaded = await createMembership(appendOnly, ids[1]!);
    expect(toHex(reloaded.workspaceId!)).not.toBe(lone);
    expect(view(reloaded)).toEqual(view(a.membership));
    // Once it shares a workspace, joining yet another one is refused.
    const c = await device(ids[2]!);
    await c.membership.create('Phone');
    const netkey = signEntry(
      { kind: 'netkey', workspaceId: c.membership.workspaceId!, device: ids[1]!.identityKey, epoch: 0, noiseKey: ids[1]!.networkKeyPair(0).publicKey, at: 1 },
      ids[1]!.sign,
    );
    await c.membership.addDevice(ids[1]!.identityKey, 'Laptop', netkey);
    await expect(reloaded.adopt(c.membership.entries())).rejects.toThrow(/already syncs with other devices/);
  });

  it('refuses forged signatures, non-member authors and other workspaces, merging nothing of the batch', async () => {
    const a = await device(ids[0]!);
    const b = await device(ids[1]!);
    await a.membership.create('Desk');
    await pair(a, b, 'Laptop');
    const ws = a.membership.workspaceId!;
    const before = a.membership.entries().length;

    await b.membership.rename('Renamed');
    const rename = b.membership.entries().find((e) => decodeEntry(e).kind === 'name')!;
    const forged = Uint8Array.from(rename);
    forged[forged.length - 1]! ^= 1;
    let result = await a.membership.merge([rename, forged]);
    expect(result.added).toBe(0);
    expect(result.invalid).toMatch(/entry 2: The name entry has a bad signature/);
    // A body edited after signing (the name) fails the same way.
    const edited = Uint8Array.from(rename);
    edited[2 + 64 + 1]! ^= 0x01; // the first letter of the name
    expect((await a.membership.merge([edited])).invalid).toMatch(/bad signature/);

    // An outsider signs an add for itself (and one for a friend) into our workspace.
    const outsider = ids[3]!;
    const selfAdd = signEntry({ kind: 'add', workspaceId: ws, device: outsider.identityKey, by: outsider.identityKey, name: 'Eve', at: 1 }, outsider.sign);
    const friendAdd = signEntry({ kind: 'add', workspaceId: ws, device: ids[4]!.identityKey, by: outsider.identityKey, name: 'Mallory', at: 1 }, outsider.sign);
    result = await a.membership.merge([rename, selfAdd, friendAdd]);
    expect(result).toEqual({ added: 0, invalid: 'An add entry is signed by a key that is not a member of this workspace.' });
    expect(a.membership.members()).toHaveLength(2);

    // A genuine entry from another workspace.
    const other = await device(ids[2]!);
    await other.membership.create('Elsewhere');
    expect((await a.membership.merge(other.membership.entries())).invalid).toMatch(/another workspace/);
    // Garbage and oversized entries.
    expect((await a.membership.merge([new Uint8Array(10)])).invalid).toMatch(/truncated/);
    expect((await a.membership.merge([new Uint8Array(5000)])).invalid).toMatch(/at most 4096 bytes/);
    expect(a.membership.entries().length).toBe(before);
    expect((await a.membership.merge([rename])).added).toBe(1);
  });

  it('remove wins: a removed device never returns, its network keys are refused, the epoch moves', async () => {
    const a = await device(ids[0]!);
    const b = await device(ids[1]!);
    const c = await device(ids[2]!);
    await a.membership.create('Desk');
    await pair(a, b, 'Laptop');
    await pair(b, c, 'Phone');
    await a.membership.merge(b.membership.entries());
    const bKeyHex = toHex(ids[1]!.networkKeyPair(0).publicKey);
    expect(a.membership.isAllowedNoiseKey(bKeyHex)).toBe(true);
    const oldAddOfB = a.membership.entries();

    await a.membership.remove(ids[1]!.deviceId);
    expect(a.membership.currentEpoch()).toBe(1);
    expect(a.membership.needsRotation()).toBe(false); // remove() certified A's epoch-1 key
    expect(a.membership.isAllowedNoiseKey(toHex(ids[0]!.networkKeyPair(1).publicKey))).toBe(true);
    expect(a.membership.isAllowedNoiseKey(bKeyHex)).toBe(false);
    expect(a.membership.member(ids[1]!.deviceId)!.removed).toMatchObject({ by: ids[0]!.deviceId, byName: 'Desk' });

    // C hears of the removal; it must rotate; its old key stays allowed for devices that haven't.
    expect((await c.membership.merge(a.membership.entries())).invalid).toBeNull();
    expect(c.membership.needsRotation()).toBe(true);
    await c.membership.rotate();
    expect(c.membership.needsRotation()).toBe(false);
    expect(c.membership.isAllowedNoiseKey(toHex(ids[2]!.networkKeyPair(0).publicKey))).toBe(true);
    expect(c.membership.isAllowedNoiseKey(toHex(ids[2]!.networkKeyPair(1).publicKey))).toBe(true);

    // B (not knowing) certifies a new key and C re-adds B: both are ignored.
    await b.membership.rotate();
    const bNetkeys = b.membership.entries();
    const readd = signEntry(
      { kind: 'add', workspaceId: a.membership.workspaceId!, device: ids[1]!.identityKey, by: ids[2]!.identityKey, name: 'Laptop again', at: Date.now() + 10_000 },
      ids[2]!.sign,
    );
    expect((await a.membership.merge([...bNetkeys, readd, ...oldAddOfB])).invalid).toBeNull();
    expect(a.membership.member(ids[1]!.deviceId)!.removed).not.toBeNull();
    expect(a.membership.isAllowedNoiseKey(toHex(ids[1]!.networkKeyPair(1).publicKey))).toBe(false);
    expect(a.membership.member(ids[1]!.deviceId)!.netKeys).toEqual([]);
    expect(a.membership.currentEpoch()).toBe(1);
    // A removed device can't act any more from its own copy once it knows.
    await b.membership.merge(a.membership.entries());
    await expect(b.membership.rename('x')).rejects.toThrow(/removed from sync by Desk/);
    await expect(a.membership.addDevice(ids[1]!.identityKey, 'Back', bNetkeys[0]!)).rejects.toThrow(/cannot be added again/);
  });

  it('a removed device’s later adds and removes are ignored; what it did before stands', async () => {
    const [founder, b, c, d] = ids as [DeviceIdentity, DeviceIdentity, DeviceIdentity, DeviceIdentity];
    const salt = new Uint8Array(16).fill(7);
    const ws = workspaceIdFor(founder.identityKey, salt);
    const add = (by: DeviceIdentity, who: DeviceIdentity, at: number) =>
      decodeEntry(signEntry({ kind: 'add', workspaceId: ws, device: who.identityKey, by: by.identityKey, name: 'x', at }, by.sign));
    const remove = (by: DeviceIdentity, who: DeviceIdentity, at: number) =>
      decodeEntry(signEntry({ kind: 'remove', workspaceId: ws, device: who.identityKey, by: by.identityKey, at }, by.sign));
    const entries = [add(founder, founder, 0), add(founder, b, 1), add(b, c, 2), remove(founder, b, 10), add(b, d, 11), remove(b, founder, 12)];
    const state = computeState(entries);
    expect(state.members.get(toHex(c.identityKey))!.removed).toBeNull(); // added by B before its removal
    expect(state.members.has(toHex(d.identityKey))).toBe(false); // added by B after
    expect(state.members.get(toHex(founder.identityKey))!.removed).toBeNull(); // B's late remove ignored
    expect(state.epoch).toBe(1);
    expect(orphansOf(entries, state)).toEqual([]);
    // A device may remove itself (leave).
    const left = computeState([...entries, remove(c, c, 20)]);
    expect(left.members.get(toHex(c.identityKey))!.removed).toMatchObject({ by: c.deviceId });
    expect(left.epoch).toBe(2);
  });

  it('is order-independent: any permutation or duplication of the entries gives the same state', () => {
    const [founder] = ids as [DeviceIdentity];
    const ws = workspaceIdFor(founder.identityKey, new Uint8Array(16).fill(1));
    const op = fc.record({
      kind: fc.constantFrom('add', 'remove', 'name', 'netkey'),
      author: fc.integer({ min: 0, max: 4 }),
      target: fc.integer({ min: 0, max: 4 }),
      at: fc.integer({ min: 1, max: 20 }),
      epoch: fc.integer({ min: 0, max: 3 }),
      name: fc.constantFrom('Desk', 'Laptop', 'Phone'),
    });
    const sign = (o: { kind: string; author: number; target: number; at: number; epoch: number; name: string }): Uint8Array => {
      const author = ids[o.author]!;
      const target = ids[o.target]!;
      let body: EntryBody;
      if (o.kind === 'add') body = { kind: 'add', workspaceId: ws, device: target.identityKey, by: author.identityKey, name: o.name, at: o.at };
      else if (o.kind === 'remove') body = { kind: 'remove', workspaceId: ws, device: target.identityKey, by: author.identityKey, at: o.at };
      else if (o.kind === 'name') body = { kind: 'name', workspaceId: ws, device: author.identityKey, name: o.name, at: o.at };
      else body = { kind: 'netkey', workspaceId: ws, device: author.identityKey, epoch: o.epoch, noiseKey: author.networkKeyPair(o.epoch).publicKey, at: o.at };
      return signEntry(body, author.sign);
    };
    const genesis = signEntry({ kind: 'add', workspaceId: ws, device: founder.identityKey, by: founder.identityKey, name: 'Desk', at: 0 }, founder.sign);
    const scenario = fc
      .array(op, { minLength: 1, maxLength: 14 })
      .map((ops) => [genesis, ...ops.map(sign)])
      .chain((entries) =>
        fc.tuple(
          fc.constant(entries),
          fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }),
          fc.array(fc.integer({ min: 0, max: entries.length - 1 }), { maxLength: 6 }),
        ),
      );
    fc.assert(
      fc.property(scenario, ([entries, shuffled, dupes]) => {
        const reference = computeState(entries.map(decodeEntry));
        const permuted = computeState([...shuffled, ...dupes.map((i) => entries[i]!)].map(decodeEntry));
        expect(view(permuted)).toEqual(view(reference));
        expect(permuted.epoch).toBe(reference.epoch);
        expect([...permuted.allowedNoiseKeys].sort()).toEqual([...reference.allowedNoiseKeys].sort());
      }),
      { numRuns: 150 },
    );
  });

  it('whole-log gossip between replicas, in any order, permuted and duplicated, converges (the session path)', async () => {
    const [founder] = ids as [DeviceIdentity];
    const a = await device(founder);
    await a.membership.create('Desk');
    const b = await device(ids[1]!);
    const c = await device(ids[2]!);
    const d = await device(ids[3]!);
    await pair(a, b, 'Laptop');
    await pair(b, c, 'Phone');
    await pair(c, d, 'Tablet');
    await b.membership.rename('Work laptop');
    await c.membership.merge(b.membership.entries());
    await c.membership.remove(ids[1]!.deviceId);
    await d.membership.merge(c.membership.entries());
    await d.membership.rotate();
    const all = [...new Set([...a.membership.entries(), ...b.membership.entries(), ...c.membership.entries(), ...d.membership.entries()].map(toHex))].map(
      (hex) => Uint8Array.from(Buffer.from(hex, 'hex')),
    );
    const reference = computeState(all.map(decodeEntry));
    const devices = [a, b, c, d];
    // Sessions exchange whole logs (every device's log is closed under its chain of adds), in any
    // order, permuted and with duplicates; batches are all-or-nothing, so none may be refused.
    const session = fc.record({
      from: fc.integer({ min: 0, max: 3 }),
      to: fc.integer({ min: 0, max: 3 }),
      seed: fc.integer(),
      dupes: fc.integer({ min: 0, max: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(session, { maxLength: 12 }), async (sessions) => {
        const replicas = await Promise.all(devices.map((dev) => createMembership(memoryLogStore(dev.store.saved), dev.identity)));
        const send = async (from: number, to: number, seed: number, dupes: number) => {
          const log = replicas[from]!.entries();
          const shuffled = log
            .map((entry, i) => ({ entry, k: (Math.imul(i + 1, 2654435761) ^ seed) >>> 0 }))
            .sort((x, y) => x.k - y.k)
            .map((x) => x.entry);
          const result = await replicas[to]!.merge([...shuffled, ...log.slice(0, dupes)]);
          expect(result.invalid).toBeNull();
        };
        for (const s of sessions) await send(s.from, s.to, s.seed, s.dupes);
        for (let round = 0; round < 2; round++) for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) await send(i, j, i * 7 + j, 1);
        for (const replica of replicas) {
          expect(view(replica)).toEqual(view(reference));
          expect(replica.currentEpoch()).toBe(1);
        }
      }),
      { numRuns: 25 },
    );
  });
});
