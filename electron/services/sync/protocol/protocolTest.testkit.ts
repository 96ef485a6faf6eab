/**
 * Helpers for the protocol's tests: Noise secret streams over real TCP sockets on 127.0.0.1, a
 * fixture trust layer (admits a fixed set of identity keys — the real one is integrated by the
 * lead), real Yjs edits fed through the store, and convergence checks that rebuild docs from the
 * stores' bytes.
 */
import { createServer, connect as tcpConnect, type Socket } from 'node:net';
import NoiseSecretStream from '@hyperswarm/secret-stream';
import * as Y from 'yjs';
import { openLevelHarness, openMemoryHarness, type StoreHarness } from '../../store/storeTest.testkit';
import type { JournalStore } from '../../store/types';
import type { Admission, LocalHello, MembershipVerdict, PeerStream, SessionEnd, SessionProgress, SessionTrust, SyncSession } from '../types';
import { createCursorBook } from './cursorBook';
import { openSyncSession } from './session';

export const WORKSPACE = new Uint8Array(32).fill(7);

export function identityOf(name: string): Uint8Array {
  const key = new Uint8Array(32);
  const bytes = new TextEncoder().encode(name);
  key.set(bytes.subarray(0, 32));
  return key;
}

/** Admits peers whose identity key is in `members` (deviceId = the name); counts what it was asked. */
export class FixtureTrust implements SessionTrust {
  readonly accepted: Array<{ from: string; entries: number }> = [];
  private readonly listeners = new Set<() => void>();
  verdict: MembershipVerdict = { kind: 'ok' };

  constructor(
    readonly name: string,
    readonly members: Set<string>,
  ) {}

  hello(): LocalHello {
    return { workspaceId: WORKSPACE, identityKey: identityOf(this.name), signature: new Uint8Array(64).fill(1) };
  }

  admit(hello: LocalHello): Admission {
    const name = Buffer.from(hello.identityKey).toString('utf8').replace(/\0+$/, '');
    if (Buffer.compare(Buffer.from(hello.workspaceId), Buffer.from(WORKSPACE)) !== 0) return { ok: false, reason: 'another workspace' };
    if (!this.members.has(name)) return { ok: false, reason: `${name} is not a member` };
    return { ok: true, deviceId: name };
  }

  membershipEntries(): Uint8Array[] {
    return [...this.members].sort().map((m) => new TextEncoder().encode(`member:${m}`));
  }

  async acceptMembership(entries: readonly Uint8Array[], fromDeviceId: string): Promise<MembershipVerdict> {
    this.accepted.push({ from: fromDeviceId, entries: entries.length });
    return this.verdict;
  }

  onMembershipChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  membershipChanged(): void {
    for (const l of [...this.listeners]) l();
  }
}

export interface StreamPair {
  a: PeerStream;
  b: PeerStream;
  /** The raw TCP sockets under a and b (to count bytes or cut the wire). */
  rawA: Socket;
  rawB: Socket;
  /** Bytes read from the wire by each side. */
  bytes(): { a: number; b: number };
  close(): void;
}

let seedCounter = 0;

/** Two NoiseSecretStreams over a real TCP connection on 127.0.0.1, both handshakes done. */
export async function connectPair(): Promise<StreamPair> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const accepted = new Promise<Socket>((r) => server.once('connection', r));
  const rawA = tcpConnect(port, '127.0.0.1');
  const rawB = await accepted;
  server.close();
  const seed = (n: number): Uint8Array => new Uint8Array(32).fill(n);
  const a = new NoiseSecretStream(true, rawA, { keyPair: NoiseSecretStream.keyPair(seed((seedCounter++ % 250) + 1)) });
  const b = new NoiseSecretStream(false, rawB, { keyPair: NoiseSecretStream.keyPair(seed((seedCounter++ % 250) + 1)) });
  let readA = 0;
  let readB = 0;
  rawA.on('data', (d: Buffer) => (readA += d.byteLength));
  rawB.on('data', (d: Buffer) => (readB += d.byteLength));
  a.on('error', () => undefined);
  b.on('error', () => undefined);
  await Promise.all([a.opened, b.opened]);
  return {
    a: a as unknown as PeerStream,
    b: b as unknown as PeerStream,
    rawA,
    rawB,
    bytes: () => ({ a: readA, b: readB }),
    close() {
      a.destroy();
      b.destroy();
    },
  };
}

/** One device: a store, its trust fixture, its log lines. */
export interface Device {
  name: string;
  h: StoreHarness;
  trust: FixtureTrust;
  logs: string[];
  readonly store: JournalStore;
}

export async function openDevice(name: string, members: string[], kind: 'level' | 'memory' = 'level'): Promise<Device> {
  const h = await (kind === 'level' ? openLevelHarness() : openMemoryHarness());
  return {
    name,
    h,
    trust: new FixtureTrust(name, new Set(members)),
    logs: [],
    get store() {
      return h.store;
    },
  };
}

