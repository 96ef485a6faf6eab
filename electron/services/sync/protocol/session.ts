/**
 * One `kindred/sync/1` session over one authenticated stream (docs/sync-protocol.md).
 *
 *   open      both send {version, hello, logId, head}; the trust layer admits the peer or we say
 *             bye('not_member') and nothing else
 *   members   the signed membership log, first and whenever it grows
 *   since     "list your changes after this cursor" (or null: everything)
 *   changes → want → update → ack      per listing; the cursor moves only after every wanted doc
 *             is durably stored
 *   live      the store's onChange, debounced, runs the same listing path
 *
 * Two directions run side by side: `Outbound` lists our log and answers wants, `Inbound` takes
 * the peer's listings and stores what we lack. Nothing here opens a Y.Doc.
 */
import Protomux from 'protomux';
import type { JournalStore } from '../../store/types';
import type { ByeReason, SessionEnd, SessionOptions, SessionProgress, SyncSession } from '../types';
import {
  CLOSE_GRACE_MS, DEFAULT_LIVE_DEBOUNCE_MS, MAX_CHANGES_BYTES, MAX_HANDSHAKE_BYTES, MAX_MESSAGE_BYTES, MAX_PART_BYTES,
  MAX_UPDATE_HEADER_BYTES, SYNC_MIN_PROTOCOL_VERSION, SYNC_PROTOCOL, SYNC_PROTOCOL_VERSION,
} from './constants';
import { Inbound } from './inbound';
import {
  codecs, decode, decodeVersion, encode, handshakeCodec, MessageType, ProtocolViolation, TRAPPED_MESSAGE_TYPES,
  type Handshake, type MessageMap, type MessageName,
} from './messages';
import { Outbound } from './outbound';

const NAMES = Object.keys(MessageType) as MessageName[];

/** The parts of protomux's channel this file uses (modules.d.ts keeps its own types private). */
interface Message<T> {
  send(value: T): boolean;
}
interface Channel {
  readonly closed: boolean;
  readonly messages: Message<Uint8Array>[];
  open(handshake: Uint8Array): void;
}
type Mux = Protomux & { readonly drained: boolean };

const rawCodec = {
  preencode(s: { end: number }, v: Uint8Array) {
    s.end += v.byteLength;
  },
  encode(s: { buffer: Uint8Array | null; start: number }, v: Uint8Array) {
    (s.buffer as Uint8Array).set(v, s.start);
    s.start += v.byteLength;
  },
  decode(s: { buffer: Uint8Array | null; start: number; end: number }): Uint8Array {
    const out = (s.buffer as Uint8Array).subarray(s.start, s.end);
    s.start = s.end;
    return out;
  },
};

/** What the two directions need from the session they run in. */
export interface SessionCore {
  readonly store: JournalStore;
  readonly peerId: string;
  readonly peerOrigin: string;
  readonly isEnded: boolean;
  send<K extends Exclude<MessageName, 'bye'>>(name: K, value: MessageMap[K]): boolean;
  /** Resolves once the stream can take more (or the session ended). */
  drained(): Promise<void>;
  track<T>(p: Promise<T>): Promise<T>;
  fail(reason: ByeReason, detail: string): void;
  changed(): void;
  log(line: string): void;
}

export function openSyncSession(opts: SessionOptions): SyncSession {
  const session = new Session(opts);
  session.start();
  return session;
}

class Session implements SyncSession, SessionCore {
  deviceId: string | null = null;
  readonly ended: Promise<SessionEnd>;
  readonly store: JournalStore;
  peerId = '';
  peerOrigin = '';

  private resolveEnded!: (end: SessionEnd) => void;
  private end: SessionEnd | null = null;
  private readonly mux: Mux;
  private channel: Channel | null = null;
  private messages: Message<Uint8Array>[] = [];
  private peerHello: Handshake | null = null;
  private gotMembers = false;
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly unsubscribe: Array<() => void> = [];
  private drainWaiters: Array<() => void> = [];
  private outbound: Outbound | null = null;
  private inbound: Inbound | null = null;
  private lastProgress = '';
  private membersChain: Promise<void> = Promise.resolve();
  private membersReadyResolve!: () => void;
  private readonly membersReady = new Promise<void>((r) => (this.membersReadyResolve = r));

