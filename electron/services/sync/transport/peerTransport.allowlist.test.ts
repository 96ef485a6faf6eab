/**
 * The allowlist at the transport: strangers are refused in the Noise handshake on both paths,
 * removal closes a live connection at once, and re-admission works without a restart (the
 * Hyperswarm ban must be lifted). Real HyperDHT testnet, real TCP, real multicast on loopback.
 */
import net from 'node:net';
import NoiseSecretStream from '@hyperswarm/secret-stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import createTestnet from 'hyperdht/testnet.js';
import type { LanOptions } from '../types';
import { createPeerTransport, type KindredPeerTransport } from './index';
import { fingerprint, toHex } from './keys';
import {
  announcementBus,
  exchangeLines,
  logSink,
  loopbackMulticastWorks,
  makeKeyPair,
  randomPort,
  record,
  sharedConnection,
  testLan,
  uniqueServiceName,
  waitFor,
} from './transportTest.testkit';
import type { MdnsSocket } from './lanDiscovery';

type Testnet = Awaited<ReturnType<typeof createTestnet>>;
type Key = ReturnType<typeof makeKeyPair>;
let testnet: Testnet;
let mdnsSocket: (() => MdnsSocket) | undefined;
const opened: KindredPeerTransport[] = [];

beforeAll(async () => {
  testnet = await createTestnet(3, { host: '127.0.0.1' });
  if (!(await loopbackMulticastWorks(randomPort()))) {
    console.warn('multicast on 127.0.0.1 is not delivered on this machine: LAN discovery runs over the in-process announcement bus (TCP + Noise stay real)');
    mdnsSocket = announcementBus();
  }
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});
afterAll(async () => {
  await testnet.destroy();
});

interface Device {
  key: Key;
  t: KindredPeerTransport;
  allow: Set<string>;
  logs: ReturnType<typeof logSink>;
  rec: ReturnType<typeof record>;
}

function device(key: Key, paths: { internet: boolean; lan: LanOptions | false }): Device {
  const allow = new Set<string>();
  const logs = logSink();
  const t = createPeerTransport({
    keyPair: key,
    allowed: (hex) => allow.has(hex),
    ...(paths.internet ? { dht: testnet.createNode() } : { bootstrap: [] }),
    lan: paths.lan,
    log: logs.log,
    redialMs: 300,
    mdnsSocket,
  });
  opened.push(t);
  return { key, t, allow, logs, rec: record(t) };
}

async function connectedPair(paths: { internet: boolean; lan: LanOptions | false }): Promise<[Device, Device]> {
  const a = device(makeKeyPair(), paths);
  const b = device(makeKeyPair(), paths);
  a.allow.add(b.key.hex);
  b.allow.add(a.key.hex);
  a.t.setPeers([b.key.hex]);
  b.t.setPeers([a.key.hex]);
  await Promise.all([a.t.start(), b.t.start()]);
  await waitFor(() => sharedConnection(a.rec, b.rec), 'a and b connected');
  return [a, b];
}

