/**
 * An in-memory ordered key-value backend for fast tests: a sorted key array beside a Map.
 * Same contract as the LevelDB backend (atomic batches, snapshot ranges, UTF-8 key order).
 */
import { StoreError } from '../types';
import { compareKeys, type BackendOp, type BackendRange, type KvBackend } from '../backend';

export class MemoryBackend implements KvBackend {
  private closed = false;

  constructor(
    private readonly values = new Map<string, Uint8Array>(),
    private readonly keys: string[] = [],
  ) {}

  /** A new, open backend over the same data (a "restart" of an in-memory store). */
  reopen(): MemoryBackend {
    return new MemoryBackend(this.values, this.keys);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    this.check();
    const v = this.values.get(key);
    return v === undefined ? undefined : new Uint8Array(v);
  }

  async batch(ops: readonly BackendOp[]): Promise<void> {
    this.check();
    for (const op of ops) {
      if (op.type === 'put') {
        if (!this.values.has(op.key)) this.keys.splice(this.lowerBound(op.key), 0, op.key);
        // Copy: the caller may reuse its buffer, and LevelDB would not see later changes either.
        this.values.set(op.key, new Uint8Array(op.value));
      } else if (this.values.delete(op.key)) {
        this.keys.splice(this.lowerBound(op.key), 1);
      }
    }
  }

  async range(r: BackendRange): Promise<Array<[string, Uint8Array]>> {
    this.check();
    let start = 0;
    if (r.gte !== undefined) start = this.lowerBound(r.gte);
    else if (r.gt !== undefined) start = this.upperBound(r.gt);
    let end = this.keys.length;
    if (r.lte !== undefined) end = this.upperBound(r.lte);
    else if (r.lt !== undefined) end = this.lowerBound(r.lt);
    const out: Array<[string, Uint8Array]> = [];
    const limit = r.limit === undefined || r.limit < 0 ? Infinity : r.limit;
    if (r.reverse) {
      for (let i = end - 1; i >= start && out.length < limit; i--) out.push(this.entry(i));
    } else {
      for (let i = start; i < end && out.length < limit; i++) out.push(this.entry(i));
    }
    return out;
  }

  async verify(): Promise<void> {}
  async recover(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
  }

  private entry(i: number): [string, Uint8Array] {
    const k = this.keys[i] as string;
    return [k, new Uint8Array(this.values.get(k) as Uint8Array)];
  }

  private check(): void {
    if (this.closed) throw new StoreError('closed', 'The store is closed.');
  }

  /** First index whose key is >= key. */
  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[mid] as string, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose key is > key. */
  private upperBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[mid] as string, key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
