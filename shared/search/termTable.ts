/**
 * Term → id hash table (open addressing, FNV-1a) that can look a word up straight from a slice
 * of the source text, lower-casing ASCII on the fly, so indexing does not allocate a string per
 * token. Used for every term lookup of the index.
 */

const EMPTY = 0;

export function hashString(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}

export class TermTable {
  /** id + 1 per slot (0 = empty). */
  private slots: Int32Array;
  private hashes: Int32Array;
  private mask: number;
  private count = 0;
  /** Characters of every term, packed (cache-friendly comparisons); offsets/lengths by id. */
  private pool: Uint16Array = new Uint16Array(1 << 18);
  private poolLen = 0;
  private off: Int32Array = new Int32Array(1 << 14);
  private len: Int32Array = new Int32Array(1 << 14);

  constructor(private readonly terms: string[], capacity = 1 << 15) {
    let cap = 1024;
    while (cap < capacity * 2) cap *= 2;
    this.slots = new Int32Array(cap);
    this.hashes = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  get(term: string): number | undefined {
    const h = hashString(term);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const v = this.slots[i] as number;
      if (v === EMPTY) return undefined;
      if (this.hashes[i] === h && this.terms[v - 1] === term) return v - 1;
    }
  }

  /**
   * Id of the lower-cased ASCII word text[start, end) whose FNV-1a hash (over lower-cased codes)
   * is `h`; -1 when absent.
   */
  getSlice(text: string, start: number, end: number, h: number): number {
    const len = end - start;
    const pool = this.pool;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const v = this.slots[i] as number;
      if (v === EMPTY) return -1;
      if (this.hashes[i] !== h || this.len[v - 1] !== len) continue;
      const o = (this.off[v - 1] as number) - start;
      let k = start;
      while (k < end) {
        let c = text.charCodeAt(k);
        if (c >= 65 && c <= 90) c |= 32;
        if (c !== pool[o + k]) break;
        k++;
      }
      if (k === end) return v - 1;
    }
  }

  /** Registers `terms[id]` (the caller has pushed it). */
  set(term: string, id: number): void {
    if ((this.count + 1) * 2 > this.slots.length) this.rehash();
    this.insert(hashString(term), id);
    this.count++;
    if (id >= this.off.length) {
      let cap = this.off.length * 2;
      while (cap <= id) cap *= 2;
      const off = new Int32Array(cap);
      off.set(this.off);
      const len = new Int32Array(cap);
      len.set(this.len);
      this.off = off;
      this.len = len;
    }
    if (this.poolLen + term.length > this.pool.length) {
      let cap = this.pool.length * 2;
      while (cap < this.poolLen + term.length) cap *= 2;
      const pool = new Uint16Array(cap);
      pool.set(this.pool.subarray(0, this.poolLen));
      this.pool = pool;
    }
    this.off[id] = this.poolLen;
    this.len[id] = term.length;
    for (let k = 0; k < term.length; k++) this.pool[this.poolLen++] = term.charCodeAt(k);
  }

  private insert(h: number, id: number): void {
    let i = h & this.mask;
    while (this.slots[i] !== EMPTY) i = (i + 1) & this.mask;
    this.slots[i] = id + 1;
    this.hashes[i] = h;
  }

  private rehash(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(oldSlots.length * 2);
    this.hashes = new Int32Array(oldSlots.length * 2);
    this.mask = this.slots.length - 1;
    for (let i = 0; i < oldSlots.length; i++) {
      const v = oldSlots[i] as number;
      if (v !== EMPTY) this.insert(oldHashes[i] as number, v - 1);
    }
  }
}