  constructor(private readonly opts: SessionOptions) {
    this.store = opts.store;
    this.ended = new Promise((r) => (this.resolveEnded = r));
    this.mux = Protomux.from(opts.stream) as Mux;
  }

  get isEnded(): boolean {
    return this.end !== null;
  }

  start(): void {
    const stream = this.opts.stream;
    const onClose = (): void => this.finish({ reason: 'closed', detail: `the connection to ${this.name()} closed` }, false);
    const onError = (err: Error): void => this.log(`connection to ${this.name()} failed: ${err.message}`);
    stream.once('close', onClose);
    stream.on('error', onError);
    this.unsubscribe.push(() => {
      stream.off('close', onClose);
      stream.off('error', onError);
    });
    if ((stream as { destroyed?: boolean }).destroyed) return onClose();
    this.progress();
    // A peer's open can arrive before our handshake hash is known: pair() holds it until the
    // channel exists (without it protomux would reject the peer's channel at once).
    const ready = this.whenOpened()
      .then(() => this.openChannel())
      .catch((err: unknown) => this.fail('shutting_down', `could not open the sync channel: ${errText(err)}`));
    this.mux.pair({ protocol: SYNC_PROTOCOL }, () => ready);
    void ready.finally(() => this.mux.unpair({ protocol: SYNC_PROTOCOL }));
  }

  close(reason: ByeReason): void {
    this.fail(reason, `closed here (${reason})`);
  }

  // ---- SessionCore -------------------------------------------------------------------------

  send<K extends Exclude<MessageName, 'bye'>>(name: K, value: MessageMap[K]): boolean {
    if (this.end || !this.channel) return false;
    return (this.messages[MessageType[name]] as Message<Uint8Array>).send(encode(codecs[name], value));
  }

  drained(): Promise<void> {
    if (this.end || this.mux.drained) return Promise.resolve();
    return new Promise((r) => this.drainWaiters.push(r));
  }

