/**
 * Two devices that know each other's keys find each other and talk — over a real HyperDHT
 * testnet on 127.0.0.1 and over real TCP on loopback, Noise on both.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import createTestnet from 'hyperdht/testnet.js';
import { createPeerTransport, type KindredPeerTransport } from './index';
import { exchangeLines, logSink, makeKeyPair, randomPort, record, sharedConnection, testLan, uniqueServiceName, waitFor } from './transportTest.testkit';

type Testnet = Awaited<ReturnType<typeof createTestnet>>;
let testnet: Testnet;
const opened: KindredPeerTransport[] = [];

beforeAll(async () => {
  testnet = await createTestnet(3, { host: '127.0.0.1' });
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});
afterAll(async () => {
  await testnet.destroy();
});

function pair(lan: 'off' | 'on') {
  const a = makeKeyPair();
  const b = makeKeyPair();
  const service = uniqueServiceName();
  const port = randomPort();
  const logs = logSink();
  const make = (self: typeof a, other: typeof b): KindredPeerTransport => {
    const t = createPeerTransport({
      keyPair: self,
      allowed: (hex) => hex === other.hex,
      dht: testnet.createNode(),
      lan: lan === 'on' ? testLan(service, port) : false,
      log: logs.log,
      redialMs: 500,
    });
    opened.push(t);
    return t;
  };
  return { a, b, make, logs };
}

describe('two devices that know each other', () => {
  it('connect both ways within 2 s of a simultaneous start, and a line crosses each way (internet)', async () => {
    const { a, b, make } = pair('off');
    const began = Date.now();
    const ta = make(a, b);
    const tb = make(b, a);
    const ra = record(ta);
    const rb = record(tb);
    ta.setPeers([b.hex]);
    tb.setPeers([a.hex]);
    await Promise.all([ta.start(), tb.start()]);
    const [ca, cb] = await waitFor(() => sharedConnection(ra, rb), 'one shared connection');
    const elapsed = Date.now() - began;
    console.info(`simultaneous start → connected both ways in ${elapsed} ms`);
    expect(elapsed).toBeLessThan(2000);
    expect(ca.via).toBe('internet');
    expect(Buffer.from(ca.stream.remotePublicKey).toString('hex')).toBe(b.hex);
    expect(await exchangeLines(ca.stream, cb.stream)).toEqual(['hello from a', 'hello from b']);
    expect(ta.reachability()).toBe('online');
  });

  it('with both paths on, ends up with one shared connection per side and data flows', async () => {
    const { a, b, make, logs } = pair('on');
    const ta = make(a, b);
    const tb = make(b, a);
    const ra = record(ta);
    const rb = record(tb);
    ta.setPeers([b.hex]);
    tb.setPeers([a.hex]);
    await Promise.all([ta.start(), tb.start()]);
    // Both paths race; duplicates are resolved by the shared rule within the standby window.
    const shared = () => sharedConnection(ra, rb);
    await waitFor(shared, 'one shared connection', 8000);
    // Observe across several re-dial periods (500 ms) and the 2 s standby window: nothing new
    // may replace or duplicate it. This is an observation window, not a wait for a result.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const [ca, cb] = shared() || [];
    expect(ca, logs.lines.join('\n')).toBeDefined();
    expect(await exchangeLines(ca!.stream, cb!.stream)).toEqual(['hello from a', 'hello from b']);
    console.info(`both paths: a emitted ${ra.all.length} (kept ${ca!.via}), b emitted ${rb.all.length}`);
  });

  it('rejects keys that are not 64 hex characters, changing nothing', async () => {
    const { a, b, make } = pair('off');
    const ta = make(a, b);
    expect(() => ta.setPeers([b.hex, 'not-a-key'])).toThrow(/Not a device network key/);
    expect(() => createPeerTransport({ keyPair: a, allowed: () => true, bootstrap: [], lan: { serviceName: 'has space' } })).toThrow(/serviceName/);
    const tb = make(b, a);
    const ra = record(ta);
    await Promise.all([ta.start(), tb.start()]);
    tb.setPeers([a.hex]);
    await waitFor(() => ra.open()[0], 'b reaching a (a wanted nothing after the bad call)');
  });
});
