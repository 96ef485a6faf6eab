/**
 * Compact encodings for persisting the index in one record: unsigned LEB128 varints in a byte
 * buffer, carried as base64 so the record stays JSON-safe (IndexedDB, files, postMessage).
 * No Buffer/atob dependency: works the same in Node, browsers and workers.
 */

/** The growable varint writer is the binary segments' (binary.ts): one implementation. */
export { ByteWriter } from './binary';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE = new Uint8Array(64);
const DECODE = new Int8Array(65536).fill(-1); // every UTF-16 code unit: invalid ones stay -1
for (let i = 0; i < 64; i++) {
  ENCODE[i] = ALPHABET.charCodeAt(i);
  DECODE[ALPHABET.charCodeAt(i)] = i;
}
const PAD = 61; // '='

/** Standard base64 (with padding). Encodes into bytes first: one string allocation in total. */
export function toBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = ENCODE[v >>> 18] as number;
    out[o++] = ENCODE[(v >>> 12) & 63] as number;
    out[o++] = ENCODE[(v >>> 6) & 63] as number;
    out[o++] = ENCODE[v & 63] as number;
  }
  if (i < n) {
    const v = ((bytes[i] as number) << 16) | (i + 1 < n ? (bytes[i + 1] as number) << 8 : 0);
    out[o++] = ENCODE[v >>> 18] as number;
    out[o++] = ENCODE[(v >>> 12) & 63] as number;
    out[o++] = i + 1 < n ? (ENCODE[(v >>> 6) & 63] as number) : PAD;
    out[o++] = PAD;
  }
  return new TextDecoder().decode(out); // all ASCII, so UTF-8 decoding is the identity
}

export function fromBase64(s: string): Uint8Array {
  const len = s.length;
  if (len % 4 !== 0) throw new RangeError('base64 length is not a multiple of 4');
  let pad = 0;
  if (len > 0 && s.charCodeAt(len - 1) === PAD) pad++;
  if (len > 1 && s.charCodeAt(len - 2) === PAD) pad++;
  const out = new Uint8Array((len / 4) * 3 - pad);
  const full = pad > 0 ? len - 4 : len;
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const a = DECODE[s.charCodeAt(i) ] as number;
    const b = DECODE[s.charCodeAt(i + 1) ] as number;
    const c = DECODE[s.charCodeAt(i + 2) ] as number;
    const d = DECODE[s.charCodeAt(i + 3) ] as number;
    if ((a | b | c | d) < 0) throw new RangeError(`invalid base64 character near ${i}`);
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  if (pad > 0) {
    const a = DECODE[s.charCodeAt(full) ] as number;
    const b = DECODE[s.charCodeAt(full + 1) ] as number;
    const c = pad === 1 ? (DECODE[s.charCodeAt(full + 2) ] as number) : 0;
    if ((a | b | c) < 0) throw new RangeError('invalid base64 padding');
    const v = (a << 18) | (b << 12) | (c << 6);
    out[o++] = v >>> 16;
    if (pad === 1) out[o++] = (v >>> 8) & 255;
  }
  return out;
}
