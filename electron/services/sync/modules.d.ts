/**
 * The few parts of the Holepunch packages Kindred uses, typed by hand (they ship no types).
 * Keep these narrow: only what the sync code calls.
 */

declare module 'hyperdht' {
  import type { EventEmitter } from 'node:events';
  interface KeyPair {
    publicKey: Buffer;
    secretKey: Buffer;
  }
  class DHT extends EventEmitter {
    constructor(opts?: { bootstrap?: Array<string | { host: string; port: number }>; host?: string; port?: number; ephemeral?: boolean; keyPair?: KeyPair });
    static keyPair(seed?: Uint8Array): KeyPair;
    readonly destroyed: boolean;
    readonly online: boolean;
    readonly firewalled: boolean;
    ready(): Promise<void>;
    destroy(opts?: { force?: boolean }): Promise<void>;
  }
  export = DHT;
}

declare module 'hyperdht/testnet.js' {
  import type DHT from 'hyperdht';
  interface Testnet {
    nodes: DHT[];
    bootstrap: Array<{ host: string; port: number }>;
    createNode(opts?: Record<string, unknown>): DHT;
    destroy(): Promise<void>;
  }
  function createTestnet(size?: number, opts?: { host?: string; port?: number; teardown?: unknown }): Promise<Testnet>;
  export = createTestnet;
}

declare module 'hyperswarm' {
  import type { EventEmitter } from 'node:events';
  import type DHT from 'hyperdht';
  import type NoiseSecretStream from '@hyperswarm/secret-stream';
  interface PeerInfo {
    publicKey: Buffer;
    banned: boolean;
    ban(status?: boolean): void;
  }
  class Hyperswarm extends EventEmitter {
    constructor(opts?: {
      keyPair?: { publicKey: Uint8Array; secretKey: Uint8Array };
      seed?: Uint8Array;
      dht?: DHT;
      bootstrap?: Array<string | { host: string; port: number }>;
      maxPeers?: number;
      firewall?: (remotePublicKey: Buffer) => boolean;
    });
    static keyPair(seed?: Uint8Array): { publicKey: Buffer; secretKey: Buffer };
    readonly keyPair: { publicKey: Buffer; secretKey: Buffer };
    readonly dht: DHT;
    readonly connections: Set<NoiseSecretStream>;
    readonly peers: Map<string, PeerInfo>;
    readonly destroyed: boolean;
    listen(): Promise<void>;
    flush(): Promise<void>;
    joinPeer(publicKey: Uint8Array): void;
    leavePeer(publicKey: Uint8Array): void;
    join(topic: Uint8Array, opts?: { server?: boolean; client?: boolean }): { flushed(): Promise<void>; destroy(): Promise<void> };
    leave(topic: Uint8Array): Promise<void>;
    suspend(): Promise<void>;
    resume(): Promise<void>;
    destroy(opts?: { force?: boolean }): Promise<void>;
    on(event: 'connection', listener: (socket: NoiseSecretStream, info: PeerInfo) => void): this;
    on(event: 'ban', listener: (info: PeerInfo, err: Error) => void): this;
    on(event: 'update', listener: () => void): this;
  }
  export = Hyperswarm;
}

declare module '@hyperswarm/secret-stream' {
  import { Duplex } from 'node:stream';
  class NoiseSecretStream extends Duplex {
    constructor(
      isInitiator: boolean,
      rawStream?: Duplex | null,
      opts?: { pattern?: string; remotePublicKey?: Uint8Array; keyPair?: { publicKey: Uint8Array; secretKey: Uint8Array } },
    );
    static keyPair(seed?: Uint8Array): { publicKey: Buffer; secretKey: Buffer };
    readonly isInitiator: boolean;
    readonly publicKey: Buffer;
    readonly remotePublicKey: Buffer;
    readonly handshakeHash: Buffer;
    readonly rawStream: Duplex;
    opened: Promise<boolean>;
    userData: unknown;
    setKeepAlive(ms: number): void;
    setTimeout(ms: number): void;
  }
  export = NoiseSecretStream;
}

declare module 'protomux' {
  import type { Duplex } from 'node:stream';
  interface Encoding<T> {
    preencode(state: unknown, value: T): void;
    encode(state: unknown, value: T): void;
    decode(state: unknown): T;
  }
  interface Message<T> {
    send(value: T): boolean;
    onmessage: ((value: T, channel: Channel) => void) | null;
  }
  interface Channel {
    readonly opened: boolean;
    readonly closed: boolean;
    readonly fullyOpened: () => Promise<boolean>;
    userData: unknown;
    addMessage<T>(opts: { encoding: Encoding<T>; onmessage?: (value: T, channel: Channel) => void }): Message<T>;
    open(handshake?: unknown): void;
    close(): void;
    cork(): void;
    uncork(): void;
  }
  class Protomux {
    constructor(stream: Duplex, opts?: Record<string, unknown>);
    static from(stream: Duplex, opts?: Record<string, unknown>): Protomux;
    readonly stream: Duplex;
    createChannel<H = unknown>(opts: {
      protocol: string;
      id?: Uint8Array | null;
      unique?: boolean;
      handshake?: Encoding<H>;
      messages?: Array<{ encoding: Encoding<unknown>; onmessage?: (value: never, channel: Channel) => void }>;
      onopen?: (handshake: H, channel: Channel) => void | Promise<void>;
      onclose?: (isRemote: boolean, channel: Channel) => void;
      ondestroy?: (channel: Channel) => void;
      ondrain?: (channel: Channel) => void;
    }): Channel | null;
    pair(opts: { protocol: string; id?: Uint8Array | null }, notify: (id: Uint8Array | null) => void): void;
    unpair(opts: { protocol: string; id?: Uint8Array | null }): void;
    cork(): void;
    uncork(): void;
    isIdle(): boolean;
    destroy(err?: Error): void;
  }
  export = Protomux;
}
