/**
 * Pairing's dialling side: reach one device by its Noise key, over the internet (HyperDHT) or
 * the LAN (mDNS + TCP), whichever opens first, and hand back that one stream.
 *
 * The listening side is simply `createPeerTransport({ ..., allowed: () => true })` under the key
 * the invite carries: it admits the stranger for the pairing exchange only, and the pairing code
 * (checked above this layer) decides whether it becomes a device.
 */
import DHT from 'hyperdht';
import type NoiseSecretStream from '@hyperswarm/secret-stream';
import type { Connection, DhtBootstrapNode, LanOptions, NoiseKeyPair, PeerStream } from '../types';
import { checkKey, fromHex, toHex } from './keys';
import { checkServiceName, createLanDiscovery, openMulticastDns, type LanDiscovery, type MdnsSocket } from './lanDiscovery';
import { createLanLink, type LanLink } from './lanLink';
import { DEFAULT_SERVICE_NAME } from './peerTransport';

export interface DialOnceOptions {
  keyPair: NoiseKeyPair;
  /** The listening device's Noise key (bytes or 64 hex characters). */
  remoteKey: Uint8Array | string;
  /** undefined = Hyperswarm's public bootstrap nodes; [] = LAN only. */
  bootstrap?: DhtBootstrapNode[];
  /** A DHT node to dial through (tests); it is left running. */
  dht?: DHT;
  lan?: LanOptions | false;
  timeoutMs: number;
  log?(line: string): void;
  mdnsSocket?: () => MdnsSocket;
}

/** How long to wait before asking the DHT again after "peer not found" and the like. */
const DHT_RETRY_MS = 1000;

interface Dialable {
  connect(remotePublicKey: Buffer, opts: { keyPair: { publicKey: Buffer; secretKey: Buffer } }): NoiseSecretStream;
}

export function createDialOnce(opts: DialOnceOptions): Promise<Connection> {
  let remoteHex: string;
  try {
    checkKey(opts.keyPair.publicKey, 'keyPair.publicKey');
    if (typeof opts.remoteKey !== 'string') checkKey(opts.remoteKey, 'remoteKey');
    remoteHex = typeof opts.remoteKey === 'string' ? toHex(fromHex(opts.remoteKey)) : toHex(opts.remoteKey);
    if (!(opts.timeoutMs > 0)) throw new Error(`timeoutMs must be a positive number of milliseconds, got ${String(opts.timeoutMs)}.`);
    if (opts.lan) checkServiceName(opts.lan.serviceName);
  } catch (err) {
    return Promise.reject(err as Error);
  }
  const log = opts.log ?? (() => {});
  const remote = Buffer.from(remoteHex, 'hex');
  const keyPair = { publicKey: Buffer.from(opts.keyPair.publicKey), secretKey: Buffer.from(opts.keyPair.secretKey) };
  const useDht = Boolean(opts.dht) || !(opts.bootstrap && opts.bootstrap.length === 0);
  const lan = opts.lan === false ? null : (opts.lan ?? { serviceName: DEFAULT_SERVICE_NAME });
  if (!useDht && !lan) {
    return Promise.reject(new Error("Can't reach the other device: both the internet and the local network are turned off for sync."));
  }

  return new Promise<Connection>((resolve, reject) => {
    let settled = false;
    let node: DHT | null = null;
    const ownsNode = !opts.dht;
    let attempt: NoiseSecretStream | null = null;
    let retryTimer: NodeJS.Timeout | null = null;
    let lastDhtError = '';
    let link: LanLink | null = null;
    let discovery: LanDiscovery | null = null;

    function stopDht(keep: PeerStream | null): Promise<void> | undefined {
      if (retryTimer) clearTimeout(retryTimer);
      if (attempt && (attempt as unknown) !== keep) attempt.destroy();
      if (!node || !ownsNode) return undefined;
      const owned = node;
      if (keep) {
        keep.once('close', () => void owned.destroy()); // the stream runs over this node's socket
        return undefined;
      }
      return owned.destroy();
    }

    function win(stream: PeerStream, via: Connection['via']): void {
      if (settled) return void stream.destroy();
      if (toHex(stream.remotePublicKey) !== remoteHex) return void stream.destroy();
      settled = true;
      clearTimeout(deadline);
      void discovery?.close();
      if (via === 'internet') void link?.close();
      void stopDht(via === 'internet' ? stream : null);
      log(`transport: reached the other device over the ${via === 'lan' ? 'local network' : 'internet'}`);
      resolve({ stream, via });
    }

    function dialDht(): void {
      if (settled || !node) return;
      const stream = (node as unknown as Dialable).connect(remote, { keyPair });
      attempt = stream;
      stream.on('error', (err: Error) => {
        lastDhtError = err.message;
      });
      stream.once('close', () => {
        if (attempt === stream) attempt = null;
        if (settled) return;
        retryTimer = setTimeout(dialDht, DHT_RETRY_MS);
        retryTimer.unref();
      });
      void stream.opened.then((opened) => {
        if (opened) win(stream as unknown as PeerStream, 'internet');
      });
    }

    const deadline = setTimeout(() => {
      settled = true;
      const where = [useDht ? 'the internet' : null, lan ? 'the local network' : null].filter(Boolean).join(' or ');
      const detail = lastDhtError ? ` (last internet error: ${lastDhtError})` : '';
      const error = new Error(
        `Can't reach the other device: nothing answered on ${where} within ${Math.round(opts.timeoutMs / 1000)} s${detail}. ` +
          'Check that both devices are online and that the other one is still showing its code.',
      );
      void Promise.all([discovery?.close(), link?.close(), stopDht(null)]).then(() => reject(error));
    }, opts.timeoutMs);

    if (lan) {
      const lanLink = createLanLink({ keyPair, allowed: (hex) => hex === remoteHex, log, onStream: (stream) => win(stream, 'lan') });
      link = lanLink;
      discovery = createLanDiscovery({
        serviceName: lan.serviceName,
        publicKeyHex: toHex(keyPair.publicKey),
        announce: null,
        socket: opts.mdnsSocket ? opts.mdnsSocket() : openMulticastDns(lan.multicast),
        log,
        onPeer: (peer) => {
          if (peer.keyHex === remoteHex && !settled && !lanLink.dialling(remoteHex)) lanLink.dial(peer.host, peer.port, remoteHex);
        },
      });
      discovery.start();
    }
    if (useDht) {
      node = opts.dht ?? new DHT(opts.bootstrap ? { bootstrap: opts.bootstrap } : {});
      dialDht();
    }
  });
}
