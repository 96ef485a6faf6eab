import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signEntry } from './membershipEntry';
import { createSessionTrust } from './sessionTrust';
import { makeDevice, withTempDirs, type TestDevice } from './trust.testkit';

let temp: Awaited<ReturnType<typeof withTempDirs>>;
let a: TestDevice, b: TestDevice, c: TestDevice, outsider: TestDevice;

async function pair(inviter: TestDevice, joiner: TestDevice, name: string): Promise<void> {
  const epoch = inviter.membership.currentEpoch();
  const netkey = signEntry(
    { kind: 'netkey', workspaceId: inviter.membership.workspaceId!, device: joiner.identity.identityKey, epoch, noiseKey: joiner.identity.networkKeyPair(epoch).publicKey, at: Date.now() },
    joiner.identity.sign,
  );
  await inviter.membership.addDevice(joiner.identity.identityKey, name, netkey);
  await joiner.membership.adopt(inviter.membership.entries());
}

beforeAll(async () => {
  temp = await withTempDirs();
  [a, b, c, outsider] = (await Promise.all([0, 1, 2, 3].map(async () => makeDevice(await temp.make())))) as [TestDevice, TestDevice, TestDevice, TestDevice];
  await a.membership.create('Desk');
  await pair(a, b, 'Laptop');
  await pair(a, c, 'Phone');
  await b.membership.merge(a.membership.entries());
  await outsider.membership.create('Stranger');
});
afterAll(async () => {
  await temp.cleanup();
});

const hh = (): Uint8Array => new Uint8Array(randomBytes(64));

describe('session trust', () => {
  it('admits a member that signs this session’s handshake hash and uses a key it certified', () => {
    const trustA = createSessionTrust(a.identity, a.membership);
    const trustB = createSessionTrust(b.identity, b.membership);
    const hash = hh();
    const hello = trustB.hello(hash);
    expect(hello.signature.length).toBe(64);
    expect(trustA.admit(hello, hash, b.identity.networkKeyPair(0).publicKey)).toEqual({ ok: true, deviceId: b.identity.deviceId });
  });

  it('refuses, in plain words naming the fingerprint, every way a hello can be wrong', () => {
    const trustA = createSessionTrust(a.identity, a.membership);
    const trustB = createSessionTrust(b.identity, b.membership);
    const hash = hh();
    const hello = trustB.hello(hash);
    const bKey = b.identity.networkKeyPair(0).publicKey;
    const fp = b.identity.fingerprint;
    // Replayed from another session.
    expect(trustA.admit(hello, hh(), bKey)).toEqual({ ok: false, reason: `Device ${fp} could not prove its identity for this connection.` });
    // Someone else's network key (C's), or no certified key at all.
    expect(trustA.admit(hello, hash, c.identity.networkKeyPair(0).publicKey)).toEqual({ ok: false, reason: `Device ${fp} connected with a network key it never certified.` });
    expect(trustA.admit(hello, hash, b.identity.networkKeyPair(5).publicKey).ok).toBe(false);
    // A tampered signature.
    const bad = { ...hello, signature: Uint8Array.from(hello.signature) };
    bad.signature[0]! ^= 1;
    expect(trustA.admit(bad, hash, bKey).ok).toBe(false);
    // Malformed.
    expect(trustA.admit({ ...hello, workspaceId: new Uint8Array(3) }, hash, bKey)).toEqual({ ok: false, reason: 'The other device sent a malformed hello.' });
    // Another workspace.
    const stranger = createSessionTrust(outsider.identity, outsider.membership);
    const strangerHello = stranger.hello(hash);
    expect(trustA.admit(strangerHello, hash, outsider.identity.networkKeyPair(0).publicKey)).toEqual({
      ok: false,
      reason: `Device ${outsider.identity.fingerprint} belongs to a different sync group.`,
    });
    // Claims our workspace, signs correctly, but nobody added it.
    const claim: { workspaceId: Uint8Array; identityKey: Uint8Array; signature: Uint8Array } = { workspaceId: a.membership.workspaceId!, identityKey: outsider.identity.identityKey, signature: new Uint8Array() };
    const message = Buffer.concat([hash, claim.workspaceId, Buffer.from('kindred-sync-v1')]);
    claim.signature = outsider.identity.sign(message);
    expect(trustA.admit(claim, hash, outsider.identity.networkKeyPair(0).publicKey)).toEqual({
      ok: false,
      reason: `Device ${outsider.identity.fingerprint} is not one of the devices in this sync group.`,
    });
  });

  it('verdicts on membership: ok, invalid (nothing merged), peer removed, self removed by name', async () => {
    const trustA = createSessionTrust(a.identity, a.membership);
    const trustB = createSessionTrust(b.identity, b.membership);
    const trustC = createSessionTrust(c.identity, c.membership);
    let changes = 0;
    const off = trustA.onMembershipChange(() => changes++);
    await b.membership.rename('Work laptop');
    expect(await trustA.acceptMembership(trustB.membershipEntries(), b.identity.deviceId)).toEqual({ kind: 'ok' });
    expect(changes).toBe(1);
    off();

    const forged = trustB.membershipEntries().map((e) => Uint8Array.from(e));
    forged[0]![forged[0]!.length - 2]! ^= 4;
    const before = trustA.membershipEntries().length;
    const verdict = await trustA.acceptMembership(forged, b.identity.deviceId);
    expect(verdict.kind).toBe('invalid');
    expect(trustA.membershipEntries().length).toBe(before);

    await a.membership.remove(b.identity.deviceId);
    // B hears it from A: it was removed, by the name A has in the log.
    const self = await trustB.acceptMembership(trustA.membershipEntries(), a.identity.deviceId);
    expect(self).toMatchObject({ kind: 'self_removed', byName: 'Desk' });
    // A hears from B again (B's log, now including its own removal): B is a removed peer.
    expect(await trustA.acceptMembership(trustB.membershipEntries(), b.identity.deviceId)).toEqual({ kind: 'peer_removed' });
    // C learns of the removal from A and refuses B from then on.
    expect(await trustC.acceptMembership(trustA.membershipEntries(), a.identity.deviceId)).toEqual({ kind: 'ok' });
    const hash = hh();
    expect(trustC.admit(trustB.hello(hash), hash, b.identity.networkKeyPair(0).publicKey)).toEqual({
      ok: false,
      reason: `Device ${b.identity.fingerprint} was removed from sync by Desk.`,
    });
  });
});