export interface Link {
  sa: SyncSession;
  sb: SyncSession;
  pair: StreamPair;
  progress: { a: SessionProgress | null; b: SessionProgress | null };
  /** Resolves when both sides report upToDate at the same moment. */
  upToDate(timeoutMs?: number): Promise<void>;
  ended(): Promise<[SessionEnd, SessionEnd]>;
  close(): Promise<[SessionEnd, SessionEnd]>;
}

export async function link(
  a: Device,
  b: Device,
  opts: { liveDebounceMs?: number; pair?: StreamPair; onProgress?(side: 'a' | 'b', p: SessionProgress): void } = {},
): Promise<Link> {
  const pair = opts.pair ?? (await connectPair());
  const progress: Link['progress'] = { a: null, b: null };
  let waiters: Array<() => void> = [];
  const check = (): void => {
    if (progress.a?.upToDate && progress.b?.upToDate) {
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    }
  };
  const open = (d: Device, stream: PeerStream, side: 'a' | 'b'): SyncSession =>
    openSyncSession({
      stream,
      store: d.store,
      cursors: createCursorBook(d.store.space('sync')),
      trust: d.trust,
      log: (line) => d.logs.push(line),
      onProgress: (p) => {
        progress[side] = p;
        opts.onProgress?.(side, p);
        check();
      },
      ...(opts.liveDebounceMs !== undefined ? { liveDebounceMs: opts.liveDebounceMs } : {}),
    });
  const sa = open(a, pair.a, 'a');
  const sb = open(b, pair.b, 'b');
  const ended = (): Promise<[SessionEnd, SessionEnd]> => Promise.all([sa.ended, sb.ended]);
  return {
    sa,
    sb,
    pair,
    progress,
    upToDate(timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not up to date after ${timeoutMs} ms: ${JSON.stringify(progress)}; logs: ${[...a.logs, ...b.logs].slice(-5).join(' | ')}`)), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        check();
        void ended().then(() => {
          clearTimeout(timer);
          reject(new Error(`a session ended before up to date: ${[...a.logs, ...b.logs].slice(-5).join(' | ')}`));
        });
      });
    },
    ended,
    async close() {
      sa.close('shutting_down');
      sb.close('shutting_down');
      return ended();
    },
  };
}

/** An editor mount: loads the stored doc into a fresh Y.Doc (new clientID), edits, stores the update. */
export async function edit(store: JournalStore, docId: string, change: (doc: Y.Doc) => void, clientId?: number): Promise<Uint8Array> {
  const doc = new Y.Doc();
  if (clientId !== undefined) doc.clientID = clientId;
  const stored = await store.getUpdate(docId);
  if (stored) Y.applyUpdate(doc, stored);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  change(doc);
  doc.destroy();
  if (updates.length === 0) return new Uint8Array();
  const out = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
  await store.applyUpdate(docId, out, 'test-editor');
  return out;
}

export const typeAt = (text: string, at?: number) => (doc: Y.Doc): void => {
  const t = doc.getText('body');
  t.insert(Math.min(at ?? t.length, t.length), text);
};
export const eraseAt = (at: number, len: number) => (doc: Y.Doc): void => {
  const t = doc.getText('body');
  const from = Math.min(at, t.length);
  t.delete(from, Math.min(len, t.length - from));
};

/** Every doc id the store holds (from its log, paged). */
export async function docIds(store: JournalStore): Promise<string[]> {
  const out: string[] = [];
  let since = 0;
  for (;;) {
    const page = await store.changesSince(since, 10_000);
    for (const c of page.changes) out.push(c.docId);
    if (!page.more) break;
    since = page.changes[page.changes.length - 1]!.seq;
  }
  return out.sort();
}

/** A doc as the store would give it to an editor, re-encoded (canonical bytes) with its text. */
export async function canonical(store: JournalStore, docId: string): Promise<{ state: string; sv: string; text: string }> {
  const doc = new Y.Doc();
  const u = await store.getUpdate(docId);
  if (u) Y.applyUpdate(doc, u);
  const out = {
    state: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'),
    sv: Buffer.from(await store.stateVector(docId)).toString('base64'),
    text: doc.getText('body').toString(),
  };
  doc.destroy();
  return out;
}

/** Throws naming the first doc that differs between the stores. */
export async function expectConverged(stores: JournalStore[]): Promise<number> {
  const ids = await Promise.all(stores.map(docIds));
  const first = ids[0]!;
  for (const [i, other] of ids.entries()) {
    if (JSON.stringify(other) !== JSON.stringify(first)) throw new Error(`store ${i} holds ${other.length} docs, store 0 holds ${first.length}`);
  }
  for (const docId of first) {
    const docs = await Promise.all(stores.map((s) => canonical(s, docId)));
    for (const [i, d] of docs.entries()) {
      if (d.state !== docs[0]!.state || d.sv !== docs[0]!.sv) throw new Error(`${docId} differs between store 0 and store ${i}: ${JSON.stringify(docs[0]!.text.slice(0, 60))} vs ${JSON.stringify(d.text.slice(0, 60))}`);
    }
  }
  return first.length;
}

export async function closeDevices(devices: Device[]): Promise<void> {
  await Promise.all(devices.map((d) => d.h.cleanup()));
}
