/**
 * Signed membership entries: one fixed, canonical binary layout per kind, so an entry has exactly
 * one encoding and decoding then re-encoding is the identity. Each entry is signed by the identity
 * key it names as its author (`by` for add/remove, `device` for netkey/name), over a domain label
 * and the body, and carries the workspace id so it can't be replayed into another workspace.
 *
 *   body = 0x01 (version) ‖ kind ‖ workspaceId(32) ‖ device(32) ‖ kind fields ‖ at (u64 BE, ms)
 *   add:    by(32) ‖ nameLen(u8) ‖ name (UTF-8)
 *   netkey: epoch(u32 BE) ‖ noiseKey(32)
 *   remove: by(32)
 *   name:   nameLen(u8) ‖ name (UTF-8)
 *   entry = body ‖ Ed25519 signature(64) over "kindred-membership-v1\0" ‖ body
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { DEVICE_NAME_MAX } from '../../../../shared/host/slices/sync';
import type { PublicKey } from '../types';
import { concatBytes, hash, toHex, utf8 } from './bytes';

export const ENTRY_MAX_BYTES = 4096;
const VERSION = 1;
const SIGNING_LABEL = utf8('kindred-membership-v1\0');
const KIND_CODES = { add: 1, netkey: 2, remove: 3, name: 4 } as const;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

interface EntryBase {
  workspaceId: Uint8Array;
  device: PublicKey;
  /** Milliseconds since the epoch, as claimed by the author. */
  at: number;
}
export type EntryBody =
  | (EntryBase & { kind: 'add'; by: PublicKey; name: string })
  | (EntryBase & { kind: 'netkey'; epoch: number; noiseKey: Uint8Array })
  | (EntryBase & { kind: 'remove'; by: PublicKey })
  | (EntryBase & { kind: 'name'; name: string });

export type MembershipEntry = EntryBody & {
  /** BLAKE2b-256 of the body, hex: identifies the entry whatever its signature bytes. */
  readonly id: string;
  readonly bytes: Uint8Array;
};

export class EntryError extends Error {
  override name = 'EntryError';
}

/** The key that must have signed an entry. */
export function authorOf(body: EntryBody): PublicKey {
  return body.kind === 'add' || body.kind === 'remove' ? body.by : body.device;
}

export function checkDeviceName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new EntryError('A device needs a name.');
  if ([...trimmed].length > DEVICE_NAME_MAX) throw new EntryError(`A device name has at most ${DEVICE_NAME_MAX} characters.`);
  if (utf8(trimmed).length > 255) throw new EntryError('That device name is too long.');
  return trimmed;
}

function encodeBody(body: EntryBody): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([VERSION, KIND_CODES[body.kind]]), body.workspaceId, body.device];
  switch (body.kind) {
    case 'add':
    case 'name': {
      if (body.kind === 'add') parts.push(body.by);
      const name = utf8(checkDeviceName(body.name));
      parts.push(new Uint8Array([name.length]), name);
      break;
    }
    case 'netkey': {
      const epoch = new Uint8Array(4);
      new DataView(epoch.buffer).setUint32(0, body.epoch);
      parts.push(epoch, body.noiseKey);
      break;
    }
    case 'remove':
      parts.push(body.by);
      break;
  }
  const at = new Uint8Array(8);
  new DataView(at.buffer).setBigUint64(0, BigInt(body.at));
  parts.push(at);
  return concatBytes(...parts);
}

function checkBody(body: EntryBody): void {
  const keys: Array<[string, Uint8Array]> = [['workspace id', body.workspaceId], ['device key', body.device]];
  if (body.kind === 'add' || body.kind === 'remove') keys.push(['author key', body.by]);
  if (body.kind === 'netkey') keys.push(['network key', body.noiseKey]);
  for (const [label, key] of keys) if (!(key instanceof Uint8Array) || key.length !== 32) throw new EntryError(`The ${label} must be 32 bytes.`);
  if (!Number.isSafeInteger(body.at) || body.at < 0) throw new EntryError('The entry time is not a valid timestamp.');
  if (body.kind === 'netkey' && (!Number.isInteger(body.epoch) || body.epoch < 0 || body.epoch > 0xffffffff)) {
    throw new EntryError('The epoch is not a valid number.');
  }
}

