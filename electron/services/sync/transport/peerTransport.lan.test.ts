/**
 * The LAN path alone (no DHT, or a DHT that cannot bootstrap): discovery by multicast DNS on
 * the loopback interface, real TCP + Noise XX, the same allowlist.
 */
import dgram from 'node:dgram';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LanOptions } from '../types';
import { createPeerTransport, type KindredPeerTransport } from './index';
import { fingerprint } from './keys';
import { openMulticastDns, type MdnsSocket } from './lanDiscovery';
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

let bus: (() => MdnsSocket) | undefined;
const opened: KindredPeerTransport[] = [];

beforeAll(async () => {
  if (!(await loopbackMulticastWorks(randomPort()))) {
    console.warn('multicast on 127.0.0.1 is not delivered on this machine: LAN discovery runs over the in-process announcement bus (TCP + Noise stay real)');
    bus = announcementBus();
  }
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});

type Key = ReturnType<typeof makeKeyPair>;

function lanDevice(key: Key, lan: LanOptions, allow: string[], bootstrap: Array<{ host: string; port: number }> = []) {
  const logs = logSink();
  const t = createPeerTransport({ keyPair: key, allowed: (hex) => allow.includes(hex), bootstrap, lan, log: logs.log, redialMs: 300, mdnsSocket: bus });
  opened.push(t);
  return { t, logs, rec: record(t) };
}

/** A UDP port nobody answers on: the "DHT bootstrap" of a network without internet. */
async function deadUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

describe('LAN only', () => {
  it('with bootstrap [] two devices find each other by mDNS and connect over TCP + Noise', async () => {
    const lan = testLan(uniqueServiceName(), randomPort());
    const a = makeKeyPair();
    const b = makeKeyPair();
    const da = lanDevice(a, lan, [b.hex]);
    const db = lanDevice(b, lan, [a.hex]);
    const began = Date.now();
    da.t.setPeers([b.hex]);
    db.t.setPeers([a.hex]);
    await Promise.all([da.t.start(), db.t.start()]);
    const [ca, cb] = await waitFor(() => sharedConnection(da.rec, db.rec), 'a LAN connection');
    console.info(`LAN only (${bus ? 'announcement bus' : 'real multicast'}): connected in ${Date.now() - began} ms`);
    expect(ca.via).toBe('lan');
    expect(cb.via).toBe('lan');
    expect(da.t.reachability()).toBe('lan_only');
    expect(await exchangeLines(ca.stream, cb.stream)).toEqual(['hello from a', 'hello from b']);

    // The allowlist holds on the LAN: a stranger that finds A the same way is refused.
    const c = makeKeyPair();
    const dc = lanDevice(c, lan, [a.hex]);
    dc.t.setPeers([a.hex]);
    await dc.t.start();
    await waitFor(() => da.logs.has(new RegExp(`refused ${fingerprint(c.hex)} on the LAN`)), 'A refusing C');
    expect(dc.rec.all).toHaveLength(0);
    expect(da.rec.open().map((x) => x.stream)).toEqual([ca.stream]);
  });

  it('with a dead bootstrap address the LAN still connects, and the status says LAN only', async () => {
    const lan = testLan(uniqueServiceName(), randomPort());
    const dead = [{ host: '127.0.0.1', port: await deadUdpPort() }];
    const a = makeKeyPair();
    const b = makeKeyPair();
    const da = lanDevice(a, lan, [b.hex], dead);
    const db = lanDevice(b, lan, [a.hex], dead);
    da.t.setPeers([b.hex]);
    db.t.setPeers([a.hex]);
    const began = Date.now();
    await Promise.all([da.t.start(), db.t.start()]);
    expect(Date.now() - began, 'start() must not wait for a DHT that never answers').toBeLessThan(1000);
    const [ca, cb] = await waitFor(() => sharedConnection(da.rec, db.rec), 'a LAN connection despite the dead DHT');
    console.info(`dead DHT: LAN connected in ${Date.now() - began} ms`);
    expect(ca.via).toBe('lan');
    expect(da.t.reachability()).toBe('lan_only');
    expect(await exchangeLines(ca.stream, cb.stream)).toEqual(['hello from a', 'hello from b']);
  });

  it('refuses a device that proves a different key than the one announced for it', async () => {
    const service = uniqueServiceName();
    const mport = randomPort();
    const lan = testLan(service, mport);
    const a = makeKeyPair();
    const b = makeKeyPair();
    const m = makeKeyPair();
    const da = lanDevice(a, lan, [b.hex, m.hex]);
    // M is even allowed by A; what matters is that M answers where B was announced.
    const dm = lanDevice(m, testLan(uniqueServiceName(), randomPort()), [a.hex]);
    await Promise.all([da.t.start(), dm.t.start()]);
    const forger = bus ? bus() : openMulticastDns(lan.multicast);
    const instance = `${service}-${b.hex.slice(0, 12)}._kindred._tcp.local`;
    const forge = (): void =>
      forger.respond({
        answers: [
          { name: `${service}._sub._kindred._tcp.local`, type: 'PTR', data: instance },
          { name: instance, type: 'SRV', data: { port: dm.t.lanAddress()!.port, target: '127.0.0.1' } },
          { name: instance, type: 'TXT', data: [`k=${b.hex}`] },
        ],
      });
    forger.on('query', forge);
    try {
      da.t.setPeers([b.hex]);
      forge();
      await waitFor(() => da.logs.has(new RegExp(`announced ${fingerprint(b.hex)} but proved ${fingerprint(m.hex)}`)), 'A noticing the forged announcement');
      expect(da.rec.all).toHaveLength(0);
    } finally {
      await new Promise<void>((resolve) => forger.destroy(() => resolve()));
    }
  });
});
