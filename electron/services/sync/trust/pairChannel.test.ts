/**
 * The pairing exchange over real TCP sockets on 127.0.0.1, each wrapped in a NoiseSecretStream
 * (what Hyperswarm and the LAN path hand us), with real identities and membership logs.
 */
import net from 'node:net';
import NoiseSecretStream from '@hyperswarm/secret-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toHex } from './bytes';
import { createInvite, pairingKeyPair } from './invite';
import { joinPairing, PairingError, servePairing, type PairingCode, type ServeResult } from './pairChannel';
import { createPairingSession, type PairingSession } from './pairingSession';
import { createSessionTrust } from './sessionTrust';
import { createShortCode, rendezvousWindow, shortCodeRendezvous } from './shortCode';
import * as c from 'compact-encoding';
import Protomux from 'protomux';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8 } from './bytes';
import { prefixFreeCat, parsePrefixFree } from './cpace';
import { inviteProofKey } from './invite';
import { signEntry } from './membershipEntry';
import type { NoiseKeyPair, PeerStream } from '../types';
import { makeDevice, withTempDirs, type TestDevice } from './trust.testkit';

let temp: Awaited<ReturnType<typeof withTempDirs>>;
const cleanups: Array<() => Promise<void> | void> = [];
beforeEach(async () => {
  temp = await withTempDirs();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await temp.cleanup();
});

const device = async (): Promise<TestDevice> => makeDevice(await temp.make());

/** A TCP listener on 127.0.0.1 that wraps each connection in a Noise responder with `keyPair`. */
async function listen(keyPair: NoiseKeyPair, onStream: (stream: PeerStream) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const stream = new NoiseSecretStream(false, socket, { keyPair });
    stream.on('error', () => undefined);
    void stream.opened.then((ok) => ok && onStream(stream as unknown as PeerStream));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as net.AddressInfo).port;
}

/** Dials the listener, expecting `remotePublicKey` (what dialling a key on the DHT guarantees). */
async function dial(port: number, remotePublicKey: Uint8Array): Promise<PeerStream> {
  const socket = net.connect(port, '127.0.0.1');
  const stream = new NoiseSecretStream(true, socket, { keyPair: NoiseSecretStream.keyPair(), remotePublicKey });
  stream.on('error', () => undefined);
  cleanups.push(() => void stream.destroy());
  if (!(await stream.opened)) throw new Error('handshake failed');
  return stream as unknown as PeerStream;
}

/** The inviter: serves every connection that arrives, recording each outcome. */
async function inviter(host: TestDevice, code: PairingCode, session: PairingSession, keyPair: NoiseKeyPair) {
  const outcomes: Array<Promise<ServeResult>> = [];
  let guessesFailed = 0;
  const port = await listen(keyPair, (stream) => {
    const outcome = servePairing(stream, { code, membership: host.membership, identity: host.identity, session, onGuessFailed: () => guessesFailed++ });
    const tracked = outcome.finally(() => stream.destroy());
    tracked.catch(() => undefined); // each test awaits the outcomes it cares about
    outcomes.push(tracked);
  });
  return { port, outcomes, failed: () => guessesFailed };
}

async function joinError(promise: Promise<unknown>): Promise<PairingError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PairingError);
  return error as PairingError;
}

