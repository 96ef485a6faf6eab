/**
 * A hostile or broken peer: raw protomux messages written with our own encoder on the peer side
 * (no session there), over a real TCP socket with Noise. Every bad message must end the session
 * with a logged reason naming the peer, throw nothing, and leave the store byte-identical.
 */
import * as c from 'compact-encoding';
import Protomux from 'protomux';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashBackend } from '../../store/storeTest.testkit';
import type { SessionEnd } from '../types';
import { MAX_CHANGES_BYTES, MAX_PART_BYTES, MAX_STATE_VECTOR_BYTES, SYNC_PROTOCOL } from './constants';
import { createCursorBook } from './cursorBook';
import { codecs, encode, handshakeCodec, MessageType, TRAPPED_MESSAGE_TYPES } from './messages';
import { closeDevices, connectPair, edit, identityOf, openDevice, typeAt, WORKSPACE, type Device } from './protocolTest.testkit';
import { openSyncSession } from './session';

const APP_DATA = new Set<number>([MessageType.members, MessageType.since, MessageType.changes, MessageType.want, MessageType.update, MessageType.ack]);

interface RawPeer {
  send(type: number, bytes: Uint8Array): void;
  received: number[];
  bye: string | null;
  /** Resolves when a message of this type has arrived (or the stream closed). */
  got(type: number): Promise<void>;
}

function hello(name: string, over: Partial<{ version: number; minVersion: number }> = {}): Uint8Array {
  return encode(handshakeCodec, {
    version: over.version ?? 1, minVersion: over.minVersion ?? 1, workspaceId: WORKSPACE, identityKey: identityOf(name),
    signature: new Uint8Array(64), logId: 'a'.repeat(32), head: 0,
  });
}

function rawPeer(stream: import('../types').PeerStream, handshake: Uint8Array): RawPeer {
  const mux = Protomux.from(stream);
  const waits = new Map<number, Array<() => void>>();
  const peer: RawPeer = {
    received: [],
    bye: null,
    send: (type, bytes) => void channel.messages[type]!.send(bytes),
    got: (type) =>
      peer.received.includes(type) || stream.destroyed ? Promise.resolve() : new Promise((r) => waits.set(type, [...(waits.get(type) ?? []), r])),
  };
  stream.once('close', () => {
    for (const list of waits.values()) for (const w of list) w();
  });
  const channel = mux.createChannel({
    protocol: SYNC_PROTOCOL,
    handshake: c.raw,
    messages: Array.from({ length: TRAPPED_MESSAGE_TYPES }, (_, type) => ({
      encoding: c.raw,
      onmessage: (bytes: Uint8Array) => {
        peer.received.push(type);
        if (type === MessageType.bye) peer.bye = c.decode(c.string, bytes);
        for (const w of waits.get(type) ?? []) w();
        waits.delete(type);
      },
    })) as never,
  }) as unknown as { messages: Array<{ send(b: Uint8Array): boolean }>; open(h: Uint8Array): void };
  channel.open(handshake);
  return peer;
}