  track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    const done = (): void => void this.inflight.delete(p);
    p.then(done, done);
    return p;
  }

  fail(reason: ByeReason, detail: string): void {
    this.finish({ reason, detail: `${this.name()}: ${detail}` }, true);
  }

  changed(): void {
    this.progress();
  }

  log(line: string): void {
    try {
      this.opts.log?.(`sync: ${line}`);
    } catch {
      // a logger's bug must not break the session
    }
  }

  // ---- opening -----------------------------------------------------------------------------

  private async whenOpened(): Promise<void> {
    const stream = this.opts.stream as PeerStreamLike;
    if (!stream.handshakeHash && stream.opened) await stream.opened;
  }

  private async openChannel(): Promise<void> {
    if (this.end) return;
    const stream = this.opts.stream;
    if (!stream.handshakeHash) return this.finish({ reason: 'closed', detail: `the connection to ${this.name()} never completed its handshake` }, false);
    let ours: Uint8Array;
    try {
      // The head rides in the handshake for the peer's information (logs, progress) only.
      const head = await this.store.head();
      if (this.end) return;
      const hello = this.opts.trust.hello(stream.handshakeHash);
      ours = encode(handshakeCodec, {
        version: SYNC_PROTOCOL_VERSION, minVersion: SYNC_MIN_PROTOCOL_VERSION,
        workspaceId: hello.workspaceId, identityKey: hello.identityKey, signature: hello.signature, logId: this.store.logId, head,
      });
    } catch (err) {
      return this.fail('shutting_down', `could not say hello: ${errText(err)}`);
    }
    const messages = Array.from({ length: TRAPPED_MESSAGE_TYPES }, (_, type) => ({
      encoding: rawCodec,
      onmessage: (bytes: Uint8Array) => this.receive(type, bytes),
    }));
    const channel = this.mux.createChannel<Uint8Array>({
      protocol: SYNC_PROTOCOL,
      handshake: rawCodec,
      messages: messages as never,
      onopen: (raw: Uint8Array) => this.onOpen(raw),
      onclose: (isRemote: boolean) => {
        if (isRemote) this.finish({ reason: 'closed', detail: `${this.name()} closed the sync channel` }, false);
      },
      ondrain: () => {
        const waiters = this.drainWaiters;
        this.drainWaiters = [];
        for (const w of waiters) w();
      },
    });
    // Another session already runs on this stream: end this one and leave the stream to it.
    if (!channel) return this.finish({ reason: 'duplicate', detail: `a sync channel to ${this.name()} is already open on this connection` }, false, true);
    this.channel = channel as unknown as Channel;
    this.messages = this.channel.messages;
    this.channel.open(ours);
  }

  private onOpen(raw: Uint8Array): void {
    if (this.end) return;
    try {
      if (raw.byteLength > MAX_HANDSHAKE_BYTES) throw new ProtocolViolation(`a handshake of ${raw.byteLength} bytes`);
      const { version, minVersion } = decodeVersion(raw);
      if (minVersion > SYNC_PROTOCOL_VERSION || version < SYNC_MIN_PROTOCOL_VERSION) {
        const detail = `${this.name()} speaks sync protocol ${version} (it accepts ${minVersion} and up); this device speaks ${SYNC_PROTOCOL_VERSION}`;
        return this.finish({ reason: 'version', detail, peerVersion: version }, true);
      }
      const hello = decode(handshakeCodec, raw, 'the handshake');
      this.peerHello = hello;
      const stream = this.opts.stream;
      const verdict = this.opts.trust.admit(
        { workspaceId: hello.workspaceId, identityKey: hello.identityKey, signature: hello.signature },
        stream.handshakeHash,
        stream.remotePublicKey,
      );
      if (!verdict.ok) return this.fail('not_member', `not admitted: ${verdict.reason}`);
      this.admitted(verdict.deviceId, hello);
    } catch (err) {
      this.violation(err);
    }
  }

  private admitted(deviceId: string, hello: Handshake): void {
    this.deviceId = this.peerId = deviceId;
    this.peerOrigin = `peer:${deviceId}`;
    try {
      this.opts.onAdmitted?.(deviceId);
    } catch (err) {
      this.log(`onAdmitted failed: ${errText(err)}`);
    }
    if (this.end) return;
    this.outbound = new Outbound(this, this.membersReady);
    this.inbound = new Inbound(this, this.opts.cursors, hello.logId, this.membersReady);
    this.unsubscribe.push(this.store.onChange((changes) => this.outbound?.onStoreChange(changes, this.opts.liveDebounceMs ?? DEFAULT_LIVE_DEBOUNCE_MS)));
    this.unsubscribe.push(this.opts.trust.onMembershipChange(() => this.sendMembers()));
    this.inbound.setOutbound(this.outbound);
    this.sendMembers();
    this.inbound.requestListing();
    this.progress();
  }

  private sendMembers(): void {
    if (this.end) return;
    try {
      this.send('members', this.opts.trust.membershipEntries());
    } catch (err) {
      this.fail('shutting_down', `could not send the membership log: ${errText(err)}`);
    }
  }

  // ---- receiving ---------------------------------------------------------------------------

  private receive(type: number, bytes: Uint8Array): void {
    if (this.end) return;
    try {
      const name = NAMES[type];
      if (name === undefined) throw new ProtocolViolation(`an unknown message type ${type}`);
      const cap = name === 'update' ? MAX_PART_BYTES + MAX_UPDATE_HEADER_BYTES : name === 'changes' ? MAX_CHANGES_BYTES : MAX_MESSAGE_BYTES;
      if (bytes.byteLength > cap) throw new ProtocolViolation(`a ${name} message of ${bytes.byteLength} bytes (cap ${cap})`);
      if (name === 'bye') return this.onBye(decode(codecs.bye, bytes, 'bye'));
      if (!this.deviceId || !this.outbound || !this.inbound) throw new ProtocolViolation(`${name} before admission`);
      if (name !== 'members' && !this.gotMembers) throw new ProtocolViolation(`${name} before members`);
      switch (name) {
        case 'members':
          this.gotMembers = true;
          return this.onMembers(decode(codecs.members, bytes, 'members'));
        case 'since':
          return this.outbound.onSince(decode(codecs.since, bytes, 'since'));
        case 'changes':
          return this.inbound.onChanges(decode(codecs.changes, bytes, 'changes'));
        case 'want':
          return this.outbound.onWant(decode(codecs.want, bytes, 'want'));
        case 'update':
          return this.inbound.onUpdate(decode(codecs.update, bytes, 'update'));
        case 'ack':
          return this.outbound.onAck(decode(codecs.ack, bytes, 'ack'));
      }
    } catch (err) {
      this.violation(err);
    }
  }

  private onBye(reason: ByeReason): void {
    const detail = `${this.name()} said bye (${reason})`;
    this.finish({ reason, detail, ...(reason === 'version' && this.peerHello ? { peerVersion: this.peerHello.version } : {}) }, false);
  }

  private onMembers(entries: Uint8Array[]): void {
    const from = this.peerId;
    const copies = entries.map((e) => new Uint8Array(e));
    this.membersChain = this.membersChain.then(async () => {
      // Merged even when the peer's bye follows at once: a device that removes us sends the
      // signed removal and then says bye, and we must keep the entry to know who removed us.
      // Entries are verified one by one by the trust layer, so an ending session is no risk.
      const verdict = await this.opts.trust.acceptMembership(copies, from);
      if (this.end) return;
      switch (verdict.kind) {
        case 'ok':
          return this.membersReadyResolve();
        case 'peer_removed':
          return this.fail('removed', 'the peer has been removed from this workspace');
        case 'self_removed':
          return this.finish({ reason: 'removed', detail: `this device was removed by ${verdict.byName}` }, false);
        case 'invalid':
          return this.fail('protocol_error', `membership entries refused: ${verdict.reason}`);
      }
    }).catch((err: unknown) => this.fail('protocol_error', `membership entries could not be checked: ${errText(err)}`));
  }

  private violation(err: unknown): void {
    if (err instanceof ProtocolViolation) this.fail('protocol_error', err.message);
    else this.fail('protocol_error', `internal error while reading a message: ${errText(err)}`);
  }

  // ---- progress and ending -----------------------------------------------------------------

  private progress(): void {
    if (this.end) return;
    let p: SessionProgress;
    if (!this.outbound || !this.inbound) p = { phase: 'opening', pending: 0, upToDate: false };
    else {
      const upToDate = this.outbound.settled() && this.inbound.settled();
      p = { phase: upToDate ? 'up_to_date' : 'catching_up', pending: this.outbound.pending() + this.inbound.pending(), upToDate };
    }
    const key = JSON.stringify(p);
    if (key === this.lastProgress) return;
    this.lastProgress = key;
    try {
      this.opts.onProgress?.(p);
    } catch (err) {
      this.log(`onProgress failed: ${errText(err)}`);
    }
  }

  private finish(end: SessionEnd, sayBye: boolean, keepStream = false): void {
    if (this.end) return;
    this.end = end;
    this.log(`session with ${this.name()} ended (${end.reason}): ${end.detail}`);
    for (const u of this.unsubscribe.splice(0)) u();
    this.outbound?.stop();
    this.inbound?.stop();
    const stream = this.opts.stream;
    if (keepStream) {
      void Promise.allSettled([...this.inflight]).then(() => this.resolveEnded(end));
      return;
    }
    try {
      if (sayBye && this.channel && !this.channel.closed) {
        (this.messages[MessageType.bye] as Message<Uint8Array>).send(encode(codecs.bye, end.reason as ByeReason));
      }
      // end() lets the bye reach the peer; destroy() follows so a peer that never ends is cut off.
      stream.end();
      setTimeout(() => stream.destroy(), sayBye ? CLOSE_GRACE_MS : 0).unref?.();
    } catch (err) {
      this.log(`closing the connection to ${this.name()} failed: ${errText(err)}`);
      stream.destroy();
    }
    for (const w of this.drainWaiters.splice(0)) w();
    // `ended` settles after in-flight store writes, so a caller may close the store right after.
    void Promise.allSettled([...this.inflight]).then(() => this.resolveEnded(end));
  }

  private name(): string {
    if (this.deviceId) return `device ${this.deviceId}`;
    const key = this.opts.stream.remotePublicKey;
    return key ? `peer ${Buffer.from(key).toString('hex').slice(0, 16)}` : 'an unknown peer';
  }
}

interface PeerStreamLike {
  handshakeHash?: Uint8Array | null;
  opened?: Promise<unknown>;
}

export function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