describe('pairing over Noise on real sockets', () => {
  it('invite: the joiner proves the secret, is added, and adopts the log', async () => {
    const a = await device();
    const b = await device();
    await a.membership.create('Desk');
    const invite = createInvite();
    const session = createPairingSession();
    const kp = pairingKeyPair(invite.secret);
    const host = await inviter(a, { secret: invite.secret }, session, kp);

    const stream = await dial(host.port, kp.publicKey);
    const joined = await joinPairing(stream, { code: { secret: invite.secret }, identity: b.identity, name: 'Laptop', membership: b.membership });
    const served = await host.outcomes[0]!;

    expect(joined.inviter).toEqual({ name: 'Desk', fingerprint: a.identity.fingerprint, deviceId: a.identity.deviceId });
    expect(served.device).toEqual({ name: 'Laptop', fingerprint: b.identity.fingerprint, deviceId: b.identity.deviceId });
    expect(session.state()).toBe('paired');
    expect(toHex(b.membership.workspaceId!)).toBe(toHex(a.membership.workspaceId!));
    expect(b.membership.members().map((m) => m.name).sort()).toEqual(['Desk', 'Laptop']);
    expect(a.membership.isAllowedNoiseKey(toHex(b.identity.networkKeyPair(0).publicKey))).toBe(true);
    expect(b.membership.isAllowedNoiseKey(toHex(a.identity.networkKeyPair(0).publicKey))).toBe(true);
  });

  it('three wrong secrets use the invite up; then even the right one is refused', async () => {
    const a = await device();
    const b = await device();
    await a.membership.create('Desk');
    const invite = createInvite();
    const session = createPairingSession();
    const kp = pairingKeyPair(invite.secret);
    const host = await inviter(a, { secret: invite.secret }, session, kp);
    for (let i = 0; i < 3; i++) {
      const error = await joinError(joinPairing(await dial(host.port, kp.publicKey), { code: { secret: createInvite().secret }, identity: b.identity, name: 'Laptop' }));
      expect(error.code).toBe('wrong_code');
      expect(error.message).toBe("The code didn't match. Check it on the other device and try again.");
    }
    await Promise.allSettled(host.outcomes);
    expect(host.failed()).toBe(3);
    expect(session.state()).toBe('used_up');
    const last = await joinError(joinPairing(await dial(host.port, kp.publicKey), { code: { secret: invite.secret }, identity: b.identity, name: 'Laptop' }));
    expect(last.code).toBe('used_up');
    expect(a.membership.members()).toHaveLength(1);
  });

  it('an expired invite is refused (injected clock)', async () => {
    const a = await device();
    const b = await device();
    await a.membership.create('Desk');
    let now = 5_000_000;
    const invite = createInvite();
    const session = createPairingSession({ now: () => now });
    const kp = pairingKeyPair(invite.secret);
    const host = await inviter(a, { secret: invite.secret }, session, kp);
    now += 5 * 60 * 1000;
    const error = await joinError(joinPairing(await dial(host.port, kp.publicKey), { code: { secret: invite.secret }, identity: b.identity, name: 'Laptop' }));
    expect(error.code).toBe('expired');
    expect(error.message).toBe('That invite has expired. Make a new one on the other device.');
    expect(session.state()).toBe('expired');
    expect(a.membership.members()).toHaveLength(1);
  });

  it('an invite used once is refused to the next device', async () => {
    const a = await device();
    const b = await device();
    const c = await device();
    await a.membership.create('Desk');
    const invite = createInvite();
    const session = createPairingSession();
    const kp = pairingKeyPair(invite.secret);
    const host = await inviter(a, { secret: invite.secret }, session, kp);
    await joinPairing(await dial(host.port, kp.publicKey), { code: { secret: invite.secret }, identity: b.identity, name: 'Laptop', membership: b.membership });
    const error = await joinError(joinPairing(await dial(host.port, kp.publicKey), { code: { secret: invite.secret }, identity: c.identity, name: 'Phone' }));
    expect(error.code).toBe('used_up');
    expect(session.state()).toBe('paired');
    expect(a.membership.members().map((m) => m.name).sort()).toEqual(['Desk', 'Laptop']);
  });

  it('short code: CPace with the words, both sides confirm, the device is added', async () => {
    const a = await device();
    const b = await device();
    await a.membership.create('Desk');
    const code = createShortCode();
    const session = createPairingSession();
    const { keyPair } = shortCodeRendezvous(code.nameplate, rendezvousWindow(Date.now()));
    const host = await inviter(a, { words: code.words }, session, keyPair);
    const joined = await joinPairing(await dial(host.port, keyPair.publicKey), { code: { words: [...code.words] }, identity: b.identity, name: 'Phone', membership: b.membership });
    expect(joined.inviter.fingerprint).toBe(a.identity.fingerprint);
    expect((await host.outcomes[0]!).device.fingerprint).toBe(b.identity.fingerprint);
    expect(session.state()).toBe('paired');
    expect(b.membership.members()).toHaveLength(2);
  });

  it('wrong words fail confirmation and count as a wrong guess; nothing is merged', async () => {
    const a = await device();
    const b = await device();
    await a.membership.create('Desk');
    const code = createShortCode();
    const session = createPairingSession();
    const { keyPair } = shortCodeRendezvous(code.nameplate, rendezvousWindow(Date.now()));
    const host = await inviter(a, { words: code.words }, session, keyPair);
    const wrong = [...code.words.slice(0, 3), code.words[3] === 'otter' ? 'acorn' : 'otter'];
    const error = await joinError(joinPairing(await dial(host.port, keyPair.publicKey), { code: { words: wrong }, identity: b.identity, name: 'Phone' }));
    expect(error.code).toBe('wrong_code');
    await Promise.allSettled(host.outcomes);
    expect(session.failures).toBe(1);
    expect(session.state()).toBe('waiting');
    expect(a.membership.members()).toHaveLength(1);
    // An invite-style hello against a short-code inviter is a wrong guess too.
    const other = await joinError(joinPairing(await dial(host.port, keyPair.publicKey), { code: { secret: createInvite().secret }, identity: b.identity, name: 'Phone' }));
    expect(other.code).toBe('wrong_code');
  });

  it('a PAKE relayed onto another Noise channel (another handshake hash) fails confirmation', async () => {
    const a = await device();
    const b = await device();
    await a.membership.create('Desk');
    const code = createShortCode();
    const session = createPairingSession();
    const { keyPair } = shortCodeRendezvous(code.nameplate, rendezvousWindow(Date.now()));
    const host = await inviter(a, { words: code.words }, session, keyPair);
    // The relay knows the nameplate (public), so it can pose as the rendezvous key to the joiner
    // and forward every plaintext frame to the real inviter over its own Noise session.
    const relayPort = await listen(keyPair, (fromJoiner) => {
      void dial(host.port, keyPair.publicKey).then((toInviter) => {
        fromJoiner.pipe(toInviter).pipe(fromJoiner);
      });
    });
    const joinerStream = await dial(relayPort, keyPair.publicKey);
    const error = await joinError(joinPairing(joinerStream, { code: { words: [...code.words] }, identity: b.identity, name: 'Phone', timeoutMs: 10_000 }));
    expect(['wrong_code', 'closed']).toContain(error.code);
    await Promise.allSettled(host.outcomes);
    expect(session.failures).toBe(1);
    expect(session.state()).toBe('waiting');
    expect(a.membership.members()).toHaveLength(1);
    expect(b.membership.workspaceId).toBeNull();
  });

  it('a third device paired via B becomes known to A after one membership exchange', async () => {
    const a = await device();
    const b = await device();
    const c = await device();
    await a.membership.create('Desk');
    const first = createInvite();
    const kpA = pairingKeyPair(first.secret);
    const hostA = await inviter(a, { secret: first.secret }, createPairingSession(), kpA);
    await joinPairing(await dial(hostA.port, kpA.publicKey), { code: { secret: first.secret }, identity: b.identity, name: 'Laptop', membership: b.membership });

    const second = createInvite();
    const kpB = pairingKeyPair(second.secret);
    const hostB = await inviter(b, { secret: second.secret }, createPairingSession(), kpB);
    await joinPairing(await dial(hostB.port, kpB.publicKey), { secret: second.secret, identity: c.identity, name: 'Phone', membership: c.membership });

    const trustA = createSessionTrust(a.identity, a.membership);
    const trustB = createSessionTrust(b.identity, b.membership);
    const trustC = createSessionTrust(c.identity, c.membership);
    const hh = new Uint8Array(64).fill(9);
    const cKey = c.identity.networkKeyPair(0).publicKey;
    expect(trustA.admit(trustC.hello(hh), hh, cKey).ok).toBe(false); // A hasn't heard of C yet
    expect(a.membership.isAllowedNoiseKey(toHex(cKey))).toBe(false);
    expect(await trustA.acceptMembership(trustB.membershipEntries(), b.identity.deviceId)).toEqual({ kind: 'ok' });
    expect(a.membership.isAllowedNoiseKey(toHex(cKey))).toBe(true);
    expect(trustA.admit(trustC.hello(hh), hh, cKey)).toEqual({ ok: true, deviceId: c.identity.deviceId });
    expect(a.membership.members().map((m) => m.name).sort()).toEqual(['Desk', 'Laptop', 'Phone']);
  });

  it('the inviter can decline after seeing the name and fingerprint; nothing is merged', async () => {
    const a = await device();
    const b = await device();
    await a.membership.create('Desk');
    const invite = createInvite();
    const kp = pairingKeyPair(invite.secret);
    const shown: Array<{ name: string; fingerprint: string }> = [];
    let outcome: Promise<ServeResult> | null = null;
    const port = await listen(kp, (stream) => {
      outcome = servePairing(stream, {
        code: { secret: invite.secret },
        membership: a.membership,
        identity: a.identity,
        confirm: (candidate) => (shown.push(candidate), false),
      });
      outcome.catch(() => undefined);
    });
    const error = await joinError(joinPairing(await dial(port, kp.publicKey), { code: { secret: invite.secret }, identity: b.identity, name: 'Laptop', membership: b.membership }));
    expect(error.code).toBe('refused');
    expect(shown).toEqual([{ name: 'Laptop', fingerprint: b.identity.fingerprint }]);
    await expect(outcome!).rejects.toThrow('Pairing was declined on this device.');
    expect(a.membership.members()).toHaveLength(1);
    expect(b.membership.workspaceId).toBeNull();
  });

  it('a lone device that had started its own workspace joins another one', async () => {
    const a = await device();
    const b = await device();
    await a.membership.create('Desk');
    await b.membership.create('Laptop'); // e.g. it showed an invite once, then joined instead
    const invite = createInvite();
    const kp = pairingKeyPair(invite.secret);
    const host = await inviter(a, { secret: invite.secret }, createPairingSession(), kp);
    await joinPairing(await dial(host.port, kp.publicKey), { code: { secret: invite.secret }, identity: b.identity, name: 'Laptop', membership: b.membership });
    expect(toHex(b.membership.workspaceId!)).toBe(toHex(a.membership.workspaceId!));
    expect(b.store.saved.length).toBe(a.membership.entries().length);
    expect(b.membership.members().map((m) => m.name).sort()).toEqual(['Desk', 'Laptop']);
  });

  it('bad messages from a joiner that knows the secret: clear error, nothing merged', async () => {
    const a = await device();
    const b = await device();
    const mallory = await device();
    await a.membership.create('Desk');
    const invite = createInvite();
    const session = createPairingSession();
    const kp = pairingKeyPair(invite.secret);
    const host = await inviter(a, { secret: invite.secret }, session, kp);

    // A hand-driven joiner speaking the wire format directly.
    const stream = await dial(host.port, kp.publicKey);
    const incoming: Uint8Array[] = [];
    let wake: () => void = () => undefined;
    const channel = Protomux.from(stream).createChannel({ protocol: 'kindred/pair/1', unique: true })!;
    const message = channel.addMessage<Uint8Array>({
      encoding: c.raw,
      onmessage: (bytes) => {
        incoming.push(Uint8Array.from(bytes));
        wake();
      },
    });
    channel.open();
    const next = async (): Promise<Uint8Array> => {
      while (incoming.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return incoming.shift()!;
    };
    const proof = hmac(sha256, inviteProofKey(invite.secret), concatBytes(utf8('kindred-pair-v1/proof\0'), stream.handshakeHash, utf8('joiner')));
    message.send(concatBytes(new Uint8Array([1]), prefixFreeCat(new Uint8Array([0x69]), proof)));
    const accept = await next();
    expect(accept[0]).toBe(4);
    const [, , workspaceId] = parsePrefixFree(accept.subarray(1), 6);
    // B's identity, but a network key entry signed by (and for) Mallory.
    const foreign = signEntry(
      { kind: 'netkey', workspaceId: workspaceId!, device: mallory.identity.identityKey, epoch: 0, noiseKey: mallory.identity.networkKeyPair(0).publicKey, at: 1 },
      mallory.identity.sign,
    );
    message.send(concatBytes(new Uint8Array([5]), prefixFreeCat(b.identity.identityKey, utf8('Laptop'), foreign)));
    const refusal = await next();
    expect(refusal[0]).toBe(8);
    expect(new TextDecoder().decode(parsePrefixFree(refusal.subarray(1), 2)[1])).toBe('The new device sent a network key that is not its own.');
    await expect(host.outcomes[0]).rejects.toThrow('The new device sent a network key that is not its own.');
    expect(session.state()).toBe('failed');
    expect(a.membership.members()).toHaveLength(1);
    expect(a.membership.entries()).toHaveLength(2);
  });

  it('an oversized or garbled first message counts as a failed attempt', async () => {
    const a = await device();
    await a.membership.create('Desk');
    const invite = createInvite();
    const session = createPairingSession();
    const kp = pairingKeyPair(invite.secret);
    const host = await inviter(a, { secret: invite.secret }, session, kp);
    for (const payload of [new Uint8Array(20_000).fill(1), new Uint8Array([1, 0xff, 0xff, 0xff])]) {
      const stream = await dial(host.port, kp.publicKey);
      const channel = Protomux.from(stream).createChannel({ protocol: 'kindred/pair/1', unique: true })!;
      const message = channel.addMessage<Uint8Array>({ encoding: c.raw });
      channel.open();
      message.send(payload);
    }
    await waitFor(() => host.outcomes.length === 2);
    const results = await Promise.allSettled(host.outcomes);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(session.failures).toBe(2);
    expect(a.membership.members()).toHaveLength(1);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
