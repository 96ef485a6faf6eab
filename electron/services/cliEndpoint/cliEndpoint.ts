/**
 * The running app's door for the `kindred` command line (issue 13: "When the app is running it
 * talks to the running app's store"). The process that holds the journal's store (Electron's
 * journal process, the web host) listens on a local socket (see endpointFiles.ts) and serves the
 * store with the existing store RPC (store/port/storeOverPort.ts) over length-prefixed frames, so
 * every command runs unchanged against the live store and its writes reach open windows.
 *
 * Who may connect: only this OS user (socket 0600 in the journal's folder or a private 0700
 * folder; on Windows the pipe's default ACL) and only with the token the host wrote into the
 * journal's folder (compared in constant time): a second line of defence. A client that sends a
 * bad frame, an oversized one, a message that is not a store call, or an unknown method loses its
 * connection; the host and other clients carry on. Closing a connection never closes the store.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { chmod, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { MAX_UPDATE_BYTES } from '../store/layout';
import type { MessagePortLike } from '../store/port/rpc';
import { serveStoreOverPort, type StoreMethods } from '../store/port/storeOverPort';
import type { JournalStore } from '../store/types';
import {
  endpointAddress, isSocketFile, POINTER_FILE, preparePrivateFolder, TOKEN_FILE, writePointer, writeToken,
} from './endpointFiles';
import { encodeFrame, FrameError, FrameReader, socketPort } from './framedSocket';

/** The client's first frame: `HELLO_PREFIX + token` as UTF-8. The answer: OK or REFUSED. */
export const HELLO_PREFIX = 'KINDRED-CLI 1 ';
export const HELLO_OK = 'OK';
export const HELLO_REFUSED = 'REFUSED';
const HELLO_MAX_BYTES = 256;
/** A client must introduce itself this fast, or it is dropped (it holds a slot otherwise). */
const HELLO_TIMEOUT_MS = 5000;
/** An update may be up to MAX_UPDATE_BYTES; the rest of a call is small. */
const MAX_CLIENT_FRAME_BYTES = MAX_UPDATE_BYTES + 1024 * 1024;
const MAX_CLIENTS = 8;

/**
 * The journal's docs, read and written (writes are validated CRDT updates, as from any window);
 * the app's local key spaces (its indexes, sync cursors) only read: no command writes them, and a
 * command must not be able to break the app's own bookkeeping.
 */
const METHODS: ReadonlySet<string> = new Set<keyof StoreMethods>([
  'info', 'head', 'applyUpdate', 'getUpdate', 'stateVector', 'diff', 'seqOf', 'changesSince', 'damaged',
  'spaceGet', 'spaceEntries', 'close',
]);
const EVENTS: ReadonlySet<string> = new Set(['change', 'health']);

export interface CliEndpointOptions {
  dataDir: string;
  store: JournalStore;
  platform?: NodeJS.Platform;
  /** Where a too-long socket path goes instead (tests); the OS temp folder by default. */
  tmpDir?: string;
  /** Hears each dropped connection and why (tests, logs). */
  onClientError?: (err: Error) => void;
}

export interface CliEndpoint {
  address: string;
  /** Connections open now. */
  clients(): number;
  /** Stops listening, drops every client, removes the socket, pointer and token files. */
  close(): Promise<void>;
}

