/**
 * The LAN path's sockets: a TCP server, outgoing TCP dials, and Noise XX on top of each
 * (@hyperswarm/secret-stream over the raw socket, the same stream type Hyperswarm gives).
 *
 * The remote key is checked the moment the handshake reveals it ('handshake' fires before the
 * secret-stream header is written): a refused key gets its socket destroyed before either side
 * could send an application byte. In Noise XX the dialler finishes first, so a dialler waits for
 * the answering side's first post-handshake bytes (its stream header, only written if it accepted
 * us) before handing the stream up — a refused dialler therefore never sees an "open" connection.
 */
import net from 'node:net';
import NoiseSecretStream from '@hyperswarm/secret-stream';
import type { NoiseKeyPair, PeerStream } from '../types';
import { closed, isClosing } from './connectionTable';
import { fingerprint, toHex } from './keys';

/** Keep-alive both ways, and drop a link (or a stalled handshake) silent for this long. */
const KEEP_ALIVE_MS = 5000;
const IDLE_TIMEOUT_MS = 20000;
/** A user has a handful of devices; more sockets than this is someone on the LAN misbehaving. */
const MAX_SOCKETS = 64;

export interface LanLink {
  /** Starts the TCP server; resolves with the bound address. */
  listen(host: string): Promise<{ host: string; port: number }>;
  address(): { host: string; port: number } | null;
  /** Dials an announced address; the stream must prove `expectedHex`'s key. */
  dial(host: string, port: number, expectedHex: string): void;
  dialling(remoteHex: string): boolean;
  close(): Promise<void>;
}

export function createLanLink(opts: {
  keyPair: NoiseKeyPair;
  allowed(remoteHex: string): boolean;
  onStream(stream: PeerStream): void;
  log(line: string): void;
}): LanLink {
  let server: net.Server | null = null;
  let bound: { host: string; port: number } | null = null;
  let closing = false;
  const streams = new Set<NoiseSecretStream>();
  const pendingDials = new Set<string>();

  function wrap(socket: net.Socket, isInitiator: boolean, expectedHex: string | null): void {
    socket.setNoDelay(true);
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const stream = new NoiseSecretStream(isInitiator, socket, { keyPair: opts.keyPair });
    streams.add(stream);
    stream.setTimeout(IDLE_TIMEOUT_MS);
    stream.on('error', (err: Error) => {
      if (!closing) opts.log(`transport: LAN link ${peer}: ${err.message}`);
    });
    stream.once('close', () => {
      streams.delete(stream);
      if (expectedHex) pendingDials.delete(expectedHex);
    });

    let accepted: Promise<boolean> = Promise.resolve(!isInitiator);
    stream.once('handshake', () => {
      const remoteHex = toHex(stream.remotePublicKey);
      if (expectedHex !== null && remoteHex !== expectedHex) {
        opts.log(`transport: refused LAN peer ${peer}: it announced ${fingerprint(expectedHex)} but proved ${fingerprint(remoteHex)}`);
        stream.destroy();
      } else if (!opts.allowed(remoteHex)) {
        opts.log(`transport: refused ${fingerprint(remoteHex)} on the LAN (${peer}): not one of this journal's devices`);
        stream.destroy();
      } else if (isInitiator) {
        accepted = answered(socket);
      }
    });

    void stream.opened.then(async (opened) => {
      const ok = opened && (await accepted);
      if (expectedHex) pendingDials.delete(expectedHex);
      if (!ok || isClosing(stream) || closing) return;
      // Re-check: the allowlist may have changed during the round trip.
      if (!opts.allowed(toHex(stream.remotePublicKey))) return void stream.destroy();
      stream.setKeepAlive(KEEP_ALIVE_MS);
      opts.onStream(stream as unknown as PeerStream);
    });
  }

  return {
    listen(host) {
      if (server) return Promise.reject(new Error('The LAN server is already listening.'));
      const srv = net.createServer((socket) => {
        if (closing) return void socket.destroy();
        if (streams.size >= MAX_SOCKETS) {
          opts.log(`transport: LAN server at its limit of ${MAX_SOCKETS} connections: dropped one from ${socket.remoteAddress ?? '?'}`);
          return void socket.destroy();
        }
        wrap(socket, false, null);
      });
      server = srv;
      return new Promise((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(0, host, () => {
          srv.off('error', reject);
          srv.on('error', (err) => opts.log(`transport: LAN server: ${err.message}`));
          const info = srv.address() as net.AddressInfo;
          bound = { host, port: info.port };
          resolve(bound);
        });
      });
    },
    address: () => bound,
    dial(host, port, expectedHex) {
      if (closing || pendingDials.has(expectedHex)) return;
      pendingDials.add(expectedHex);
      const socket = net.connect({ host, port });
      socket.once('error', (err) => {
        pendingDials.delete(expectedHex);
        if (!closing) opts.log(`transport: LAN dial to ${fingerprint(expectedHex)} at ${host}:${port} failed: ${err.message}`);
      });
      wrap(socket, true, expectedHex);
    },
    dialling: (hex) => pendingDials.has(hex),
    async close() {
      closing = true;
      const pending = [...streams].map((s) => closed(s));
      for (const stream of streams) stream.destroy();
      await Promise.all(pending);
      const srv = server;
      server = null;
      if (srv) await new Promise<void>((resolve) => srv.close(() => resolve()));
    },
  };
}

/**
 * Resolves true once the answering side sends anything after our handshake completed (its
 * stream header, written only if it accepted our key), false if the socket closes first.
 * Called from the stream's 'handshake' event, i.e. while the reply that completed it is being
 * dispatched: a listener added during an emit does not see that emit, only later bytes.
 */
function answered(socket: net.Socket): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(ok);
    };
    const onData = (): void => done(true);
    const onClose = (): void => done(false);
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}
