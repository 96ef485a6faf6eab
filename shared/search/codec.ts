/**
 * Compact encodings for persisting the index in one record: unsigned LEB128 varints in a byte
 * buffer, carried as base64 so the record stays JSON-safe (IndexedDB, files, postMessage).
 * No Buffer/atob dependency: works the same in Node, browsers and workers.
 */

export class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private len = 0;

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  uint(v: number): void {
    this.ensure(5);
    let x = v >>> 0;
    while (x >= 0x80) {
      this.buf[this.len++] = (x & 0x7f) | 0x80;
      x >>>= 7;
    }
    this.buf[this.len++] = x;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

export class ByteReader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  uint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.buf.length) throw new RangeError('truncated varint');
      const b = this.buf[this.pos++] as number;
      result |= (b & 0x7f) << shift;
      if (b < 0x80) return result >>> 0;
      shift += 7;
      if (shift > 28) throw new RangeError('varint too long');
    }
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 4096;
  for (let off = 0; off < bytes.length; off += CHUNK) {
    const end = Math.min(bytes.length, off + CHUNK);
    const codes: number[] = [];
    let i = off;
    for (; i + 2 < end; i += 3) {
      const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
      codes.push(
        ALPHABET.charCodeAt(n >>> 18),
        ALPHABET.charCodeAt((n >>> 12) & 63),
        ALPHABET.charCodeAt((n >>> 6) & 63),
        ALPHABET.charCodeAt(n & 63),
      );
    }
    if (i < end) {
      const b0 = bytes[i] as number;
      const b1 = i + 1 < end ? (bytes[i + 1] as number) : 0;
      const n = (b0 << 16) | (b1 << 8);
      codes.push(ALPHABET.charCodeAt(n >>> 18), ALPHABET.charCodeAt((n >>> 12) & 63));
      codes.push(i + 1 < end ? ALPHABET.charCodeAt((n >>> 6) & 63) : 61, 61);
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

export function fromBase64(s: string): Uint8Array {
  let len = s.length;
  if (len % 4 !== 0) throw new RangeError('base64 length is not a multiple of 4');
  let pad = 0;
  if (len > 0 && s.charCodeAt(len - 1) === 61) pad++;
  if (len > 1 && s.charCodeAt(len - 2) === 61) pad++;
  const out = new Uint8Array((len / 4) * 3 - pad);
  len -= pad;
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? (DECODE[c] as number) : -1;
    if (v < 0) throw new RangeError(`invalid base64 character at ${i}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}
