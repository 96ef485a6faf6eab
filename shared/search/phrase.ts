/**
 * Exact phrase matching over the positional postings. Candidates come from the rarest phrase
 * word; every other word only narrows them, and positions are compared only for the docs that
 * hold every word (never for every doc of a common word).
 *
 * A term's postings come in parts (sealed base, loaded chunks, appended tail; see partsOf).
 * Locations are "virtual" offsets: offsets into the parts laid end to end.
 */
import { partsOf, type IndexState } from './indexState';

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

// docNum → 1 + candidate index (0 = not a candidate); reset after each call.
let slot = new Int32Array(0);

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
  if (slot.length < s.ids.length) slot = new Int32Array(Math.max(1024, s.ids.length * 2));
  const k0 = order[0] as number;
  // cand[c] = docNum; loc[c * L + k] = 1 + virtual offset of the doc's entry for phrase word k.
  const cand: number[] = [];
  const loc: number[] = [];
  const partsByWord = tids.map((t) => partsOf(s, t));
  const parts0 = partsByWord[k0] as (Int32Array | number)[];
  for (let part = 0, shift = 0; part < parts0.length; shift += parts0[part + 1] as number, part += 2) {
    const buf = parts0[part] as Int32Array;
    const len = parts0[part + 1] as number;
    for (let o = 0; o < len; o += 3 + (buf[o + 2] as number)) {
      const d = buf[o] as number;
      if (!allowed[d]) continue;
      cand.push(d);
      for (let k = 0; k < L; k++) loc.push(k === k0 ? o + shift + 1 : 0);
      slot[d] = cand.length;
    }
  }
  try {
    for (let r = 1; r < L && cand.length > 0; r++) {
      const k = order[r] as number;
      const t = tids[k] as number;
      const first = tids.indexOf(t);
      if (first !== k) {
        // Same word twice in the phrase: reuse the earlier word's locations.
        for (let c = 0; c < cand.length; c++) loc[c * L + k] = loc[c * L + first] as number;
        continue;
      }
      const parts = partsByWord[k] as (Int32Array | number)[];
      for (let part = 0, shift = 0; part < parts.length; shift += parts[part + 1] as number, part += 2) {
        const buf = parts[part] as Int32Array;
        const len = parts[part + 1] as number;
        for (let o = 0; o < len; o += 3 + (buf[o + 2] as number)) {
          const c = slot[buf[o] as number] as number;
          if (c !== 0) loc[(c - 1) * L + k] = o + shift + 1;
        }
      }
      // Keep the candidates that hold this word too.
      let m = 0;
      for (let c = 0; c < cand.length; c++) {
        const d = cand[c] as number;
        if (loc[c * L + k] === 0) {
          slot[d] = 0;
          continue;
        }
        cand[m] = d;
        for (let j = 0; j < L; j++) loc[m * L + j] = loc[c * L + j] as number;
        slot[d] = m + 1;
        m++;
      }
      cand.length = m;
      loc.length = m * L;
    }
    const at = (k: number, virt: number): { buf: Int32Array; o: number } => {
      const parts = partsByWord[k] as (Int32Array | number)[];
      let o = virt;
      for (let part = 0; part < parts.length; part += 2) {
        const len = parts[part + 1] as number;
        if (o < len) return { buf: parts[part] as Int32Array, o };
        o -= len;
      }
      throw new Error('phrase: location beyond the postings');
    };
    for (let c = 0; c < cand.length; c++) {
      const parts = [];
      for (let k = 0; k < L; k++) parts.push(at(k, (loc[c * L + k] as number) - 1));
      const a = parts[k0]!;
      const an = a.buf[a.o + 2] as number;
      let count = 0;
      for (let p = 0; p < an; p++) {
        const start = (a.buf[a.o + 3 + p] as number) - k0;
        let ok = start >= 0;
        for (let k = 0; k < L && ok; k++) {
          if (k === k0) continue;
          const e = parts[k]!;
          ok = contains(e.buf, e.o + 3, e.buf[e.o + 2] as number, start + k);
        }
        if (ok) count++;
      }
      if (count > 0) result.set(cand[c] as number, count);
    }
  } finally {
    for (const d of cand) slot[d] = 0;
  }
  return result;
}
