/**
 * The framing of `kindred/pair/1` (a type byte, then prefix-free fields, each message capped) and
 * PairLink: one pairing channel as a queue of incoming frames with a deadline on every wait.
 */
import * as c from 'compact-encoding';
import Protomux from 'protomux';
import type { PeerStream } from '../types';
import { concatBytes, utf8 } from './bytes';
import { parsePrefixFree, prefixFreeCat } from './cpace';

export const PAIR_PROTOCOL = 'kindred/pair/1';
export const SMALL_MESSAGE_MAX = 8 * 1024;
export const WELCOME_MAX = 4 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 60_000;

export const T = { hello: 1, share: 2, confirm: 3, accept: 4, request: 5, welcome: 6, done: 7, error: 8 } as const;
type MessageType = (typeof T)[keyof typeof T];

export type PairingErrorCode = 'wrong_code' | 'expired' | 'used_up' | 'cancelled' | 'refused' | 'protocol' | 'timeout' | 'closed';

export class PairingError extends Error {
  override name = 'PairingError';
  constructor(
    readonly code: PairingErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const MESSAGES: Record<PairingErrorCode, string> = {
  wrong_code: "The code didn't match. Check it on the other device and try again.",
  expired: 'That invite has expired. Make a new one on the other device.',
  used_up: 'That invite was already used. Make a new one on the other device.',
  cancelled: 'Pairing was cancelled on the other device.',
  refused: 'The other device refused the pairing.',
  protocol: 'The other device sent something unexpected; pairing stopped.',
  timeout: 'The other device stopped answering; pairing stopped.',
  closed: 'The connection closed before pairing finished.',
};

export function frame(type: MessageType, ...fields: Uint8Array[]): Uint8Array {
  return concatBytes(new Uint8Array([type]), prefixFreeCat(...fields));
}

export function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

export function readU32(bytes: Uint8Array): number {
  if (bytes.length !== 4) throw new PairingError('protocol', MESSAGES.protocol);
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
}

const text = new TextDecoder('utf-8', { fatal: true });

/** One pairing channel as a queue of incoming frames, with a deadline for each wait. */
export class PairLink {
  private readonly queue: Uint8Array[] = [];
  private waiter: { resolve(frame: Uint8Array): void; reject(error: Error): void } | null = null;
  private ended: PairingError | null = null;
  private rejectOpen: (error: Error) => void = () => undefined;
  private readonly channel;
  private readonly message;
  readonly opened: Promise<void>;

  constructor(
    stream: PeerStream,
    private readonly timeoutMs: number,
  ) {
    const mux = Protomux.from(stream);
    let markOpen: () => void = () => undefined;
    this.opened = new Promise((resolve, reject) => {
      markOpen = resolve;
      this.rejectOpen = reject;
    });
    this.opened.catch(() => undefined); // observed through waitOpen()
    const channel = mux.createChannel({
      protocol: PAIR_PROTOCOL,
      unique: true,
      onopen: () => markOpen(),
      onclose: () => this.end(new PairingError('closed', MESSAGES.closed)),
    });
    if (!channel) throw new PairingError('protocol', 'A pairing is already running on this connection.');
    this.channel = channel;
    this.message = channel.addMessage<Uint8Array>({ encoding: c.raw, onmessage: (bytes) => this.push(bytes) });
    channel.open();
  }

  private push(bytes: Uint8Array): void {
    if (this.ended) return;
    if (!(bytes instanceof Uint8Array) || bytes.length > WELCOME_MAX) {
      this.end(new PairingError('protocol', MESSAGES.protocol));
      return;
    }
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter.resolve(bytes);
    } else this.queue.push(bytes);
  }

  private end(error: PairingError): void {
    if (this.ended) return;
    this.ended = error;
    this.rejectOpen(error);
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter.reject(error);
    }
  }

  send(bytes: Uint8Array): void {
    if (!this.ended) this.message.send(bytes);
  }

  /** Sends an error frame and closes: the other side learns why in plain words. */
  abort(code: PairingErrorCode, message: string): void {
    if (this.ended) return;
    this.send(frame(T.error, utf8(code), utf8(message)));
    this.close();
  }

  close(): void {
    this.end(new PairingError('closed', MESSAGES.closed));
    this.channel.close();
  }

  /** The next frame of `type` with exactly `count` fields (an error frame throws its message). */
  async expect(type: MessageType, count: number | undefined, max = SMALL_MESSAGE_MAX): Promise<Uint8Array[]> {
    const bytes = await this.next();
    if (bytes.length === 0) throw new PairingError('protocol', MESSAGES.protocol);
    if (bytes[0] === T.error) {
      const [code, message] = parseFields(bytes, 2);
      const known = decodeText(code!) as PairingErrorCode;
      throw new PairingError(known in MESSAGES ? known : 'refused', decodeText(message!).slice(0, 300) || MESSAGES.refused);
    }
    if (bytes[0] !== type || bytes.length > max) throw new PairingError('protocol', MESSAGES.protocol);
    return parseFields(bytes, count);
  }

  private next(): Promise<Uint8Array> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new PairingError('timeout', MESSAGES.timeout));
      }, this.timeoutMs);
      this.waiter = {
        resolve: (frameBytes) => {
          clearTimeout(timer);
          resolve(frameBytes);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  async waitOpen(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PairingError('timeout', MESSAGES.timeout)), this.timeoutMs);
    });
    try {
      await Promise.race([this.opened, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export function decodeText(bytes: Uint8Array): string {
  try {
    return text.decode(bytes);
  } catch {
    throw new PairingError('protocol', MESSAGES.protocol);
  }
}

function parseFields(bytes: Uint8Array, count: number | undefined): Uint8Array[] {
  try {
    return parsePrefixFree(bytes.subarray(1), count);
  } catch {
    throw new PairingError('protocol', MESSAGES.protocol);
  }
}

