/**
 * Helpers for the transport tests: real keys, a real HyperDHT testnet on 127.0.0.1, real TCP,
 * and real multicast on the loopback interface when this machine delivers it.
 */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { RemoteInfo } from 'node:dgram';
import NoiseSecretStream from '@hyperswarm/secret-stream';
import makeMdns from 'multicast-dns';
import type { Connection, LanOptions, NoiseKeyPair, PeerStream } from '../types';
import type { KindredPeerTransport } from './peerTransport';
import type { MdnsSocket } from './lanDiscovery';
import { toHex } from './keys';

export function makeKeyPair(): NoiseKeyPair & { hex: string } {
  const keyPair = NoiseSecretStream.keyPair();
  return { ...keyPair, hex: toHex(keyPair.publicKey) };
}

export function randomPort(): number {
  return 40000 + Math.floor(Math.random() * 20000);
}

/** LAN options for one test: its own service name and multicast port, on loopback only. */
export function testLan(serviceName: string, multicastPort: number): LanOptions {
  return { host: '127.0.0.1', serviceName, multicast: { port: multicastPort, interface: '127.0.0.1', ip: '224.0.0.251' } };
}

export function uniqueServiceName(): string {
  return `t${randomBytes(6).toString('hex')}`;
}

/** Polls a condition (every 5 ms) until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | null | undefined | false, what: string, timeoutMs = 10000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Records every connection a transport emits, and which of them are still open. */
export interface Recorder {
  all: Connection[];
  open(): Connection[];
  to(remoteHex: string): Connection[];
}

export function record(transport: KindredPeerTransport): Recorder {
  const all: Connection[] = [];
  const closed = new Set<PeerStream>();
  transport.onConnection((connection) => {
    all.push(connection);
    connection.stream.on('error', () => {});
    connection.stream.once('close', () => closed.add(connection.stream));
  });
  return {
    all,
    open: () => all.filter((c) => !closed.has(c.stream)),
    to: (hex) => all.filter((c) => toHex(c.stream.remotePublicKey) === hex),
  };
}

export function logSink(): { lines: string[]; log(line: string): void; has(pattern: RegExp): boolean } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line), has: (pattern) => lines.some((l) => pattern.test(l)) };
}

/** Reads up to the first newline. */
export function readLine(stream: PeerStream, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no line within ${timeoutMs} ms (got ${JSON.stringify(text)})`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      stream.off('data', onData);
      resolve(text.slice(0, end));
    };
    stream.on('data', onData);
  });
}

/** One line each way over a pair of streams that should be the two ends of one connection. */
export async function exchangeLines(a: PeerStream, b: PeerStream): Promise<[string, string]> {
  const atB = readLine(b);
  const atA = readLine(a);
  a.write('hello from a\n');
  b.write('hello from b\n');
  return [await atB, await atA];
}

/**
 * Does multicast on 127.0.0.1 reach another socket on this machine? (It does in this sandbox
 * when the socket binds the wildcard address; CI sandboxes may differ.)
 */
export async function loopbackMulticastWorks(port: number): Promise<boolean> {
  const opts = { port, interface: '127.0.0.1', bind: '0.0.0.0', ip: '224.0.0.251', multicast: true, loopback: true, reuseAddr: true };
  const a = makeMdns(opts);
  const b = makeMdns(opts);
  const name = `${uniqueServiceName()}.local`;
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 1500);
      b.on('query', (q) => {
        if (q.questions.some((x) => x.name === name)) b.respond({ answers: [{ name, type: 'TXT', data: ['probe'] }] });
      });
      a.on('response', (r) => {
        if (r.answers.some((x) => x.name === name)) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      a.on('ready', () => a.query({ questions: [{ name, type: 'TXT' }] }));
    });
  } finally {
    await Promise.all([new Promise((r) => a.destroy(() => r(null))), new Promise((r) => b.destroy(() => r(null)))]);
  }
}

/**
 * Stand-in for the mDNS socket ONLY where multicast cannot be delivered on this machine: an
 * in-process bus that carries the same DNS packets between discovery instances (as multicast
 * with loopback would, including to the sender). TCP and Noise stay real.
 */
export function announcementBus(): () => MdnsSocket {
  const members = new Set<EventEmitter>();
  const rinfo: RemoteInfo = { address: '127.0.0.1', family: 'IPv4', port: 5353, size: 0 };
  return () => {
    const socket = new EventEmitter();
    members.add(socket);
    const deliver = (event: string, packet: unknown): void => {
      const copy = JSON.parse(JSON.stringify(packet)) as unknown; // nothing shared by reference
      setImmediate(() => {
        for (const member of members) member.emit(event, copy, rinfo);
      });
    };
    return Object.assign(socket, {
      query: (packet: unknown) => deliver('query', packet),
      respond: (packet: unknown) => deliver('response', packet),
      destroy: (cb?: () => void) => {
        members.delete(socket);
        setImmediate(() => cb?.());
      },
    }) as unknown as MdnsSocket;
  };
}

/** Both sides have exactly one open connection, and it is the same one (same handshake hash). */
export function sharedConnection(ra: Recorder, rb: Recorder): [Connection, Connection] | null {
  const oa = ra.open();
  const ob = rb.open();
  if (oa.length !== 1 || ob.length !== 1) return null;
  const [ca, cb] = [oa[0]!, ob[0]!];
  return Buffer.from(ca.stream.handshakeHash).equals(Buffer.from(cb.stream.handshakeHash)) ? [ca, cb] : null;
}
