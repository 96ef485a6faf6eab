/**
 * Byte-level helpers for the binary segments: a growable writer and a bounds-checked reader of
 * unsigned LEB128 varints and length-prefixed UTF-8 strings, and CRC-32 (IEEE) so damaged bytes
 * are detected before they reach the index. No Buffer: the same code runs in Node and browsers.
 */

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

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

  byte(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v & 0xff;
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

  str(s: string): void {
    // Worst case 3 bytes per UTF-16 unit; encodeInto writes in place without a temporary array.
    this.ensure(5 + s.length * 3);
    const lenAt = this.len;
    this.len += 5; // room for the length varint, moved down below when shorter
    const { written } = utf8.encodeInto(s, this.buf.subarray(this.len));
    const body = this.len;
    this.len = lenAt;
    this.uint(written);
    if (this.len !== body) this.buf.copyWithin(this.len, body, body + written);
    this.len += written;
  }

  append(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  u32(v: number): void {
    this.ensure(4);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 4).setUint32(0, v >>> 0, true);
    this.len += 4;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

// One array per length 0…32, reused: fromCharCode.apply takes its length from the array.
const ASCII_SCRATCH: number[][] = Array.from({ length: 33 }, (_, n) => new Array<number>(n).fill(0));

export class ByteReader {
  constructor(
    private readonly b: Uint8Array,
    private p: number,
    private readonly fail: (message: string) => never,
  ) {}

  byte(): number {
    if (this.p >= this.b.length) this.fail('truncated');
    return this.b[this.p++] as number;
  }

  uint(): number {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (this.p >= this.b.length) this.fail('truncated');
      const x = this.b[this.p++] as number;
      if (shift === 28 && x > 0x0f) this.fail('varint too large');
      v += (x & 0x7f) * 2 ** shift;
      if (x < 0x80) return v;
      shift += 7;
    }
  }

  str(): string {
    const n = this.uint();
    if (this.p + n > this.b.length) this.fail('truncated string');
    if (n <= 32) {
      // Short ASCII (most terms and ids): TextDecoder's call overhead dominates at this size.
      // One fromCharCode call builds a flat string (a += per char would build a rope, which
      // every later hash and comparison has to flatten).
      const codes = ASCII_SCRATCH[n] as number[];
      let k = 0;
      for (; k < n; k++) {
        const c = this.b[this.p + k] as number;
        if (c >= 0x80) break;
        codes[k] = c;
      }
      if (k === n) {
        this.p += n;
        return String.fromCharCode.apply(null, codes);
      }
    }
    let s: string;
    try {
      s = fromUtf8.decode(this.b.subarray(this.p, this.p + n));
    } catch {
      this.fail('invalid UTF-8');
    }
    this.p += n;
    return s;
  }

  /**
   * Reads `n` varints into out[at…], each below `limit` (returns false on the first that is
   * not). One tight loop: a page's word ids are most of a segment's bytes.
   */
  uints(out: Int32Array, at: number, n: number, limit: number): boolean {
    const b = this.b;
    const end = b.length;
    let p = this.p;
    for (let k = 0; k < n; k++) {
      if (p >= end) this.fail('truncated');
      let x = b[p++] as number;
      let v = x & 0x7f;
      if (x >= 0x80) {
        let shift = 7;
        do {
          if (p >= end) this.fail('truncated');
          if (shift === 28) this.fail('varint too large');
          x = b[p++] as number;
          v |= (x & 0x7f) << shift;
          shift += 7;
        } while (x >= 0x80);
      }
      if (v >= limit || v < 0) {
        this.p = p;
        return false;
      }
      out[at + k] = v;
    }
    this.p = p;
    return true;
  }

  /** Bytes not read yet. */
  remaining(): number {
    return this.b.length - this.p;
  }

  atEnd(): boolean {
    return this.p === this.b.length;
  }
}

// Slicing-by-4 tables: four bytes per step (3× faster than one table; the check reads every
// byte of every segment at load).
const CRC_TABLES = new Int32Array(1024);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLES[n] = c;
}
for (let n = 0; n < 256; n++) {
  for (let t = 1; t < 4; t++) {
    const prev = CRC_TABLES[(t - 1) * 256 + n] as number;
    CRC_TABLES[t * 256 + n] = (CRC_TABLES[prev & 0xff] as number) ^ (prev >>> 8);
  }
}

export function crc32(bytes: Uint8Array): number {
  const T = CRC_TABLES;
  let c = -1;
  let i = 0;
  const n4 = bytes.length & ~3;
  for (; i < n4; i += 4) {
    c ^= (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24);
    c =
      (T[768 + (c & 0xff)] as number) ^
      (T[512 + ((c >>> 8) & 0xff)] as number) ^
      (T[256 + ((c >>> 16) & 0xff)] as number) ^
      (T[c >>> 24] as number);
  }
  for (; i < bytes.length; i++) c = (T[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
