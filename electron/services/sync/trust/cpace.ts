/**
 * CPace (draft-irtf-cfrg-cpace), cipher suite CPACE-RISTR255-SHA512: a balanced PAKE that turns
 * a short password (the words of a short code) into a strong shared key, giving an attacker one
 * online guess per run and nothing to test offline.
 *
 * Kindred binds each run to its Noise session: sid is the handshake hash, so a run relayed onto
 * another connection derives a different key and fails key confirmation.
 */
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { randomBytes } from 'node:crypto';
import { concatBytes, equalBytes, utf8 } from './bytes';

type RistrettoPoint = InstanceType<typeof ristretto255.Point>;

export const CPACE_DSI = utf8('CPaceRistretto255');
/** SHA-512's input block size: the generator string pads DSI and PRS to fill one block. */
const SHA512_BLOCK_BYTES = 128;
const FIELD_BYTES = 32;
/** G.I: the encoding of the neutral element. */
export const CPACE_IDENTITY = new Uint8Array(FIELD_BYTES);
const GROUP_ORDER = ristretto255.Point.Fn.ORDER;

export class CpaceError extends Error {
  override name = 'CpaceError';
}

/** LEB128 length, then the bytes. */
export function prependLen(data: Uint8Array): Uint8Array {
  const length: number[] = [];
  let remaining = data.length;
  do {
    const low = remaining & 0x7f;
    remaining = Math.floor(remaining / 128);
    length.push(remaining > 0 ? low | 0x80 : low);
  } while (remaining > 0);
  return concatBytes(new Uint8Array(length), data);
}

export function prefixFreeCat(...parts: readonly Uint8Array[]): Uint8Array {
  return concatBytes(...parts.map(prependLen));
}

/**
 * Splits a prefix_free_cat message into its fields, or throws (the draft's MUST abort); with
 * `count`, exactly that many fields.
 */
export function parsePrefixFree(message: Uint8Array, count?: number): Uint8Array[] {
  const fields: Uint8Array[] = [];
  let offset = 0;
  while (offset < message.length) {
    let length = 0;
    let shift = 1;
    for (;;) {
      if (offset >= message.length) throw new CpaceError('A CPace message has a truncated length field.');
      const byte = message[offset++]!;
      length += (byte & 0x7f) * shift;
      if ((byte & 0x80) === 0) break;
      shift *= 128;
      if (shift > 2 ** 28) throw new CpaceError('A CPace message has an oversized length field.');
    }
    if (offset + length > message.length) throw new CpaceError('A CPace message is shorter than its length fields say.');
    fields.push(Uint8Array.from(message.subarray(offset, offset + length)));
    offset += length;
  }
  if (count !== undefined && fields.length !== count) throw new CpaceError(`A CPace message has ${fields.length} fields instead of ${count}.`);
  return fields;
}

export function lexicographicallyLarger(a: Uint8Array, b: Uint8Array): boolean {
  const min = Math.min(a.length, b.length);
  for (let i = 0; i < min; i++) {
    if (a[i]! > b[i]!) return true;
    if (a[i]! < b[i]!) return false;
  }
  return a.length > b.length;
}

export function oCat(a: Uint8Array, b: Uint8Array): Uint8Array {
  return lexicographicallyLarger(a, b) ? concatBytes(a, b) : concatBytes(b, a);
}

export function generatorString(dsi: Uint8Array, prs: Uint8Array, ci: Uint8Array, sid: Uint8Array, sInBytes = SHA512_BLOCK_BYTES): Uint8Array {
  const zpad = Math.max(0, sInBytes - 1 - prependLen(prs).length - prependLen(dsi).length);
  return prefixFreeCat(dsi, prs, new Uint8Array(zpad), ci, sid);
}

/** The secret generator: SHA-512 of the generator string, through ristretto255's one-way map. */
export function calculateGenerator(prs: Uint8Array, ci: Uint8Array, sid: Uint8Array): RistrettoPoint {
  const uniform = sha512(generatorString(CPACE_DSI, prs, ci, sid));
  return ristretto255_hasher.deriveToCurve!(uniform);
}

function scalarFromLE(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

/** 32 random bytes with the bits above 252 cleared, read little-endian (the draft's recommendation). */
export function sampleScalar(): Uint8Array {
  for (;;) {
    const bytes = new Uint8Array(randomBytes(FIELD_BYTES));
    bytes[31]! &= 0x0f;
    const value = scalarFromLE(bytes);
    if (value !== 0n && value < GROUP_ORDER) return bytes;
  }
}

export function scalarMult(scalar: Uint8Array, point: RistrettoPoint): Uint8Array {
  const value = scalarFromLE(scalar) % GROUP_ORDER;
  if (value === 0n) return Uint8Array.from(CPACE_IDENTITY);
  return point.multiply(value).toBytes();
}

/** Decodes X and multiplies; G.I when X is not a valid encoding or the result is the identity. */
export function scalarMultVfy(scalar: Uint8Array, encoded: Uint8Array): Uint8Array {
  let point: RistrettoPoint;
  try {
    point = ristretto255.Point.fromBytes(encoded);
  } catch {
    return Uint8Array.from(CPACE_IDENTITY);
  }
  if (point.is0()) return Uint8Array.from(CPACE_IDENTITY);
  return scalarMult(scalar, point);
}

export function deriveIsk(sid: Uint8Array, k: Uint8Array, msgA: Uint8Array, msgB: Uint8Array, parallel = false): Uint8Array {
  const transcript = parallel ? oCat(msgA, msgB) : concatBytes(msgA, msgB);
  return sha512(concatBytes(prefixFreeCat(concatBytes(CPACE_DSI, utf8('_ISK')), sid, k), transcript));
}

export interface CpaceParty {
  /** The message to send: prefix_free_cat(Y, AD). */
  readonly message: Uint8Array;
  /** Derives ISK from the other party's message; throws on a malformed message or K = G.I. */
  finish(peerMessage: Uint8Array): { isk: Uint8Array; peerAd: Uint8Array };
}

export interface CpaceInputs {
  prs: Uint8Array;
  ci: Uint8Array;
  sid: Uint8Array;
  ad: Uint8Array;
  role: 'initiator' | 'responder';
  /** Tests only: a fixed scalar (the draft's vectors). */
  scalar?: Uint8Array;
}

/** One side of an initiator/responder run (MSGa is the initiator's, sent first). */
export function cpaceParty(inputs: CpaceInputs): CpaceParty {
  const scalar = inputs.scalar ?? sampleScalar();
  const generator = calculateGenerator(inputs.prs, inputs.ci, inputs.sid);
  const message = prefixFreeCat(scalarMult(scalar, generator), inputs.ad);
  return {
    message,
    finish(peerMessage) {
      const [peerY, peerAd] = parsePrefixFree(peerMessage, 2) as [Uint8Array, Uint8Array];
      if (peerY.length !== FIELD_BYTES) throw new CpaceError('The other side sent a share of the wrong size.');
      const k = scalarMultVfy(scalar, peerY);
      if (equalBytes(k, CPACE_IDENTITY)) throw new CpaceError('The other side sent an invalid share.');
      const [msgA, msgB] = inputs.role === 'initiator' ? [message, peerMessage] : [peerMessage, message];
      return { isk: deriveIsk(inputs.sid, k, msgA, msgB), peerAd };
    },
  };
}

/** Explicit key confirmation as the draft suggests: each side MACs the message it sent. */
export function confirmationTag(isk: Uint8Array, sentMessage: Uint8Array): Uint8Array {
  const macKey = sha512(concatBytes(utf8('CPaceMac'), isk));
  return hmac(sha512, macKey, sentMessage);
}
