/**
 * Pairing's dial: one stream to one key by DHT or LAN, or a plain-words error in time.
 * The listening side is a real transport with `allowed: () => true`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import createTestnet from 'hyperdht/testnet.js';
import type { Connection } from '../types';
import { createDialOnce, createPeerTransport, type KindredPeerTransport } from './index';
import type { MdnsSocket } from './lanDiscovery';
import {
  announcementBus,
  exchangeLines,
  loopbackMulticastWorks,
  makeKeyPair,
  randomPort,
  record,
  testLan,
  uniqueServiceName,
  waitFor,
} from './transportTest.testkit';

type Testnet = Awaited<ReturnType<typeof createTestnet>>;
let testnet: Testnet;
let bus: (() => MdnsSocket) | undefined;
const cleanup: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  testnet = await createTestnet(3, { host: '127.0.0.1' });
  if (!(await loopbackMulticastWorks(randomPort()))) {
    console.warn('multicast on 127.0.0.1 is not delivered on this machine: LAN discovery runs over the in-process announcement bus (TCP + Noise stay real)');
    bus = announcementBus();
  }
});
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
afterAll(async () => {
  await testnet.destroy();
});

function listener(paths: { internet: boolean; lan: ReturnType<typeof testLan> | false }) {
  const key = makeKeyPair();
  const t: KindredPeerTransport = createPeerTransport({
    keyPair: key,
    allowed: () => true, // pairing: anyone may open the exchange; the code decides the rest
    ...(paths.internet ? { dht: testnet.createNode() } : { bootstrap: [] }),
    lan: paths.lan,
    mdnsSocket: bus,
  });
  cleanup.push(() => t.close());
  return { key, t, rec: record(t) };
}

function keep(connection: Connection): Connection {
  cleanup.push(async () => {
    connection.stream.destroy();
  });
  return connection;
}

describe('createDialOnce', () => {
  it('reaches a listening transport over the DHT', async () => {
    const l = listener({ internet: true, lan: false });
    await l.t.start();
    const me = makeKeyPair();
    const began = Date.now();
    const c = keep(await createDialOnce({ keyPair: me, remoteKey: l.key.publicKey, dht: testnet.createNode(), lan: false, timeoutMs: 5000 }));
    console.info(`dialOnce over the DHT: ${Date.now() - began} ms`);
    expect(c.via).toBe('internet');
    expect(Buffer.from(c.stream.remotePublicKey).toString('hex')).toBe(l.key.hex);
    const theirs = await waitFor(() => l.rec.open()[0], 'the listener seeing the dialler');
    expect(Buffer.from(theirs.stream.remotePublicKey).toString('hex')).toBe(me.hex);
    expect(await exchangeLines(c.stream, theirs.stream)).toEqual(['hello from a', 'hello from b']);
  });

  it('reaches a listening transport over the LAN when there is no DHT', async () => {
    const lan = testLan(uniqueServiceName(), randomPort());
    const l = listener({ internet: false, lan });
    await l.t.start();
    const c = keep(await createDialOnce({ keyPair: makeKeyPair(), remoteKey: l.key.hex, bootstrap: [], lan, timeoutMs: 5000, mdnsSocket: bus }));
    expect(c.via).toBe('lan');
    const theirs = await waitFor(() => l.rec.open()[0], 'the listener seeing the dialler');
    expect(await exchangeLines(c.stream, theirs.stream)).toEqual(['hello from a', 'hello from b']);
  });

  it('with both paths open, hands back exactly one stream and the listener keeps that same one', async () => {
    const lan = testLan(uniqueServiceName(), randomPort());
    const l = listener({ internet: true, lan });
    await l.t.start();
    const c = keep(await createDialOnce({ keyPair: makeKeyPair(), remoteKey: l.key.hex, dht: testnet.createNode(), lan, timeoutMs: 5000, mdnsSocket: bus }));
    const theirs = await waitFor(
      () => l.rec.open().length === 1 && Buffer.from(l.rec.open()[0]!.stream.handshakeHash).equals(Buffer.from(c.stream.handshakeHash)) && l.rec.open()[0],
      'the listener holding the dialler’s chosen stream',
      5000,
    );
    expect(await exchangeLines(c.stream, theirs.stream)).toEqual(['hello from a', 'hello from b']);
  });

  it('gives up with a plain-words error when nobody listens (LAN and DHT)', async () => {
    const lan = testLan(uniqueServiceName(), randomPort());
    const node = testnet.createNode();
    const began = Date.now();
    const dial = createDialOnce({ keyPair: makeKeyPair(), remoteKey: makeKeyPair().hex, dht: node, lan, timeoutMs: 1500, mdnsSocket: bus });
    await expect(dial).rejects.toThrow(/^Can't reach the other device: nothing answered on the internet or the local network within 2 s/);
    expect(Date.now() - began).toBeLessThan(3000);
    expect(node.destroyed).toBe(false); // a node passed in is the caller's
  });

  it('rejects bad input with a specific error', async () => {
    await expect(createDialOnce({ keyPair: makeKeyPair(), remoteKey: 'abc', bootstrap: [], lan: false, timeoutMs: 1000 })).rejects.toThrow(/Not a device network key/);
    await expect(createDialOnce({ keyPair: makeKeyPair(), remoteKey: makeKeyPair().hex, bootstrap: [], lan: false, timeoutMs: 1000 })).rejects.toThrow(/turned off/);
    await expect(createDialOnce({ keyPair: makeKeyPair(), remoteKey: new Uint8Array(5), bootstrap: [], timeoutMs: 1000 })).rejects.toThrow(/remoteKey must be 32 bytes/);
  });
});
