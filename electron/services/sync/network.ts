import { blake2b } from '@noble/hashes/blake2.js';
import type DHT from 'hyperdht';
import { createPeerTransport } from './transport';
import type { DeviceIdentity, Membership } from './trust';
import type { Connection, DhtBootstrapNode, PeerTransport } from './types';
import type { Reachability } from './statusText';

/**
 * This device's presence on the network: one transport per network key it still answers on.
 * Normally that is one (the current epoch's). After a removal every device rotates to a new
 * network key; it keeps answering on the old one until every remaining member has certified a
 * key of the new epoch, so a device that has not heard of the removal yet can still reach it
 * (and hear of it). The removed device is refused on every key from the moment the log says so.
 */
export interface NetworkOptions {
  /** DHT bootstrap; undefined = Hyperswarm's public nodes; [] = no DHT (LAN only). */
  bootstrap?: DhtBootstrapNode[];
  /** LAN discovery (tests pass host 127.0.0.1 and a private multicast port), or false. */
  lan?: { host?: string; multicast?: { port?: number; interface?: string; ip?: string } } | false;
  /** Tests: a DHT node per transport on a loopback testnet (closed with the transport). */
  createDht?: () => DHT;
}

export interface Network {
  start(): Promise<void>;
  /** The membership changed: refresh allowlists, peers to dial, rotate keys. */
  update(): Promise<void>;
  reachability(): Reachability;
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export function lanServiceName(workspaceId: Uint8Array): string {
  const tag = blake2b(new Uint8Array([...workspaceId, ...new TextEncoder().encode('kindred-lan')]), { dkLen: 8 });
  return `k-${hex(tag)}`;
}

export function createNetwork(
  options: NetworkOptions,
  identity: DeviceIdentity,
  membership: Membership,
  onConnection: (connection: Connection) => void,
  log: (line: string) => void,
): Network {
  const transports = new Map<number, { transport: PeerTransport; dht: DHT | null }>();
  const listeners = new Set<() => void>();
  let closed = false;

  const myEpochs = (): number[] => {
    const me = membership.members().find((m) => m.deviceId === identity.deviceId);
    return (me?.netKeys ?? []).map((k) => k.epoch).sort((a, b) => a - b);
  };

  /** Latest network key of every other device still in the workspace. */
  const peerKeys = (): string[] =>
    membership
      .members()
      .filter((m) => m.deviceId !== identity.deviceId && !m.removed && m.netKeys.length > 0)
      .map((m) => hex(m.netKeys.reduce((a, b) => (b.epoch > a.epoch ? b : a)).key));

  /** Old keys are kept while any remaining member has no key of our newest epoch yet. */
  const epochsToServe = (): number[] => {
    const epochs = myEpochs();
    if (epochs.length === 0) return [];
    const newest = epochs[epochs.length - 1]!;
    const lagging = membership
      .members()
      .some((m) => m.deviceId !== identity.deviceId && !m.removed && !m.netKeys.some((k) => k.epoch >= newest));
    return lagging ? epochs.slice(-2) : [newest];
  };

  const open = async (epoch: number): Promise<void> => {
    const dht = options.createDht?.() ?? null;
    const transport = createPeerTransport({
      keyPair: identity.networkKeyPair(epoch),
      allowed: (keyHex) => membership.isAllowedNoiseKey(keyHex),
      ...(options.bootstrap !== undefined ? { bootstrap: options.bootstrap } : {}),
      lan: options.lan === false ? false : { ...(options.lan ?? {}), serviceName: lanServiceName(membership.workspaceId!) },
      ...(dht ? { dht } : {}),
      log,
    });
    transports.set(epoch, { transport, dht });
    transport.onConnection(onConnection);
    await transport.start();
    transport.setPeers(peerKeys());
  };

  const reconcile = async (): Promise<void> => {
    if (closed) return;
    const wanted = new Set(epochsToServe());
    for (const epoch of wanted) if (!transports.has(epoch)) await open(epoch);
    for (const [epoch, t] of [...transports]) {
      if (wanted.has(epoch)) continue;
      transports.delete(epoch);
      await t.transport.close();
      await t.dht?.destroy();
    }
    const keys = peerKeys();
    for (const { transport } of transports.values()) {
      transport.refreshAllowlist();
      transport.setPeers(keys);
    }
    for (const l of [...listeners]) l();
  };

  return {
    start: reconcile,
    async update() {
      if (membership.needsRotation()) await membership.rotate();
      await reconcile();
    },
    reachability() {
      let best: Reachability = 'offline';
      for (const { transport } of transports.values()) {
        const r = transport.reachability();
        if (r === 'online') return r;
        if (r === 'lan_only') best = r;
      }
      return best;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      const all = [...transports.values()];
      transports.clear();
      await Promise.all(all.map(async (t) => {
        await t.transport.close().catch(() => undefined);
        await t.dht?.destroy().catch(() => undefined);
      }));
    },
  };
}
