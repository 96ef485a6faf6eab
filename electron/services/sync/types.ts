/**
 * Peer-to-peer sync between the user's own devices: the seams between its parts.
 *
 *   SyncService (syncService.ts)            status, pairing, removal; one session per peer
 *     ├─ trust/      identity keys, the signed membership log, invites, CPace short codes
 *     ├─ transport/  Hyperswarm (DHT, dial known keys) and LAN (mDNS + TCP), both giving
 *     │              Noise-encrypted secret streams filtered by the allowlist
 *     └─ protocol/   `kindred/sync/1`: one protomux channel per connection, cursor-based
 *                    exchange of the store's change log, then live changes
 *
 * Plain Node (no 'electron'): in Electron it runs in the store's utilityProcess, in the web host
 * in-process. Everything here stands on the JournalStore; nothing opens a Y.Doc to decide what
 * to send.
 */
import type { Duplex } from 'node:stream';

/** 32-byte public keys travel as Uint8Array; ids shown to users are derived from them. */
export type PublicKey = Uint8Array;

export interface NoiseKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/**
 * An encrypted, authenticated connection (a @hyperswarm/secret-stream NoiseSecretStream, from
 * Hyperswarm or from the LAN path). `remotePublicKey` is the peer's Noise (network) key;
 * `handshakeHash` binds signatures and PAKE runs to this one session.
 */
export interface PeerStream extends Duplex {
  readonly remotePublicKey: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly handshakeHash: Uint8Array;
  readonly isInitiator: boolean;
}

// ---------------------------------------------------------------------------------------------
// Protocol (protocol/): what a session needs from the rest.

/** What we say about ourselves when a sync channel opens. */
export interface LocalHello {
  workspaceId: Uint8Array; // 32 bytes
  identityKey: PublicKey; // Ed25519, 32 bytes
  /** Ed25519 signature by the identity key over handshakeHash ‖ workspaceId ‖ "kindred-sync-v1". */
  signature: Uint8Array; // 64 bytes
}

export type Admission = { ok: true; deviceId: string } | { ok: false; reason: string };

export type MembershipVerdict =
  | { kind: 'ok' }
  /** The peer is (now known to be) removed: send bye('removed') and close. */
  | { kind: 'peer_removed' }
  /** This device has been removed by `byName`: close every session, stop syncing. */
  | { kind: 'self_removed'; byName: string; at: number }
  /** An entry did not verify: drop the peer with this reason; nothing was merged. */
  | { kind: 'invalid'; reason: string };

/** The trust layer as a session sees it (implemented in trust/sessionTrust.ts). */
export interface SessionTrust {
  hello(handshakeHash: Uint8Array): LocalHello;
  /** Checks the peer's hello against the membership log and the stream's Noise key. */
  admit(hello: LocalHello, handshakeHash: Uint8Array, remoteNoiseKey: Uint8Array): Admission;
  /** Every signed membership entry, encoded (the log is small: a few entries per device). */
  membershipEntries(): Uint8Array[];
  /** Verifies and merges entries a peer sent (idempotent; remove wins). */
  acceptMembership(entries: readonly Uint8Array[], fromDeviceId: string): Promise<MembershipVerdict>;
  /**
   * The log grew (a pairing, a removal, a rename, a rotated network key): open sessions send
   * their peer the entries again (`members` may be sent at any time, not only at the start).
   */
  onMembershipChange(listener: () => void): () => void;
}

/** Per-peer cursors into the peer's change log, kept in the store's local space. */
export interface CursorBook {
  get(deviceId: string): Promise<{ logId: string; seq: number } | null>;
  /** Only after everything up to `seq` is durably stored here. */
  set(deviceId: string, cursor: { logId: string; seq: number }): Promise<void>;
  delete(deviceId: string): Promise<void>;
}

export type SessionPhase = 'opening' | 'catching_up' | 'up_to_date';

export interface SessionProgress {
  phase: SessionPhase;
  /** Docs listed by either side that are not exchanged yet. */
  pending: number;
  /** Both sides have acknowledged everything listed so far and nothing local is unsent. */
  upToDate: boolean;
}

export type ByeReason = 'removed' | 'version' | 'protocol_error' | 'shutting_down' | 'not_member' | 'duplicate';

export interface SessionEnd {
  /** Why the session ended (a peer's bye, our own refusal, or the stream closing). */
  reason: ByeReason | 'closed';
  /** Human-readable detail for the log, naming the peer's fingerprint where known. */
  detail: string;
  /** Set when the peer told us it runs a newer protocol. */
  peerVersion?: number;
}

export interface SyncSession {
  /** The authenticated peer, once admitted. */
  readonly deviceId: string | null;
  readonly ended: Promise<SessionEnd>;
  /** Says bye with the reason and destroys the stream. */
  close(reason: ByeReason): void;
}

export interface SessionOptions {
  stream: PeerStream;
  store: import('../store/types').JournalStore;
  cursors: CursorBook;
  trust: SessionTrust;
  onAdmitted?(deviceId: string): void;
  onProgress?(progress: SessionProgress): void;
  log?(line: string): void;
  /** Live changes are batched for this long (default 50 ms). */
  liveDebounceMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Transport (transport/): where streams come from.

export interface DhtBootstrapNode {
  host: string;
  port: number;
}

export interface TransportOptions {
  /** This device's current Noise key pair (the network key of its epoch). */
  keyPair: NoiseKeyPair;
  /** Noise keys admitted (hex); checked in the handshake, before any app byte. */
  allowed(remoteNoiseKeyHex: string): boolean;
  /** DHT bootstrap; undefined = Hyperswarm's public defaults; [] = no DHT (LAN only). */
  bootstrap?: DhtBootstrapNode[];
  /** LAN discovery; omitted = on with real multicast. */
  lan?: LanOptions | false;
  log?(line: string): void;
}

export interface LanOptions {
  /** Interface address to bind and announce (tests: 127.0.0.1). */
  host?: string;
  /** Service instance name both sides derive from the workspace (not secret, not guessable). */
  serviceName: string;
  /** Multicast port/interface for tests; defaults to 5353 on every interface. */
  multicast?: { port?: number; interface?: string; ip?: string };
}

export interface Connection {
  stream: PeerStream;
  via: 'internet' | 'lan';
}

/** One device's presence on the network under its current key. */
export interface PeerTransport {
  start(): Promise<void>;
  /** Dial these Noise keys (and keep re-dialling while they are unreachable). */
  setPeers(noiseKeysHex: readonly string[]): void;
  /** Re-reads `allowed`, closes live connections it no longer admits and bans them. */
  refreshAllowlist(): void;
  onConnection(listener: (connection: Connection) => void): () => void;
  /** Network state in plain terms, for status texts. */
  reachability(): 'online' | 'lan_only' | 'offline';
  close(): Promise<void>;
}