/** Yjs state vector {client: clock} encoded by Yjs itself. */
function svOf(client: number, clock: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = client;
  doc.getText('t').insert(0, 'x'.repeat(clock));
  return Y.encodeStateVector(doc);
}
function realUpdate(client: number, text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = client;
  doc.getText('body').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

const members = (): Uint8Array => encode(codecs.members, [new TextEncoder().encode('member:desktop')]);
const listing = (docId: string, sv = svOf(999, 5), final = false): Uint8Array => encode(codecs.changes, { entries: [{ docId, sv, local: true, ds: new Uint8Array(0) }], final, head: 0 });
const update = (docId: string, part: number, parts: number, bytes: Uint8Array): Uint8Array => encode(codecs.update, { docId, part, parts, bytes });
const flip = (bytes: Uint8Array, bit: number): Uint8Array => {
  const out = new Uint8Array(bytes);
  const i = bit % (out.length * 8);
  out[i >> 3]! ^= 1 << (i & 7);
  return out;
};

type Step = { send: [keyof typeof MessageType | number, Uint8Array] } | { await: number };
interface Case {
  name: string;
  handshake?: Uint8Array;
  steps: Step[];
  reason: SessionEnd['reason'] | Array<SessionEnd['reason']>;
}

/** Steps that get a member to the point where the device wants `page-x` from it. */
const wantsPageX: Step[] = [
  { send: ['members', members()] },
  { await: MessageType.since },
  { send: ['changes', listing('page-x')] },
  { await: MessageType.want },
];
const afterMembers: Step[] = [{ send: ['members', members()] }, { await: MessageType.since }];
// A message that is always refused: what follows a bit flip that happened to decode.
const unknown: Step = { send: [20, new Uint8Array([1, 2, 3])] };

function cases(): Case[] {
  const out: Case[] = [];
  const good = hello('desktop');
  for (let i = 0; i < 6; i++) {
    out.push({ name: `truncated handshake ${i}`, handshake: good.subarray(0, Math.floor((good.length * i) / 6)), steps: [], reason: 'protocol_error' });
  }
  out.push({ name: 'newer major version', handshake: hello('desktop', { version: 2, minVersion: 2 }), steps: [], reason: 'version' });
  out.push({ name: 'version 0', handshake: hello('desktop', { version: 0, minVersion: 0 }), steps: [], reason: 'version' });
  out.push({ name: 'oversized handshake', handshake: new Uint8Array(8192).fill(1), steps: [], reason: ['protocol_error', 'version'] });
  for (let i = 0; i < 6; i++) {
    // A flipped bit in the hello: a different key (not a member), a different version, or garbage.
    out.push({ name: `bit-flipped handshake ${i}`, handshake: flip(good, 17 + i * 97), steps: [unknown], reason: ['protocol_error', 'not_member', 'version'] });
  }
  out.push({ name: 'changes before members', steps: [{ send: ['changes', listing('page-x')] }], reason: 'protocol_error' });
  out.push({ name: 'ack before members', steps: [{ send: ['ack', encode(codecs.ack, 1)] }], reason: 'protocol_error' });
  out.push({ name: 'malformed members', steps: [{ send: ['members', new Uint8Array([5, 1])] }], reason: 'protocol_error' });
  out.push({ name: 'members with trailing bytes', steps: [{ send: ['members', new Uint8Array([...members(), 0])] }], reason: 'protocol_error' });
  for (const t of [7, 8, 15, 31]) out.push({ name: `unknown message type ${t}`, steps: [...afterMembers, { send: [t, new Uint8Array([0])] }], reason: 'protocol_error' });
  out.push({ name: 'second since', steps: [...afterMembers, { send: ['since', encode(codecs.since, null)] }, { send: ['since', encode(codecs.since, null)] }], reason: 'protocol_error' });
  out.push({ name: 'oversized want', steps: [...afterMembers, { send: ['want', new Uint8Array(MAX_PART_BYTES + 10)] }], reason: 'protocol_error' });
  out.push({ name: 'oversized changes', steps: [...afterMembers, { send: ['changes', new Uint8Array(MAX_CHANGES_BYTES + 10)] }], reason: 'protocol_error' });
  out.push({ name: 'oversized state vector', steps: [...afterMembers, { send: ['changes', listing('page-x', new Uint8Array(MAX_STATE_VECTOR_BYTES + 1))] }], reason: 'protocol_error' });
  for (const bad of ['', 'a/b', '../x', 'x'.repeat(81), 'page x', 'ünïcode', 'a\u0000b']) {
    out.push({ name: `bad doc id in changes ${JSON.stringify(bad)}`, steps: [...afterMembers, { send: ['changes', listing(bad)] }], reason: 'protocol_error' });
    out.push({ name: `bad doc id in update ${JSON.stringify(bad)}`, steps: [...wantsPageX, { send: ['update', update(bad, 0, 1, realUpdate(999, 'hello'))] }], reason: 'protocol_error' });
  }
  for (let i = 0; i < 8; i++) {
    const bytes = new Uint8Array(3 + i * 5).map((_, k) => (k * 37 + i * 11) & 255);
    out.push({ name: `garbage state vector ${i}`, steps: [...afterMembers, { send: ['changes', listing('page-x', bytes)] }, unknown], reason: 'protocol_error' });
  }
  out.push({ name: 'want for a doc never listed', steps: [...afterMembers, { send: ['want', encode(codecs.want, [{ docId: 'page-1', sv: new Uint8Array([0]) }])] }], reason: 'protocol_error' });
  out.push({ name: 'empty want', steps: [...afterMembers, { send: ['want', encode(codecs.want, [])] }], reason: 'protocol_error' });
  out.push({ name: 'ack for nothing listed', steps: [...afterMembers, { send: ['ack', encode(codecs.ack, 3)] }], reason: 'protocol_error' });
  out.push({ name: 'update nobody asked for', steps: [...afterMembers, { send: ['update', update('page-1', 0, 1, realUpdate(1, 'x'))] }], reason: 'protocol_error' });
  out.push({ name: 'update for another doc than due', steps: [...wantsPageX, { send: ['update', update('page-y', 0, 1, realUpdate(999, 'hello'))] }], reason: 'protocol_error' });
  out.push({ name: 'update part 1 first', steps: [...wantsPageX, { send: ['update', update('page-x', 1, 2, realUpdate(999, 'hello'))] }], reason: 'protocol_error' });
  out.push({ name: 'update in 0 parts', steps: [...wantsPageX, { send: ['update', update('page-x', 0, 0, new Uint8Array())] }], reason: 'protocol_error' });
  out.push({ name: 'update in 1000 parts', steps: [...wantsPageX, { send: ['update', update('page-x', 0, 1000, new Uint8Array(4))] }], reason: 'protocol_error' });
  out.push({ name: 'update parts changing count', steps: [...wantsPageX, { send: ['update', update('page-x', 0, 3, new Uint8Array(4))] }, { send: ['update', update('page-x', 1, 2, new Uint8Array(4))] }], reason: 'protocol_error' });
  out.push({ name: 'update part repeated', steps: [...wantsPageX, { send: ['update', update('page-x', 0, 3, new Uint8Array(4))] }, { send: ['update', update('page-x', 0, 3, new Uint8Array(4))] }], reason: 'protocol_error' });
  out.push({ name: 'oversized update part', steps: [...wantsPageX, { send: ['update', update('page-x', 0, 2, new Uint8Array(MAX_PART_BYTES + 1))] }], reason: 'protocol_error' });
  const real = realUpdate(999, 'hello world, this is a perfectly good update');
  for (let i = 1; i < 12; i++) {
    const cut = Math.floor((real.length * i) / 12);
    out.push({ name: `truncated update ${cut}/${real.length}`, steps: [...wantsPageX, { send: ['update', update('page-x', 0, 1, real.subarray(0, cut))] }, unknown], reason: 'protocol_error' });
  }
  for (let i = 0; i < 6; i++) {
    const junk = new Uint8Array(10 + i * 13).map((_, k) => (k * 101 + i * 7 + 1) & 255);
    out.push({ name: `garbage update ${i}`, steps: [...wantsPageX, { send: ['update', update('page-x', 0, 1, junk)] }, unknown], reason: 'protocol_error' });
  }
  const msgs: Array<[keyof typeof MessageType, Uint8Array]> = [
    ['changes', listing('page-x')],
    ['want', encode(codecs.want, [{ docId: 'page-1', sv: new Uint8Array([0]) }])],
    ['ack', encode(codecs.ack, 5)],
  ];
  for (let i = 0; out.length < 100; i++) {
    const [name, bytes] = msgs[i % msgs.length]!;
    if (i % 2 === 0) {
      out.push({ name: `bit-flipped ${name} ${i}`, steps: [...afterMembers, { send: [name, flip(bytes, i * 13 + 3)] }, unknown], reason: 'protocol_error' });
    } else {
      out.push({ name: `truncated ${name} ${i}`, steps: [...afterMembers, { send: [name, bytes.subarray(0, (i * 7) % bytes.length)] }, unknown], reason: 'protocol_error' });
    }
  }
  return out;
}

let a: Device;
let before = '';

beforeAll(async () => {
  a = await openDevice('laptop', ['laptop', 'desktop']);
  for (let i = 0; i < 10; i++) await edit(a.store, `page-${i}`, typeAt(`page ${i} text`));
  before = await hashBackend(a.h.backend);
});
afterAll(async () => {
  await closeDevices([a]);
});

async function run(k: Case): Promise<{ end: SessionEnd; peer: RawPeer }> {
  const pair = await connectPair();
  const logs: string[] = [];
  const session = openSyncSession({ stream: pair.a, store: a.store, cursors: createCursorBook(a.store.space('sync')), trust: a.trust, log: (l) => logs.push(l) });
  const peer = rawPeer(pair.b, k.handshake ?? hello('desktop'));
  for (const step of k.steps) {
    if ('await' in step) await Promise.race([peer.got(step.await), session.ended]);
    else {
      const [name, bytes] = step.send;
      peer.send(typeof name === 'number' ? name : MessageType[name], bytes);
    }
  }
  const end = await session.ended;
  // The bye travels before the stream ends (or the stream closes without one).
  await peer.got(MessageType.bye);
  pair.close();
  expect(logs.join('\n'), k.name).toMatch(/(device desktop|peer [0-9a-f]{16})/);
  return { end, peer };
}

describe('hostile peer', () => {
  it('100 malformed, truncated, oversized, out-of-order messages: dropped with a reason, store unchanged', async () => {
    const all = cases();
    expect(all.length).toBe(100);
    const reasons = new Map<string, number>();
    for (const k of all) {
      const { end, peer } = await run(k);
      const allowed = Array.isArray(k.reason) ? k.reason : [k.reason];
      expect(allowed, `${k.name}: ended ${end.reason} (${end.detail})`).toContain(end.reason);
      expect(peer.bye, `${k.name}: the peer is told why`).toBe(end.reason);
      reasons.set(end.reason, (reasons.get(end.reason) ?? 0) + 1);
      expect(await hashBackend(a.h.backend), k.name).toBe(before);
    }
    expect(reasons.get('protocol_error')).toBeGreaterThan(80);
  }, 60_000);

  it('a newer peer is refused with bye(version) and the end names its version', async () => {
    const { end, peer } = await run({ name: 'v3', handshake: hello('desktop', { version: 3, minVersion: 2 }), steps: [], reason: 'version' });
    expect(end).toMatchObject({ reason: 'version', peerVersion: 3 });
    expect(peer.bye).toBe('version');
    expect(peer.received.filter((t) => APP_DATA.has(t))).toEqual([]);
  });

  it('an unadmitted peer receives 0 app-data messages and hears bye(not_member)', async () => {
    const { end, peer } = await run({ name: 'stranger', handshake: hello('stranger'), steps: [{ send: ['members', members()] }, { send: ['since', encode(codecs.since, null)] }], reason: 'not_member' });
    expect(end.reason).toBe('not_member');
    expect(peer.bye).toBe('not_member');
    expect(peer.received.filter((t) => APP_DATA.has(t))).toEqual([]);
    expect(peer.received).toEqual([MessageType.bye]);
    expect(await hashBackend(a.h.backend)).toBe(before);
  });

  it('an admitted peer does receive app data (the counter above can see it)', async () => {
    const pair = await connectPair();
    const session = openSyncSession({ stream: pair.a, store: a.store, cursors: createCursorBook(a.store.space('sync')), trust: a.trust });
    const peer = rawPeer(pair.b, hello('desktop'));
    await peer.got(MessageType.since);
    expect(peer.received.slice(0, 2)).toEqual([MessageType.members, MessageType.since]);
    session.close('shutting_down');
    expect((await session.ended).reason).toBe('shutting_down');
    pair.close();
  });
});