export function signEntry(body: EntryBody, sign: (message: Uint8Array) => Uint8Array): Uint8Array {
  checkBody(body);
  const encoded = encodeBody(body);
  const signature = sign(concatBytes(SIGNING_LABEL, encoded));
  return concatBytes(encoded, signature);
}

class Reader {
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {}
  take(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) throw new EntryError('The entry is truncated.');
    const out = Uint8Array.from(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return out;
  }
  u8(): number {
    return this.take(1)[0]!;
  }
  u32(): number {
    return new DataView(this.take(4).buffer).getUint32(0);
  }
  u64(): number {
    const value = new DataView(this.take(8).buffer).getBigUint64(0);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new EntryError('The entry time is out of range.');
    return Number(value);
  }
  name(): string {
    const length = this.u8();
    let text: string;
    try {
      text = strictUtf8.decode(this.take(length));
    } catch {
      throw new EntryError('The device name is not valid UTF-8.');
    }
    // Canonical: the name must already be in the form we would write (trimmed, within limits).
    if (checkDeviceName(text) !== text) throw new EntryError('The device name is not in canonical form.');
    return text;
  }
}

/**
 * Decodes and verifies one entry: layout, canonical form and signature. It says nothing about
 * whether the author may write it (that needs the whole log: see membershipState.ts).
 */
export function decodeEntry(input: Uint8Array): MembershipEntry {
  if (!(input instanceof Uint8Array)) throw new EntryError('An entry must be bytes.');
  // A plain copy: a Buffer's slice() is a view into a shared pool, and DataView reads need offsets.
  const bytes = Uint8Array.from(input);
  if (bytes.length > ENTRY_MAX_BYTES) throw new EntryError(`An entry is at most ${ENTRY_MAX_BYTES} bytes.`);
  if (bytes.length < 2 + 64 + 8 + 64) throw new EntryError('The entry is truncated.');
  const reader = new Reader(bytes);
  const version = reader.u8();
  if (version !== VERSION) throw new EntryError(`Unknown entry version ${version}.`);
  const code = reader.u8();
  const workspaceId = reader.take(32);
  const device = reader.take(32);
  let body: EntryBody;
  if (code === KIND_CODES.add) {
    const by = reader.take(32);
    const name = reader.name();
    body = { kind: 'add', workspaceId, device, by, name, at: reader.u64() };
  } else if (code === KIND_CODES.netkey) {
    const epoch = reader.u32();
    const noiseKey = reader.take(32);
    body = { kind: 'netkey', workspaceId, device, epoch, noiseKey, at: reader.u64() };
  } else if (code === KIND_CODES.remove) {
    body = { kind: 'remove', workspaceId, device, by: reader.take(32), at: reader.u64() };
  } else if (code === KIND_CODES.name) {
    const name = reader.name();
    body = { kind: 'name', workspaceId, device, name, at: reader.u64() };
  } else {
    throw new EntryError(`Unknown entry kind ${code}.`);
  }
  const bodyBytes = bytes.subarray(0, reader.offset);
  const signature = reader.take(64);
  if (reader.offset !== bytes.length) throw new EntryError('The entry has trailing bytes.');
  let valid = false;
  try {
    // Strict RFC 8032 verification: one valid signature encoding per (key, message).
    valid = ed25519.verify(signature, concatBytes(SIGNING_LABEL, bodyBytes), authorOf(body), { zip215: false });
  } catch {
    valid = false;
  }
  if (!valid) throw new EntryError(`The ${body.kind} entry has a bad signature.`);
  return { ...body, id: toHex(hash(bodyBytes, 32)), bytes };
}
