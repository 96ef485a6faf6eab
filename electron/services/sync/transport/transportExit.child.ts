/**
 * Child process for peerTransport.close.test.ts: two transports (DHT + LAN) connect, A closes
 * (B must see its stream close), then B and the testnet close — and this process must then
 * exit on its own. It never calls process.exit: a handle left open keeps it alive.
 */
import net from 'node:net';
import createTestnet from 'hyperdht/testnet.js';
import { createPeerTransport } from './index';
import { makeKeyPair, randomPort, record, sharedConnection, testLan, uniqueServiceName, waitFor } from './transportTest.testkit';

async function main(): Promise<void> {
  const testnet = await createTestnet(3, { host: '127.0.0.1' });
  const lan = testLan(uniqueServiceName(), randomPort());
  const a = makeKeyPair();
  const b = makeKeyPair();
  const ta = createPeerTransport({ keyPair: a, allowed: (hex) => hex === b.hex, dht: testnet.createNode(), lan });
  const tb = createPeerTransport({ keyPair: b, allowed: (hex) => hex === a.hex, dht: testnet.createNode(), lan, redialMs: 200 });
  const ra = record(ta);
  const rb = record(tb);
  ta.setPeers([b.hex]);
  tb.setPeers([a.hex]);
  await Promise.all([ta.start(), tb.start()]);
  const [, cb] = await waitFor(() => sharedConnection(ra, rb), 'connected');
  // Leave a stranger's silent TCP socket on A's LAN port (mid-handshake) at close time; B keeps
  // trying to re-dial A after A is gone.
  const address = ta.lanAddress()!;
  const silent = net.connect(address.port, address.host);
  silent.on('error', () => {});
  await new Promise((resolve) => silent.once('connect', resolve));
  const closedAt = Date.now();
  const seen = new Promise<number>((resolve) => cb.stream.once('close', () => resolve(Date.now() - closedAt)));
  await ta.close();
  const otherSideSawCloseMs = await seen;
  const afterClose = ta.reachability();
  await waitFor(() => silent.destroyed || silent.readyState === 'closed' || silent.readableEnded, 'A dropping the stranger socket', 2000);
  silent.destroy();
  await tb.close();
  await testnet.destroy();
  process.stdout.write(`${JSON.stringify({ via: cb.via, otherSideSawCloseMs, afterClose })}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
