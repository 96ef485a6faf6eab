/**
 * One device's presence on the network under one Noise key: the internet path (swarmPath) and
 * the LAN path (lanLink + lanDiscovery) feeding one connection table, filtered by `allowed`.
 */
import type DHT from 'hyperdht';
import type { Connection, PeerTransport, TransportOptions } from '../types';
import { createConnectionTable } from './connectionTable';
import { checkKey, fromHex, toHex } from './keys';
import { checkServiceName, createLanDiscovery, openMulticastDns, type LanDiscovery, type MdnsSocket } from './lanDiscovery';
import { createLanLink } from './lanLink';
import { createSwarmPath } from './swarmPath';

export const DEFAULT_REDIAL_MS = 30_000;
/** Used when `lan` is omitted: devices of other journals then share the name (and are refused). */
export const DEFAULT_SERVICE_NAME = 'kindred';

export interface TransportExtras {
  /** A DHT node to use (tests: `testnet.createNode()`); Hyperswarm destroys it on close. */
  dht?: DHT;
  /** While a peer given to setPeers is not connected, dial it again this often (default 30 s). */
  redialMs?: number;
  /** How long a same-dialler duplicate waits on standby (default 2 s; see connectionTable). */
  standbyMs?: number;
  /** Replaces the mDNS socket; only for machines where multicast is impossible. */
  mdnsSocket?: () => MdnsSocket;
}

export interface KindredPeerTransport extends PeerTransport {
  /** The machine woke up or the network changed: dial every wanted, unconnected peer now. */
  resume(): void;
  /** Where the LAN server listens (null before start, or with `lan: false`). */
  lanAddress(): { host: string; port: number } | null;
}

