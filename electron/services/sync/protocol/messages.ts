/**
 * The messages of `kindred/sync/1`, each a compact-encoding codec. Protomux carries every message
 * as raw bytes and the session decodes them here, inside its own error handling: a decode error
 * must become a `bye('protocol_error')`, never an exception inside protomux (which would tear the
 * connection down without a reason, or rethrow native errors out of the process).
 */
import * as c from 'compact-encoding';
import type { ByeReason } from '../types';
import { DS_DIGEST_BYTES, MAX_STATE_VECTOR_BYTES, WIRE_DOC_ID_PATTERN } from './constants';

type State = c.State;
type Codec<T> = { preencode(s: State, v: T): void; encode(s: State, v: T): void; decode(s: State): T };

/** Message type ids, in the order they are registered on the channel. */
export const MessageType = { members: 0, since: 1, changes: 2, want: 3, update: 4, ack: 5, bye: 6 } as const;
export type MessageName = keyof typeof MessageType;
/** Ids up to this are registered (so an unknown one is seen and refused); higher ones protomux drops. */
export const TRAPPED_MESSAGE_TYPES = 32;

export class ProtocolViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolViolation';
  }
}

export interface Handshake {
  version: number;
  minVersion: number;
  workspaceId: Uint8Array;
  identityKey: Uint8Array;
  signature: Uint8Array;
  logId: string;
  head: number;
}
export interface Cursor {
  logId: string;
  seq: number;
}
export interface ListedDoc {
  docId: string;
  sv: Uint8Array;
  /** The doc has changes here that did not come from the receiver (it may carry deletions). */
  local: boolean;
  /**
   * Full listings only: a digest of the doc's delete set (deletions move no state vector), so a
   * receiver with an equal state vector can tell whether it lacks deletions. Empty otherwise.
   */
  ds: Uint8Array;
}
export interface ChangesMsg {
  entries: ListedDoc[];
  /** The last chunk of a listing; `head` is the sender's log position it covers. */
  final: boolean;
  head: number;
}
export interface WantedDoc {
  docId: string;
  sv: Uint8Array;
}
export interface UpdateMsg {
  docId: string;
  part: number;
  parts: number;
  bytes: Uint8Array;
}

const LOG_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
export const BYE_REASONS: readonly ByeReason[] = ['removed', 'version', 'protocol_error', 'shutting_down', 'not_member', 'duplicate'];

function docId(s: State): string {
  const id = c.string.decode(s);
  if (!WIRE_DOC_ID_PATTERN.test(id)) throw new ProtocolViolation(`bad doc id ${JSON.stringify(id.slice(0, 100))}`);
  return id;
}
function stateVector(s: State): Uint8Array {
  const sv = c.uint8array.decode(s);
  if (sv.byteLength > MAX_STATE_VECTOR_BYTES) throw new ProtocolViolation(`a state vector of ${sv.byteLength} bytes (cap ${MAX_STATE_VECTOR_BYTES})`);
  return sv;
}
const strictBool: Codec<boolean> = {
  preencode: (s, v) => c.bool.preencode(s, v),
  encode: (s, v) => c.bool.encode(s, v),
  decode(s) {
    const b = c.uint8.decode(s);
    if (b > 1) throw new ProtocolViolation('a malformed flag');
    return b === 1;
  },
};
function safeUint(s: State): number {
  const n = c.uint.decode(s);
  if (!Number.isSafeInteger(n)) throw new ProtocolViolation('a number out of range');
  return n;
}

const versionPrefix: Codec<{ version: number; minVersion: number }> = {
  preencode: (s, v) => { c.uint.preencode(s, v.version); c.uint.preencode(s, v.minVersion); },
  encode: (s, v) => { c.uint.encode(s, v.version); c.uint.encode(s, v.minVersion); },
  decode: (s) => ({ version: safeUint(s), minVersion: safeUint(s) }),
};

export const handshakeCodec: Codec<Handshake> = {
  preencode(s, v) {
    versionPrefix.preencode(s, v);
    c.fixed32.preencode(s, v.workspaceId); c.fixed32.preencode(s, v.identityKey); c.fixed64.preencode(s, v.signature);
    c.string.preencode(s, v.logId); c.uint.preencode(s, v.head);
  },
  encode(s, v) {
    versionPrefix.encode(s, v);
    c.fixed32.encode(s, v.workspaceId); c.fixed32.encode(s, v.identityKey); c.fixed64.encode(s, v.signature);
    c.string.encode(s, v.logId); c.uint.encode(s, v.head);
  },
  decode(s) {
    const { version, minVersion } = versionPrefix.decode(s);
    const workspaceId = new Uint8Array(c.fixed32.decode(s));
    const identityKey = new Uint8Array(c.fixed32.decode(s));
    const signature = new Uint8Array(c.fixed64.decode(s));
    const logId = c.string.decode(s);
    if (!LOG_ID_PATTERN.test(logId)) throw new ProtocolViolation('a malformed log id');
    return { version, minVersion, workspaceId, identityKey, signature, logId, head: safeUint(s) };
  },
};

const membersCodec: Codec<Uint8Array[]> = c.array(c.uint8array) as Codec<Uint8Array[]>;

