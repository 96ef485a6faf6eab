/**
 * Finding the user's other devices on the local network without any server: DNS-SD over
 * multicast DNS. Each device answers for
 *
 *   PTR  <serviceName>._sub._kindred._tcp.local  →  <serviceName>-<12 hex of key>._kindred._tcp.local
 *   SRV  that instance                           →  port, target <instance label>.local
 *   TXT  that instance                           →  "k=<64 hex Noise public key>"
 *   A    <instance label>.local                   →  the bound address (only when bound to one)
 *
 * `serviceName` is derived by the caller from the workspace, so devices of other journals
 * neither answer nor match. Announcements are hints only: the stream must still prove the
 * announced key in the Noise handshake and pass the allowlist.
 */
import type { RemoteInfo } from 'node:dgram';
import type { Answer } from 'dns-packet';
import makeMdns from 'multicast-dns';
import { fingerprint } from './keys';

const SERVICE = '_kindred._tcp.local';
const SERVICE_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/i;
const KEY_TXT = /^k=([0-9a-f]{64})$/;
/** Query quickly while nothing is known, then settle to every 30 s. */
export const QUERY_SCHEDULE_MS = [0, 1000, 2000, 4000, 8000, 16000, 30000];

/** The narrow part of a multicast-dns instance this module uses (tests may pass a bus). */
export interface MdnsSocket {
  on(event: 'query', fn: (packet: { questions: Array<{ name: string; type: string }> }, rinfo: RemoteInfo) => void): unknown;
  on(event: 'response', fn: (packet: { answers: Answer[]; additionals?: Answer[] }, rinfo: RemoteInfo) => void): unknown;
  on(event: 'error' | 'warning', fn: (err: Error) => void): unknown;
  query(packet: { questions: Array<{ name: string; type: 'PTR' }> }): void;
  respond(packet: { answers: Answer[] }): void;
  destroy(cb?: () => void): void;
}

export interface LanAnnouncement {
  keyHex: string;
  host: string;
  port: number;
}

export interface LanDiscovery {
  start(): void;
  /** Ask the network now (throttled to one query per 500 ms). */
  queryNow(): void;
  close(): Promise<void>;
}

export function checkServiceName(name: string): void {
  if (typeof name !== 'string' || !SERVICE_NAME.test(name)) {
    throw new Error(`lan.serviceName must be 1–40 letters, digits or '-', starting with a letter or digit; got ${JSON.stringify(name)}.`);
  }
}

export function createLanDiscovery(opts: {
  serviceName: string;
  publicKeyHex: string;
  /** What we announce; null = only look (a dialling side with no server). */
  announce: (() => { host: string; port: number } | null) | null;
  socket: MdnsSocket;
  onPeer(peer: LanAnnouncement): void;
  log(line: string): void;
}): LanDiscovery {
  checkServiceName(opts.serviceName);
  const group = `${opts.serviceName}._sub.${SERVICE}`;
  const label = `${opts.serviceName}-${opts.publicKeyHex.slice(0, 12)}`;
  const instance = `${label}.${SERVICE}`;
  const target = `${label}.local`;
  const mdns = opts.socket;
  let timer: NodeJS.Timeout | null = null;
  let step = 0;
  let lastQuery = 0;
  let closed = false;

  function ourRecords(): Answer[] | null {
    const address = opts.announce?.();
    if (!address) return null;
    const records: Answer[] = [
      { name: group, type: 'PTR', ttl: 120, data: instance },
      { name: instance, type: 'SRV', ttl: 120, data: { port: address.port, target, priority: 0, weight: 0 } },
      { name: instance, type: 'TXT', ttl: 120, data: [`k=${opts.publicKeyHex}`] },
    ];
    if (address.host !== '0.0.0.0' && address.host !== '::') records.push({ name: target, type: 'A', ttl: 120, data: address.host });
    return records;
  }

  function announce(): void {
    const answers = ourRecords();
    if (answers && !closed) mdns.respond({ answers });
  }

  function query(): void {
    if (closed) return;
    lastQuery = Date.now();
    mdns.query({ questions: [{ name: group, type: 'PTR' }] });
  }

  function scheduleNext(): void {
    const delay = QUERY_SCHEDULE_MS[Math.min(step, QUERY_SCHEDULE_MS.length - 1)] ?? 30000;
    step++;
    timer = setTimeout(() => {
      query();
      if (step === 2) announce(); // a second unsolicited announcement, as mDNS recommends
      scheduleNext();
    }, delay);
    timer.unref();
  }

  mdns.on('error', (err) => opts.log(`transport: LAN discovery: ${err.message}`));
  mdns.on('warning', () => {}); // per-interface membership hiccups; the error path reports real failures
  mdns.on('query', (packet) => {
    if (packet.questions.some((q) => q.name === group && (q.type === 'PTR' || q.type === 'ANY'))) announce();
  });
  mdns.on('response', (packet, rinfo) => {
    const records = [...packet.answers, ...(packet.additionals ?? [])];
    for (const srv of records) {
      if (srv.type !== 'SRV' || !srv.name.endsWith(`.${SERVICE}`) || !srv.name.startsWith(`${opts.serviceName}-`)) continue;
      const keyHex = keyFromTxt(records.find((r) => r.type === 'TXT' && r.name === srv.name));
      if (!keyHex || keyHex === opts.publicKeyHex) continue;
      const a = records.find((r) => r.type === 'A' && r.name === srv.data.target);
      const host = a?.type === 'A' && typeof a.data === 'string' ? a.data : rinfo.address;
      const port = srv.data.port;
      if (!Number.isInteger(port) || port <= 0 || port > 65535) {
        opts.log(`transport: ignored a LAN announcement for ${fingerprint(keyHex)} with port ${String(port)}`);
        continue;
      }
      opts.onPeer({ keyHex, host, port });
    }
  });

  return {
    start() {
      announce();
      scheduleNext();
    },
    queryNow() {
      if (Date.now() - lastQuery >= 500) query();
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      if (timer) clearTimeout(timer);
      return new Promise((resolve) => mdns.destroy(() => resolve()));
    },
  };
}

function keyFromTxt(txt: Answer | undefined): string | null {
  if (!txt || txt.type !== 'TXT') return null;
  const parts = Array.isArray(txt.data) ? txt.data : [txt.data];
  for (const part of parts) {
    const match = KEY_TXT.exec(part.toString());
    if (match?.[1]) return match[1];
  }
  return null;
}

/**
 * A real multicast-dns socket for `lan.multicast`. With an interface given, the socket binds the
 * wildcard address and joins the group on that interface: bound to the interface's own address,
 * Linux delivers no group traffic to it (measured here on 127.0.0.1).
 */
export function openMulticastDns(multicast: { port?: number; interface?: string; ip?: string } = {}): MdnsSocket {
  return makeMdns({
    port: multicast.port ?? 5353,
    ip: multicast.ip ?? '224.0.0.251',
    ...(multicast.interface ? { interface: multicast.interface, bind: '0.0.0.0' } : {}),
    multicast: true,
    loopback: true,
    reuseAddr: true,
  }) as unknown as MdnsSocket;
}
