/**
 * The `kindred` side of the running app's endpoint (cliEndpoint.ts): finds the address and the
 * token in the journal's folder, introduces itself, and returns the app's store as a
 * JournalStore (the store RPC over the socket). Closing it ends the connection, never the app's
 * store.
 */
import { createConnection, type Socket } from 'node:net';
import { connectStoreOverPort } from '../store/port/storeOverPort';
import type { JournalStore } from '../store/types';
import { HELLO_OK, HELLO_PREFIX } from './cliEndpoint';
import { readPointer, readToken } from './endpointFiles';
import { encodeFrame, FrameReader, socketPort } from './framedSocket';

/** A whole doc comes back in one frame; the store accepts updates up to 64 MiB, docs grow past that. */
const MAX_REPLY_FRAME_BYTES = 1024 * 1024 * 1024;

export class EndpointUnavailable extends Error {
  constructor(
    readonly address: string,
    message: string,
  ) {
    super(message);
    this.name = 'EndpointUnavailable';
  }
}

export interface ConnectOptions {
  platform?: NodeJS.Platform;
  /** How long to wait for the connection and the app's answer. */
  timeoutMs?: number;
}

/** Where the app for `dataDir` listens (what the host wrote, or the default address). */
export const runningAppAddress = (dataDir: string, platform?: NodeJS.Platform): Promise<string> => readPointer(dataDir, platform);

export async function connectRunningApp(dataDir: string, options: ConnectOptions = {}): Promise<JournalStore> {
  const address = await readPointer(dataDir, options.platform);
  const token = await readToken(dataDir);
  if (!token) throw new EndpointUnavailable(address, 'the app left no key for the command line in its folder');
  const timeoutMs = options.timeoutMs ?? 5000;
  const { socket, reader, rest } = await handshake(address, token, timeoutMs);
  const port = socketPort(socket, { maxFrameBytes: MAX_REPLY_FRAME_BYTES, reader, pending: rest });
  let store: JournalStore;
  try {
    store = await withTimeout(connectStoreOverPort(port), timeoutMs, () => new EndpointUnavailable(address, 'the app did not answer'));
  } catch (err) {
    socket.destroy();
    throw err instanceof EndpointUnavailable ? err : new EndpointUnavailable(address, err instanceof Error ? err.message : String(err));
  }
  return closingSocket(store, socket);
}

async function handshake(address: string, token: string, timeoutMs: number): Promise<{ socket: Socket; reader: FrameReader; rest: Buffer[] }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(address);
    const reader = new FrameReader(MAX_REPLY_FRAME_BYTES);
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(new EndpointUnavailable(address, why));
    };
    const timer = setTimeout(() => fail('the app did not answer in time'), timeoutMs);
    socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? 'nothing is listening there' : err.message));
    socket.once('close', () => fail('the app closed the connection'));
    socket.once('connect', () => socket.write(encodeFrame(Buffer.from(HELLO_PREFIX + token, 'utf8'))));
    const onData = (chunk: Buffer): void => {
      let frames: Buffer[];
      try {
        frames = reader.push(chunk);
      } catch {
        fail('the app answered in an unknown way');
        return;
      }
      if (frames.length === 0) return;
      socket.off('data', onData);
      const answer = (frames[0] as Buffer).toString('utf8');
      if (answer !== HELLO_OK) {
        fail(answer.startsWith('REFUSED busy') ? 'the app is busy with other commands' : 'the app refused the key (is this the right journal folder?)');
        return;
      }
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.removeAllListeners('close');
      resolve({ socket, reader, rest: frames.slice(1) });
    };
    socket.on('data', onData);
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, error: () => Error): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(error()), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** The same store, except that close() also ends the socket (the app's store stays open). */
function closingSocket(store: JournalStore, socket: Socket): JournalStore {
  const close = async (): Promise<void> => {
    try {
      await store.close();
    } finally {
      socket.end();
    }
  };
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'close') return close;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