export function createPeerTransport(opts: TransportOptions & TransportExtras): KindredPeerTransport {
  checkKey(opts.keyPair.publicKey, 'keyPair.publicKey');
  const log = opts.log ?? (() => {});
  const lan = opts.lan === false ? null : (opts.lan ?? { serviceName: DEFAULT_SERVICE_NAME });
  if (lan) checkServiceName(lan.serviceName);
  const localHex = toHex(opts.keyPair.publicKey);
  const redialMs = opts.redialMs ?? DEFAULT_REDIAL_MS;
  const allowed = (hex: string): boolean => hex !== localHex && opts.allowed(hex);

  const listeners = new Set<(connection: Connection) => void>();
  const table = createConnectionTable({ localKey: opts.keyPair.publicKey, log, standbyMs: opts.standbyMs });
  const swarm =
    opts.bootstrap && opts.bootstrap.length === 0
      ? null
      : createSwarmPath({
          keyPair: opts.keyPair,
          allowed,
          bootstrap: opts.bootstrap,
          dht: opts.dht,
          log,
          onStream: (stream) => table.offer(stream, 'internet'),
        });
  const link = lan ? createLanLink({ keyPair: opts.keyPair, allowed, log, onStream: (stream) => table.offer(stream, 'lan') }) : null;
  let discovery: LanDiscovery | null = null;
  const lanPeers = new Map<string, { host: string; port: number }>();

  let wanted = new Set<string>();
  let starting: Promise<void> | null = null;
  // Each path dials once it is up: the LAN as soon as its server listens, the internet only
  // after our own announce has flushed (see start()).
  let lanReady = false;
  let swarmReady = false;
  let closing: Promise<void> | null = null;
  let redialTimer: NodeJS.Timeout | null = null;
  const soonTimers = new Set<NodeJS.Timeout>();

  function connectKey(hex: string): void {
    if (closing || table.connected(hex) || !allowed(hex)) return;
    if (swarmReady && swarm) {
      swarm.unban(hex);
      swarm.join(hex);
    }
    const address = lanPeers.get(hex);
    if (lanReady && link && address && !link.dialling(hex)) link.dial(address.host, address.port, hex);
    discovery?.queryNow();
  }

  function redialSoon(hex: string): void {
    const timer = setTimeout(() => {
      soonTimers.delete(timer);
      if (wanted.has(hex)) connectKey(hex);
    }, 500 + Math.random() * 1000);
    timer.unref();
    soonTimers.add(timer);
  }

  table.onLive((connection, hex) => {
    // Connected on the LAN: stop Hyperswarm's own retries so it does not open a second link.
    if (connection.via === 'lan') swarm?.leave(hex);
    for (const listener of listeners) listener(connection);
  });
  table.onLost((hex) => {
    if (wanted.has(hex)) redialSoon(hex);
  });

  async function start(): Promise<void> {
    const tasks: Array<Promise<void>> = [];
    if (link && lan) {
      const host = lan.host ?? '0.0.0.0';
      tasks.push(
        link.listen(host).then(
          () => {
            if (closing) return;
            discovery = createLanDiscovery({
              serviceName: lan.serviceName,
              publicKeyHex: localHex,
              announce: () => link.address(),
              socket: opts.mdnsSocket ? opts.mdnsSocket() : openMulticastDns(lan.multicast),
              log,
              onPeer: (peer) => {
                lanPeers.set(peer.keyHex, { host: peer.host, port: peer.port });
                if (wanted.has(peer.keyHex) && !table.connected(peer.keyHex) && allowed(peer.keyHex) && !link.dialling(peer.keyHex)) {
                  link.dial(peer.host, peer.port, peer.keyHex);
                }
              },
            });
            discovery.start();
            lanReady = true;
            for (const hex of wanted) connectKey(hex);
          },
          (err: Error) => {
            throw new Error(`Could not start the local-network server on ${host}: ${err.message}`);
          },
        ),
      );
    }
    // Announce before dialling: two devices that dial each other before either has announced
    // miss, and Hyperswarm's next try comes ~5 s later (measured 7–8 s instead of ~10 ms).
    let swarmStarted: Promise<void> | null = null;
    if (swarm) {
      swarmStarted = swarm.start().then(
        () => {
          if (closing) return;
          swarmReady = true;
          for (const hex of wanted) connectKey(hex);
        },
        (err: Error) => {
          if (!closing) throw new Error(`Could not announce this device on the DHT: ${err.message}`);
        },
      );
    }
    // With the LAN up, start() does not wait for the DHT: without internet the announce only
    // gives up after the bootstrap timeout, and the LAN should not wait for that.
    if (swarmStarted && tasks.length > 0) {
      swarmStarted.catch((err: Error) => log(`transport: ${err.message}`));
    } else if (swarmStarted) {
      tasks.push(swarmStarted);
    }
    redialTimer = setInterval(() => {
      for (const hex of wanted) connectKey(hex);
    }, redialMs);
    redialTimer.unref();
    await Promise.all(tasks);
  }

  return {
    start() {
      if (closing) return Promise.reject(new Error('This transport is closed.'));
      starting ??= start();
      return starting;
    },
    setPeers(keys) {
      const next = new Set(keys.map((hex) => toHex(fromHex(hex)))); // validates every key first
      next.delete(localHex);
      for (const hex of wanted) if (!next.has(hex)) swarm?.leave(hex);
      const added = [...next].filter((hex) => !wanted.has(hex));
      wanted = next;
      for (const hex of added) connectKey(hex);
    },
    refreshAllowlist() {
      table.destroyWhere((hex) => !allowed(hex), 'it is no longer one of this journal\'s devices');
      if (swarm) for (const hex of swarm.bannedKeys()) if (allowed(hex)) swarm.unban(hex);
      for (const hex of wanted) {
        if (allowed(hex)) connectKey(hex);
        else swarm?.leave(hex);
      }
    },
    onConnection(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reachability() {
      if (closing) return 'offline';
      if (swarm?.online()) return 'online';
      return link?.address() ? 'lan_only' : 'offline';
    },
    resume() {
      for (const hex of wanted) connectKey(hex);
      discovery?.queryNow();
    },
    lanAddress: () => link?.address() ?? null,
    close() {
      closing ??= (async () => {
        if (redialTimer) clearInterval(redialTimer);
        for (const timer of soonTimers) clearTimeout(timer);
        // Destroy the swarm first: an announce still in flight then ends instead of hanging.
        const swarmClosed = swarm?.close();
        await starting?.catch(() => {});
        await table.closeAll();
        await Promise.all([discovery?.close(), link?.close(), swarmClosed]);
      })();
      return closing;
    },
  };
}
