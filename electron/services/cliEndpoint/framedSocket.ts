/**
 * A stream socket (Unix socket, Windows pipe) as the MessagePortLike the store's RPC already runs
 * over (electron/services/store/port/rpc.ts), so the running app serves its store to `kindred`
 * with the very protocol its own journal process uses. Each message is one frame: a 4-byte
 * big-endian length, then the message in V8's structured-clone encoding (what fork IPC with
 * `serialization: 'advanced'` uses: Uint8Array crosses intact). A frame over the size limit or one
 * that does not decode closes the connection: a misbehaving peer never reaches the store.
 */
import type { Socket } from 'node:net';
import { deserialize, serialize } from 'node:v8';
import type { MessagePortLike } from '../store/port/rpc';

const HEADER = 4;

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

export function encodeFrame(payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER + payload.byteLength);
  out.writeUInt32BE(payload.byteLength, 0);
  out.set(payload, HEADER);
  return out;
}

/**
 * Splits a byte stream into frames. `push` returns the complete frames so far, or throws
 * FrameError when a header announces more than `maxFrameBytes` (checked before buffering it).
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.buffered < HEADER) return frames;
      const head = this.peek(HEADER);
      const length = head.readUInt32BE(0);
      if (length > this.maxFrameBytes) throw new FrameError(`a frame of ${length} bytes (the limit is ${this.maxFrameBytes})`);
      if (this.buffered < HEADER + length) return frames;
      const whole = this.take(HEADER + length);
      frames.push(whole.subarray(HEADER));
    }
  }

  /** The bytes of a partial frame still held, handed over to another reader. */
  drain(): Buffer {
    const all = Buffer.concat(this.chunks);
    this.chunks = [];
    this.buffered = 0;
    return all;
  }

  private peek(n: number): Buffer {
    if ((this.chunks[0] as Buffer).length < n) this.chunks = [Buffer.concat(this.chunks)];
    return (this.chunks[0] as Buffer).subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    const out = Buffer.from(all.subarray(0, n)); // a copy: the rest of the buffer may be large
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }
}

export interface SocketPortOptions {
  /** Largest frame accepted from the peer. */
  maxFrameBytes: number;
  /** Frames that arrived with the handshake, before the port took over. */
  pending?: Buffer[];
  /** The reader that already holds any partial frame after the handshake. */
  reader?: FrameReader;
  /** Hears why the connection was dropped (a bad frame), for tests and logs. */
  onProtocolError?: (err: Error) => void;
}

/**
 * The socket as a port. Messages are V8-serialized; anything undecodable or oversized destroys
 * the socket. `onClose` fires once when the socket is gone, for whatever reason.
 */
export function socketPort(socket: Socket, options: SocketPortOptions): MessagePortLike {
  const reader = options.reader ?? new FrameReader(options.maxFrameBytes);
  const listeners = new Set<(msg: unknown) => void>();
  const closeListeners = new Set<() => void>();
  let closed = false;
  const queue: unknown[] = [];

  const fail = (err: Error): void => {
    options.onProtocolError?.(err);
    socket.destroy();
  };
  const deliver = (frame: Buffer): boolean => {
    let msg: unknown;
    try {
      msg = deserialize(frame);
    } catch {
      fail(new FrameError('a frame that is not a message'));
      return false;
    }
    if (listeners.size === 0) queue.push(msg);
    for (const cb of [...listeners]) cb(msg);
    return true;
  };
  for (const frame of options.pending ?? []) if (!deliver(frame)) break;
  socket.on('data', (chunk: Buffer) => {
    if (closed) return;
    let frames: Buffer[];
    try {
      frames = reader.push(chunk);
    } catch (err) {
      fail(err as Error);
      return;
    }
    for (const frame of frames) if (!deliver(frame)) return;
  });
  socket.on('error', () => undefined); // 'close' follows; the RPC reports the disconnect
  socket.once('close', () => {
    closed = true;
    for (const cb of [...closeListeners]) cb();
    closeListeners.clear();
    listeners.clear();
  });

  return {
    postMessage(msg) {
      if (closed || socket.destroyed) throw new Error('the connection is closed');
      socket.write(encodeFrame(serialize(msg)));
    },
    onMessage(cb) {
      listeners.add(cb);
      // Messages that arrived before anyone listened (right after the handshake).
      for (const msg of queue.splice(0)) cb(msg);
      return () => listeners.delete(cb);
    },
    onClose(cb) {
      if (closed) {
        queueMicrotask(cb);
        return () => undefined;
      }
      closeListeners.add(cb);
      return () => closeListeners.delete(cb);
    },
  };
}