describe('a key that is not in the allowlist', () => {
  it('is refused in the handshake on both paths, with 0 app bytes, and the pair stays connected', async () => {
    const lan = testLan(uniqueServiceName(), randomPort());
    const paths = { internet: true, lan };
    const [a, b] = await connectedPair(paths);
    const [ca, cb] = sharedConnection(a.rec, b.rec)!;

    // A stranger that knows A's key, allows A, and dials it on both paths.
    const c = device(makeKeyPair(), paths);
    c.allow.add(a.key.hex);
    c.t.setPeers([a.key.hex]);
    await c.t.start();
    const fp = fingerprint(c.key.hex);
    await waitFor(() => a.logs.has(new RegExp(`refused ${fp} on the internet`)), 'A refusing C on the internet path');
    await waitFor(() => a.logs.has(new RegExp(`refused ${fp} on the LAN`)), 'A refusing C on the LAN');
    expect(c.rec.all).toHaveLength(0); // C never saw an open connection: refused before its first byte
    expect(a.rec.to(c.key.hex)).toHaveLength(0);

    // A raw stranger on A's LAN port that writes the moment its side of Noise XX completes.
    const address = a.t.lanAddress()!;
    const socket = net.connect(address.port, address.host);
    const stranger = new NoiseSecretStream(true, socket, { keyPair: makeKeyPair() });
    let bytesIn = 0;
    stranger.on('data', (chunk: Buffer) => (bytesIn += chunk.byteLength));
    stranger.on('error', () => {});
    if (await stranger.opened) stranger.write('let me in\n');
    await new Promise((resolve) => stranger.once('close', resolve));
    expect(bytesIn).toBe(0);
    expect(a.rec.all.filter((x) => toHex(x.stream.remotePublicKey) !== b.key.hex)).toHaveLength(0);

    // The allowed pair is untouched: same stream, still talking.
    expect(sharedConnection(a.rec, b.rec)?.[0].stream).toBe(ca.stream);
    expect(await exchangeLines(ca.stream, cb.stream)).toEqual(['hello from a', 'hello from b']);
  });
});

describe.each([
  { path: 'internet', paths: { internet: true, lan: false as const } },
  { path: 'lan', paths: { internet: false, lan: null } },
])('removal and re-admission on the $path path', ({ path, paths }) => {
  it('closes the live connection at once, refuses the re-dial, and re-admits without a restart', async () => {
    const lan = paths.lan === null ? testLan(uniqueServiceName(), randomPort()) : false;
    const [a, b] = await connectedPair({ internet: paths.internet, lan });
    const [ca, cb] = sharedConnection(a.rec, b.rec)!;
    expect(ca.via).toBe(path);

    a.allow.delete(b.key.hex);
    const removedAt = Date.now();
    a.t.refreshAllowlist();
    await waitFor(() => cb.stream.destroyed && ca.stream.destroyed, 'both ends closed', 2000);
    console.info(`${path}: removal closed the connection in ${Date.now() - removedAt} ms`);

    // B still wants A and re-dials (every 300 ms here): A refuses it in the handshake.
    const fp = fingerprint(b.key.hex);
    const refusalsBefore = a.logs.lines.filter((l) => l.includes(`refused ${fp}`)).length;
    b.t.resume();
    await waitFor(() => a.logs.lines.filter((l) => l.includes(`refused ${fp}`)).length > refusalsBefore, 'A refusing B’s re-dial');
    expect(a.rec.open()).toHaveLength(0);
    expect(b.rec.open()).toHaveLength(0);

    // Re-admitted: connects again without restarting either transport.
    a.allow.add(b.key.hex);
    a.t.refreshAllowlist();
    const [na, nb] = await waitFor(() => sharedConnection(a.rec, b.rec), 're-admitted connection');
    expect(na.stream).not.toBe(ca.stream);
    expect(await exchangeLines(na.stream, nb.stream)).toEqual(['hello from a', 'hello from b']);
  });
});

it('a key refused before it was known connects once setPeers admits it (the unban path)', async () => {
  const paths = { internet: true, lan: false as const };
  const a = device(makeKeyPair(), paths);
  const c = device(makeKeyPair(), paths);
  c.allow.add(a.key.hex);
  await a.t.start();
  c.t.setPeers([a.key.hex]);
  await c.t.start();
  const fp = fingerprint(c.key.hex);
  await waitFor(() => a.logs.has(new RegExp(`refused ${fp}`)), 'A refusing C (and Hyperswarm banning it)');

  // A learns C (e.g. from another device's membership gossip).
  a.allow.add(c.key.hex);
  a.t.setPeers([c.key.hex]);
  const [ca, cc] = await waitFor(() => sharedConnection(a.rec, c.rec), 'C admitted without restarting A');
  expect(await exchangeLines(ca.stream, cc.stream)).toEqual(['hello from a', 'hello from b']);
});
