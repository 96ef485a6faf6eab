/**
 * A strict, allocation-light reader for Yjs V1 updates (the format of Y.encodeStateAsUpdate and
 * of y-indexeddb rows). It does not build Yjs structs: it walks the bytes, records where every
 * struct starts and ends, its clock range and the IDs it refers to, so updateChunks.ts can cut
 * the update at struct boundaries and order the pieces. Everything Yjs would read is checked
 * here (bounds, varint size, content types, UTF-8, JSON), because a chunk list built from a
 * misread update would be silently wrong.
 */

export class MalformedUpdateError extends Error {
  override name = 'MalformedUpdateError';
  constructor(what: string, offset: number) {
    super(`Malformed Yjs update: ${what} at byte ${offset}`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A cursor over the update bytes; every read checks bounds and throws MalformedUpdateError. */
export class ByteReader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  fail(what: string, at: number = this.pos): never {
    throw new MalformedUpdateError(what, at);
  }

  u8(): number {
    if (this.pos >= this.bytes.length) this.fail('unexpected end of data');
    return this.bytes[this.pos++] as number;
  }

  /** lib0 varUint: 7 bits a byte, little-endian; larger than 2^53 is an overflow. */
  varUint(): number {
    const start = this.pos;
    const b = this.bytes;
    // Most varUints in an update (lengths, small clocks, flags) are one byte.
    if (start < b.length && (b[start] as number) < 0x80) {
      this.pos = start + 1;
      return b[start] as number;
    }
    let num = 0;
    let mult = 1;
    while (this.pos < b.length) {
      const r = b[this.pos++] as number;
      num += (r & 0x7f) * mult;
      if (r < 0x80) {
        if (num > Number.MAX_SAFE_INTEGER) this.fail('varint overflow', start);
        return num;
      }
      mult *= 128;
      if (num > Number.MAX_SAFE_INTEGER || mult > 2 ** 56) this.fail('varint overflow', start);
    }
    return this.fail('unexpected end of data inside a varint', start);
  }

  /** lib0 varInt (sign in bit 6 of the first byte): skipped, only bounds and size checked. */
  skipVarInt(): void {
    const start = this.pos;
    let r = this.u8();
    let shifts = 0;
    while (r >= 0x80) {
      if (++shifts > 8) this.fail('varint overflow', start);
      r = this.u8();
    }
  }

  skip(n: number, what: string): void {
    if (n > this.bytes.length - this.pos) this.fail(`${what} runs past the end`);
    this.pos += n;
  }

  /**
   * Skips a varString and returns its length in UTF-16 code units (Yjs's clock length of a
   * string item), validating UTF-8 as strictly as lib0's fatal TextDecoder does.
   */
  varString(): number {
    const lenAt = this.pos;
    const n = this.varUint();
    if (n > this.bytes.length - this.pos) this.fail('string runs past the end', lenAt);
    const start = this.pos;
    const end = start + n;
    const b = this.bytes;
    let units = 0;
    let i = start;
    // Fast path: count code units from lead bytes; fall back to the decoder on anything odd.
    while (i < end) {
      const c = b[i] as number;
      if (c < 0x80) {
        i++;
        units++;
        continue;
      }
      break;
    }
    if (i < end) {
      let text: string;
      try {
        text = utf8.decode(b.subarray(i, end));
      } catch {
        this.fail('invalid UTF-8 in a string', start);
      }
      units += text.length;
    }
    this.pos = end;
    return units;
  }

  /** A varString that Yjs will JSON.parse (format attributes, embeds, JSON content). */
  jsonString(allowUndefined: boolean): void {
    const lenAt = this.pos;
    const n = this.varUint();
    if (n > this.bytes.length - this.pos) this.fail('string runs past the end', lenAt);
    const start = this.pos;
    this.pos += n;
    let text: string;
    try {
      text = utf8.decode(this.bytes.subarray(start, this.pos));
    } catch {
      return this.fail('invalid UTF-8 in a string', start);
    }
    if (allowUndefined && text === 'undefined') return;
    try {
      JSON.parse(text);
    } catch {
      this.fail('invalid JSON in a string', start);
    }
  }

  /** lib0 writeAny value: a type byte 116..127 then its payload. */
  skipAny(depth = 0): void {
    if (depth > 1000) this.fail('value nested too deeply');
    const at = this.pos;
    const t = this.u8();
    switch (t) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        return;
      case 125:
        return this.skipVarInt();
      case 124:
        return this.skip(4, 'float32');
      case 123:
      case 122: // float64, bigint64
        return this.skip(8, 'number');
      case 119:
        this.varString();
        return;
      case 118: {
        const n = this.varUint();
        for (let i = 0; i < n; i++) {
          this.varString();
          this.skipAny(depth + 1);
        }
        return;
      }
      case 117: {
        const n = this.varUint();
        for (let i = 0; i < n; i++) this.skipAny(depth + 1);
        return;
      }
      case 116:
        return this.skip(this.varUint(), 'binary');
      default:
        this.fail(`unknown value type ${t}`, at);
    }
  }
}