export async function startCliEndpoint(options: CliEndpointOptions): Promise<CliEndpoint> {
  const { dataDir, store } = options;
  const platform = options.platform ?? process.platform;
  const address = endpointAddress(dataDir, platform, options.tmpDir);
  const socketFile = isSocketFile(address);
  if (socketFile) await preparePrivateFolder(address, dataDir);
  const token = await writeToken(dataDir);
  const expected = digest(token);
  // Each connection gets the store with `close` made harmless: `kindred` closing "its" store
  // ends its connection, never the app's store.
  const served = keepOpen(store);
  const sockets = new Set<Socket>();

  const server = createServer((socket) => {
    if (sockets.size >= MAX_CLIENTS) {
      socket.end(encodeFrame(Buffer.from(`${HELLO_REFUSED} busy`)));
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    greet(socket, expected, served, options.onClientError);
  });
  server.maxConnections = MAX_CLIENTS * 2;
  await listenReplacingStale(server, address, socketFile);
  if (socketFile) await chmod(address, 0o600).catch(() => undefined);
  await writePointer(dataDir, address);

  let closing: Promise<void> | null = null;
  return {
    address,
    clients: () => sockets.size,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const s of sockets) s.destroy();
        await closed;
        await rm(path.join(dataDir, POINTER_FILE), { force: true }).catch(() => undefined);
        await rm(path.join(dataDir, TOKEN_FILE), { force: true }).catch(() => undefined);
        if (socketFile) await rm(address, { force: true }).catch(() => undefined);
      })();
      return closing;
    },
  };
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The handshake, then the store RPC, for one connection. */
function greet(socket: Socket, expected: Buffer, store: JournalStore, onError: CliEndpointOptions['onClientError']): void {
  const drop = (err: Error): void => {
    onError?.(err);
    socket.destroy();
  };
  socket.on('error', () => undefined);
  const timer = setTimeout(() => drop(new Error('no introduction in time')), HELLO_TIMEOUT_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  const reader = new FrameReader(HELLO_MAX_BYTES);
  const onHello = (chunk: Buffer): void => {
    let frames: Buffer[];
    try {
      frames = reader.push(chunk);
    } catch (err) {
      drop(err as Error);
      return;
    }
    if (frames.length === 0) return;
    socket.off('data', onHello);
    clearTimeout(timer);
    const hello = (frames[0] as Buffer).toString('utf8');
    const token = hello.startsWith(HELLO_PREFIX) ? hello.slice(HELLO_PREFIX.length) : '';
    // Both sides hashed: equal lengths, so the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(digest(token), expected)) {
      onError?.(new Error('wrong token'));
      socket.end(encodeFrame(Buffer.from(HELLO_REFUSED)));
      return;
    }
    socket.write(encodeFrame(Buffer.from(HELLO_OK)));
    // Frames sent right behind the hello were read with the hello's small limit: hand them on.
    const rest = frames.slice(1);
    const stream = new FrameReader(MAX_CLIENT_FRAME_BYTES);
    const leftover = reader.drain();
    const more = leftover.length > 0 ? safePush(stream, leftover, drop) : [];
    if (more === null) return;
    const port = guarded(
      socketPort(socket, { maxFrameBytes: MAX_CLIENT_FRAME_BYTES, pending: [...rest, ...more], reader: stream, onProtocolError: drop }),
      drop,
    );
    const stop = serveStoreOverPort(port, store);
    socket.once('close', stop);
  };
  socket.on('data', onHello);
}

function safePush(reader: FrameReader, bytes: Buffer, drop: (err: Error) => void): Buffer[] | null {
  try {
    return reader.push(bytes);
  } catch (err) {
    drop(err as Error);
    return null;
  }
}

/**
 * Lets through only well-formed store calls and subscriptions; anything else (another protocol,
 * an unknown method, a reply where a call belongs) drops the connection instead of being answered.
 */
function guarded(port: MessagePortLike, drop: (err: Error) => void): MessagePortLike {
  return {
    ...port,
    onMessage(cb) {
      return port.onMessage((msg) => {
        const why = refusal(msg);
        if (why) drop(new FrameError(why));
        else cb(msg);
      });
    },
  };
}

function refusal(msg: unknown): string | null {
  if (typeof msg !== 'object' || msg === null) return 'a message that is not a store call';
  const m = msg as { k?: unknown; t?: unknown; id?: unknown; m?: unknown; a?: unknown; n?: unknown };
  if (m.k !== 'krpc') return 'a message that is not a store call';
  if (m.t === 'call') {
    if (typeof m.id !== 'number' || !Array.isArray(m.a)) return 'a malformed call';
    if (typeof m.m !== 'string' || !METHODS.has(m.m)) return `an unknown method ${String(m.m).slice(0, 40)}`;
    return null;
  }
  if (m.t === 'sub' || m.t === 'unsub') return typeof m.n === 'string' && EVENTS.has(m.n) ? null : 'an unknown event';
  return 'a message a client does not send';
}

function keepOpen(store: JournalStore): JournalStore {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'close') return () => Promise.resolve();
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Listens on `address`. A socket file left by a host that died (SIGKILL, power loss) makes listen
 * fail with EADDRINUSE: if nobody answers on it (ECONNREFUSED), it is stale and removed.
 */
async function listenReplacingStale(server: Server, address: string, socketFile: boolean): Promise<void> {
  try {
    await listenOnce(server, address);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !socketFile) throw err;
    if (await answers(address)) throw new Error(`Another Kindred is already answering at ${address}.`);
    await rm(address, { force: true });
    await listenOnce(server, address);
  }
}

function listenOnce(server: Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    // Created owner-only from the start (no window before the chmod); bind is synchronous.
    // (process.umask cannot be set in a worker thread: there the chmod after listening does it.)
    let previous: number | null = null;
    try {
      previous = process.umask(0o177);
    } catch {
      previous = null;
    }
    try {
      server.listen(address, () => {
        server.off('error', onError);
        resolve();
      });
    } finally {
      if (previous !== null) process.umask(previous);
    }
  });
}

/** Whether something accepts connections at `address` (false on ECONNREFUSED / ENOENT). */
export function answers(address: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(address);
    const done = (alive: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(alive);
    };
    const timer = setTimeout(() => done(true), timeoutMs); // slow to answer is not dead
    socket.once('connect', () => done(true));
    socket.once('error', (err: NodeJS.ErrnoException) => done(!(err.code === 'ECONNREFUSED' || err.code === 'ENOENT')));
  });
}