const sinceCodec: Codec<Cursor | null> = {
  preencode(s, v) { c.uint.preencode(s, v ? 1 : 0); if (v) { c.string.preencode(s, v.logId); c.uint.preencode(s, v.seq); } },
  encode(s, v) { c.uint.encode(s, v ? 1 : 0); if (v) { c.string.encode(s, v.logId); c.uint.encode(s, v.seq); } },
  decode(s) {
    const flag = c.uint.decode(s);
    if (flag === 0) return null;
    if (flag !== 1) throw new ProtocolViolation('a malformed cursor');
    const logId = c.string.decode(s);
    if (!LOG_ID_PATTERN.test(logId)) throw new ProtocolViolation('a malformed log id');
    return { logId, seq: safeUint(s) };
  },
};

const listedCodec: Codec<ListedDoc> = {
  preencode(s, v) { c.string.preencode(s, v.docId); c.uint8array.preencode(s, v.sv); strictBool.preencode(s, v.local); c.uint8array.preencode(s, v.ds); },
  encode(s, v) { c.string.encode(s, v.docId); c.uint8array.encode(s, v.sv); strictBool.encode(s, v.local); c.uint8array.encode(s, v.ds); },
  decode(s) {
    const entry = { docId: docId(s), sv: stateVector(s), local: strictBool.decode(s), ds: c.uint8array.decode(s) };
    if (entry.ds.byteLength !== 0 && entry.ds.byteLength !== DS_DIGEST_BYTES) throw new ProtocolViolation(`a delete-set digest of ${entry.ds.byteLength} bytes`);
    return entry;
  },
};
const changesCodec: Codec<ChangesMsg> = {
  preencode(s, v) { c.array(listedCodec).preencode(s, v.entries); strictBool.preencode(s, v.final); c.uint.preencode(s, v.head); },
  encode(s, v) { c.array(listedCodec).encode(s, v.entries); strictBool.encode(s, v.final); c.uint.encode(s, v.head); },
  decode: (s) => ({ entries: c.array(listedCodec).decode(s), final: strictBool.decode(s), head: safeUint(s) }),
};

const wantedCodec: Codec<WantedDoc> = {
  preencode(s, v) { c.string.preencode(s, v.docId); c.uint8array.preencode(s, v.sv); },
  encode(s, v) { c.string.encode(s, v.docId); c.uint8array.encode(s, v.sv); },
  decode: (s) => ({ docId: docId(s), sv: stateVector(s) }),
};
const wantCodec: Codec<WantedDoc[]> = c.array(wantedCodec) as Codec<WantedDoc[]>;

const updateCodec: Codec<UpdateMsg> = {
  preencode(s, v) { c.string.preencode(s, v.docId); c.uint.preencode(s, v.part); c.uint.preencode(s, v.parts); c.uint8array.preencode(s, v.bytes); },
  encode(s, v) { c.string.encode(s, v.docId); c.uint.encode(s, v.part); c.uint.encode(s, v.parts); c.uint8array.encode(s, v.bytes); },
  decode: (s) => ({ docId: docId(s), part: safeUint(s), parts: safeUint(s), bytes: c.uint8array.decode(s) }),
};

const ackCodec: Codec<number> = { preencode: (s, v) => c.uint.preencode(s, v), encode: (s, v) => c.uint.encode(s, v), decode: safeUint };

const byeCodec: Codec<ByeReason> = {
  preencode: (s, v) => c.string.preencode(s, v),
  encode: (s, v) => c.string.encode(s, v),
  decode(s) {
    const r = c.string.decode(s);
    if (!(BYE_REASONS as readonly string[]).includes(r)) throw new ProtocolViolation(`an unknown bye reason ${JSON.stringify(r.slice(0, 40))}`);
    return r as ByeReason;
  },
};

export interface MessageMap {
  members: Uint8Array[];
  since: Cursor | null;
  changes: ChangesMsg;
  want: WantedDoc[];
  update: UpdateMsg;
  ack: number;
  bye: ByeReason;
}
export const codecs: { [K in MessageName]: Codec<MessageMap[K]> } = {
  members: membersCodec,
  since: sinceCodec,
  changes: changesCodec,
  want: wantCodec,
  update: updateCodec,
  ack: ackCodec,
  bye: byeCodec,
};

export function encode<T>(codec: Codec<T>, value: T): Uint8Array {
  return c.encode(codec as c.Encoder<T>, value);
}

/** Decodes the whole buffer; trailing bytes or any decoding error are a violation. */
export function decode<T>(codec: Codec<T>, bytes: Uint8Array, what: string): T {
  const s = c.state(0, bytes.byteLength, bytes);
  let value: T;
  try {
    value = codec.decode(s);
  } catch (err) {
    if (err instanceof ProtocolViolation) throw new ProtocolViolation(`${what}: ${err.message}`);
    throw new ProtocolViolation(`${what} could not be decoded (${err instanceof Error ? err.message : String(err)})`);
  }
  if (s.start !== s.end) throw new ProtocolViolation(`${what} has ${s.end - s.start} trailing bytes`);
  return value;
}

/** Only the version fields, so a newer peer's handshake is understood enough to refuse it kindly. */
export function decodeVersion(bytes: Uint8Array): { version: number; minVersion: number } {
  try {
    return versionPrefix.decode(c.state(0, bytes.byteLength, bytes));
  } catch (err) {
    throw new ProtocolViolation(`the handshake could not be decoded (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** Exact encoded size of a listing entry / want entry (for chunking to the caps). */
export function sizeOf<T>(codec: Codec<T>, value: T): number {
  const s = c.state();
  codec.preencode(s, value);
  return s.end;
}
export const entryCodecs = { listed: listedCodec, wanted: wantedCodec };
