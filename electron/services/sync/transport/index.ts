/**
 * Sync transport: where encrypted, authenticated peer streams come from.
 *
 * What each network needs
 * - Internet (Hyperswarm/HyperDHT): outgoing UDP to the DHT bootstrap nodes (Holepunch's three
 *   public ones unless `bootstrap` says otherwise; they see our IP and hashed-key lookups, never
 *   content) and UDP hole-punching between the two devices; no inbound port needs opening. On
 *   networks that block UDP (some corporate/guest Wi-Fi) this path finds nobody.
 * - Local network: multicast DNS (UDP 5353 to 224.0.0.251) to find the other devices, and one
 *   TCP port (chosen by the OS) that they connect to. The OS firewall may ask once whether Kindred
 *   may "accept incoming network connections" (macOS) or use "private networks" (Windows):
 *   allowing it is what lets two devices sync on a LAN without the internet.
 * - Everything is Noise-encrypted (@hyperswarm/secret-stream); a device whose key is not in the
 *   allowlist is refused in the handshake, before a single application byte.
 *
 * Exports
 * - createPeerTransport(opts): one device's presence under its network key. Dials the keys given
 *   to setPeers (both paths), admits only `allowed` keys, keeps one connection per peer.
 * - createDialOnce(opts): pairing's dialling side — one stream to one key, or a plain-words error.
 *   Pairing's listening side is createPeerTransport with `allowed: () => true` (the pairing code,
 *   checked above this layer, decides admission) and no setPeers.
 */
export { createPeerTransport, DEFAULT_REDIAL_MS, DEFAULT_SERVICE_NAME } from './peerTransport';
export type { KindredPeerTransport, TransportExtras } from './peerTransport';
export { createDialOnce } from './dialOnce';
export type { DialOnceOptions } from './dialOnce';
export type { MdnsSocket } from './lanDiscovery';
