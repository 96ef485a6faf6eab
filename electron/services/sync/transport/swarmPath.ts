/**
 * The internet path: one Hyperswarm listening on this device's Noise key and dialling the keys
 * it is given directly (`joinPeer`), with the allowlist as its firewall. No topics: measured
 * here, two devices joining a topic at the same moment may not meet for ten minutes, while
 * dialling a known key after our own announce has flushed connects in milliseconds.
 */
import Hyperswarm from 'hyperswarm';
import type DHT from 'hyperdht';
import type NoiseSecretStream from '@hyperswarm/secret-stream';
import type { DhtBootstrapNode, NoiseKeyPair, PeerStream } from '../types';
import { fingerprint, fromHex, toHex } from './keys';

export interface SwarmPath {
  /** Announces our key on the DHT and waits until that announce has flushed. */
  start(): Promise<void>;
  /** Dial this key, now and on Hyperswarm's own backoff; calling again re-dials at once. */
  join(remoteHex: string): void;
  leave(remoteHex: string): void;
  /** Lifts a firewall ban (Hyperswarm bans a refused key for the swarm's lifetime). */
  unban(remoteHex: string): void;
  bannedKeys(): string[];
  online(): boolean;
  close(): Promise<void>;
}

interface RoutingTableView {
  table?: { size?: number };
}

export function createSwarmPath(opts: {
  keyPair: NoiseKeyPair;
  allowed(remoteHex: string): boolean;
  /** undefined = Hyperswarm's public bootstrap nodes. */
  bootstrap?: DhtBootstrapNode[];
  /** A ready DHT node (tests: `testnet.createNode()`); Hyperswarm destroys it with the swarm. */
  dht?: DHT;
  onStream(stream: PeerStream): void;
  log(line: string): void;
}): SwarmPath {
  const keyPair = { publicKey: Buffer.from(opts.keyPair.publicKey), secretKey: Buffer.from(opts.keyPair.secretKey) };
  const swarm = new Hyperswarm({
    keyPair,
    ...(opts.dht ? { dht: opts.dht } : opts.bootstrap ? { bootstrap: opts.bootstrap } : {}),
    firewall: (remotePublicKey) => {
      const hex = toHex(remotePublicKey);
      if (opts.allowed(hex)) return false;
      opts.log(`transport: refused ${fingerprint(hex)} on the internet path: not one of this journal's devices`);
      return true;
    },
  });
  let closing = false;
  let listened = false;

  swarm.on('connection', (conn: NoiseSecretStream) => {
    conn.on('error', (err: Error) => {
      if (!closing) opts.log(`transport: internet link ${fingerprint(toHex(conn.remotePublicKey))}: ${err.message}`);
    });
    void conn.opened.then((opened) => {
      if (!opened || closing) return;
      const hex = toHex(conn.remotePublicKey);
      // The firewall ran in the handshake; re-check in case the allowlist changed since.
      if (!opts.allowed(hex)) {
        opts.log(`transport: refused ${fingerprint(hex)} on the internet path after the allowlist changed`);
        return void conn.destroy();
      }
      opts.onStream(conn as unknown as PeerStream);
    });
  });

  return {
    async start() {
      await swarm.listen();
      await swarm.flush();
      listened = true;
    },
    join(hex) {
      if (closing) return;
      swarm.joinPeer(fromHex(hex));
    },
    leave(hex) {
      if (closing) return;
      swarm.leavePeer(fromHex(hex));
    },
    unban(hex) {
      const info = swarm.peers.get(hex);
      if (info?.banned) {
        info.ban(false);
        opts.log(`transport: ${fingerprint(hex)} is allowed again: lifted its ban`);
      }
    },
    bannedKeys() {
      return [...swarm.peers.entries()].filter(([, info]) => info.banned).map(([hex]) => hex);
    },
    online() {
      const dht = swarm.dht as DHT & RoutingTableView & { bootstrapped?: boolean };
      return !closing && !swarm.destroyed && dht.bootstrapped === true && dht.online && (dht.table?.size ?? 0) > 0;
    },
    async close() {
      closing = true;
      // An announce still waiting for a DHT that never answers (no internet) holds the server's
      // close for the whole bootstrap timeout; closing the DHT's socket first ends it at once.
      if (!listened) await swarm.dht.destroy({ force: true });
      await swarm.destroy();
    },
  };
}
