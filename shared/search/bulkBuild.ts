/**
 * Two-pass bulk build: pass 1 turns every doc into term ids and counts, per term, how many docs
 * hold it and how often it occurs; pass 2 writes all postings into one exactly-sized buffer.
 * No per-term growth or copying, and the result is as compact as a loaded index.
 */
import {
  emptyState, ensureDict, ensureTermScratch, newIdList, pushDocMeta, tokenIds, TITLE_WEIGHT, type IdList, type IndexState,
} from './indexState';
import type { SearchDoc } from './types';

const TITLE_EXTRA = TITLE_WEIGHT - 1;

export class BulkBuilder {
  private readonly s: IndexState = emptyState();
  private readonly tids: IdList = newIdList(1 << 20);
  private docs: SearchDoc[] = [];
  /** Per doc: start of its ids in `tids`, then title length. */
  private starts: number[] = [];
  private titleLens: number[] = [];
  private skip: boolean[] = [];
  private byId = new Map<string, number>();
  private occ: Int32Array = new Int32Array(1 << 14);
  private lastDoc: Int32Array = new Int32Array(1 << 14).fill(-1);

  get count(): number {
    return this.docs.length;
  }

  private growCounters(n: number): void {
    if (n <= this.occ.length) return;
    let cap = this.occ.length;
    while (cap < n) cap *= 2;
    const occ = new Int32Array(cap);
    occ.set(this.occ);
    const last = new Int32Array(cap).fill(-1);
    last.set(this.lastDoc);
    this.occ = occ;
    this.lastDoc = last;
  }

  /** Pass 1 for one doc. A repeated id replaces the earlier doc. */
  add(doc: SearchDoc): void {
    const k = this.docs.length;
    const prev = this.byId.get(doc.id);
    if (prev !== undefined) this.forget(prev);
    this.byId.set(doc.id, k);
    const start = this.tids.n;
    tokenIds(this.s, doc.title, this.tids);
    const T = this.tids.n - start;
    tokenIds(this.s, doc.text, this.tids);
    this.growCounters(this.s.termStr.length);
    const a = this.tids.a;
    const df = this.s.df;
    for (let i = start; i < this.tids.n; i++) {
      const t = a[i] as number;
      this.occ[t] = (this.occ[t] as number) + 1;
      if (this.lastDoc[t] !== k) {
        this.lastDoc[t] = k;
        df[t] = (df[t] as number) + 1;
      }
    }
    this.docs.push(doc);
    this.starts.push(start);
    this.titleLens.push(T);
    this.skip.push(false);
  }

  private forget(k: number): void {
    this.skip[k] = true;
    const end = k + 1 < this.starts.length ? (this.starts[k + 1] as number) : this.tids.n;
    const seen = new Set<number>();
    for (let i = this.starts[k] as number; i < end; i++) {
      const t = this.tids.a[i] as number;
      this.occ[t] = (this.occ[t] as number) - 1;
      if (!seen.has(t)) {
        seen.add(t);
        this.s.df[t] = (this.s.df[t] as number) - 1;
      }
    }
  }

  /** Pass 2: packs the postings and returns the finished state. */
  finish(): IndexState {
    const s = this.s;
    const nTerms = s.termStr.length;
    const offsets = new Int32Array(nTerms + 1);
    for (let t = 0; t < nTerms; t++) offsets[t + 1] = (offsets[t] as number) + 3 * (s.df[t] as number) + (this.occ[t] as number);
    const big = new Int32Array(offsets[nTerms] as number);
    const { cnt, titleCnt, cursor } = ensureTermScratch(nTerms);
    const write = new Int32Array(offsets.subarray(0, nTerms));
    const a = this.tids.a;
    const uniq = new Int32Array(4096);
    for (let k = 0; k < this.docs.length; k++) {
      if (this.skip[k]) continue;
      const start = this.starts[k] as number;
      const end = k + 1 < this.starts.length ? (this.starts[k + 1] as number) : this.tids.n;
      const T = this.titleLens[k] as number;
      const docNum = pushDocMeta(s, this.docs[k] as SearchDoc, end - start);
      let nu = 0;
      let u = uniq;
      for (let i = start; i < end; i++) {
        const t = a[i] as number;
        if (cnt[t] === 0) {
          if (nu === u.length) {
            const g = new Int32Array(u.length * 2);
            g.set(u);
            u = g;
          }
          u[nu++] = t;
        }
        cnt[t] = (cnt[t] as number) + 1;
        if (i - start < T) titleCnt[t] = (titleCnt[t] as number) + 1;
      }
      for (let j = 0; j < nu; j++) {
        const t = u[j] as number;
        const n = cnt[t] as number;
        const off = write[t] as number;
        big[off] = docNum;
        big[off + 1] = n + TITLE_EXTRA * (titleCnt[t] as number);
        big[off + 2] = n;
        cursor[t] = off + 3;
        write[t] = off + 3 + n;
      }
      for (let i = start; i < end; i++) {
        const t = a[i] as number;
        const p = i - start;
        big[cursor[t] as number] = p < T ? p : p + 1;
        cursor[t] = (cursor[t] as number) + 1;
      }
      for (let j = 0; j < nu; j++) {
        const t = u[j] as number;
        cnt[t] = 0;
        titleCnt[t] = 0;
      }
    }
    for (let t = 0; t < nTerms; t++) {
      const o = offsets[t] as number;
      const len = (offsets[t + 1] as number) - o;
      s.post[t] = big.subarray(o, o + len);
      s.postLen[t] = len;
    }
    this.docs = [];
    ensureDict(s);
    return s;
  }
}
