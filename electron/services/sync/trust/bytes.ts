/**
 * Small byte helpers shared by the trust layer: hex, Crockford base32, concatenation and
 * constant-time comparison. Kept here so every module encodes the same way.
 */
import { blake2b } from '@noble/hashes/blake2.js';

const textEncoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return textEncoder.encode(text);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) throw new Error('Not a hex string.');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Compares without an early exit, so timing says nothing about where two MACs differ. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** BLAKE2b with an output length; `personal` separates the uses of one input. */
export function hash(data: Uint8Array, dkLen = 32): Uint8Array {
  return blake2b(data, { dkLen });
}

// Crockford base32: no I, L, O, U, so a human reading it aloud or typing it rarely slips.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += CROCKFORD[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes Crockford base32 (case-insensitive; I/L read as 1, O as 0, as the alphabet intends).
 * Returns null on a character outside the alphabet or non-zero padding bits.
 */
export function base32Decode(text: string): Uint8Array | null {
  const normalized = text.toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of normalized) {
    const value = CROCKFORD.indexOf(char);
    if (value < 0) return null;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits >= 5 || buffer !== 0) return null;
  return new Uint8Array(out);
}
