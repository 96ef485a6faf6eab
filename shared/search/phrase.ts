/** Exact phrase matching over the positional postings. */
import type { IndexState } from './indexState';

function contains(buf: Int32Array, from: number, n: number, v: number): boolean {
  let lo = from;
  let hi = from + n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = buf[mid] as number;
    if (x === v) return true;
    if (x < v) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/** docNum → number of occurrences of the phrase, among allowed docs. */
export function phraseDocs(s: IndexState, phrase: readonly string[], allowed: Uint8Array): Map<number, number> {
  const result = new Map<number, number>();
  const tids: number[] = [];
  for (const term of phrase) {
    const t = s.termIds.get(term);
    if (t === undefined || (s.df[t] as number) <= 0) return result;
    tids.push(t);
  }
  const L = tids.length;
  const order = tids.map((_, i) => i).sort((a, b) => (s.df[tids[a]!] as number) - (s.df[tids[b]!] as number));
  const n = s.ids.length;
  // offs[d * L + k] = 1 + offset of doc d's posting for phrase word k (0 = none).
  const offs = new Int32Array(n * L);
  const k0 = order[0] as number;
  let cand = new Int32Array(s.df[tids[k0]!] as number);
  let nc = 0;
  {
    const buf = s.post[tids[k0]!] as Int32Array;
    const len = s.postLen[tids[k0]!] as number;
    for (let o = 0; o < len; o += 3 + (buf[o + 2] as number)) {
      const d = buf[o] as number;
      if (!allowed[d] || nc >= cand.length) continue;
      offs[d * L + k0] = o + 1;
      cand[nc++] = d;
    }
  }
  for (let r = 1; r < L && nc > 0; r++) {
    const k = order[r] as number;
    const first = tids.indexOf(tids[k]!);
    if (first !== k) {
      // Same word twice in the phrase: reuse the earlier word's offsets.
      for (let i = 0; i < nc; i++) offs[cand[i]! * L + k] = offs[cand[i]! * L + first] as number;
      continue;
    }
    const buf = s.post[tids[k]!] as Int32Array;
    const len = s.postLen[tids[k]!] as number;
    for (let o = 0; o < len; o += 3 + (buf[o + 2] as number)) {
      const d = buf[o] as number;
      if (d < n && offs[d * L + k0] !== 0) offs[d * L + k] = o + 1;
    }
    let m = 0;
    for (let i = 0; i < nc; i++) {
      const d = cand[i] as number;
      if (offs[d * L + k] !== 0) cand[m++] = d;
    }
    nc = m;
  }
  cand = cand.subarray(0, nc);
  const abuf = s.post[tids[k0]!] as Int32Array;
  for (const d of cand) {
    const ao = (offs[d * L + k0] as number) - 1;
    const an = abuf[ao + 2] as number;
    let count = 0;
    for (let p = 0; p < an; p++) {
      const start = (abuf[ao + 3 + p] as number) - k0;
      let ok = start >= 0;
      for (let k = 0; k < L && ok; k++) {
        if (k === k0) continue;
        const buf = s.post[tids[k]!] as Int32Array;
        const o = (offs[d * L + k] as number) - 1;
        ok = contains(buf, o + 3, buf[o + 2] as number, start + k);
      }
      if (ok) count++;
    }
    if (count > 0) result.set(d, count);
  }
  return result;
}

