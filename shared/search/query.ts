/**
 * Query execution over IndexState: term expansion (exact, prefix, typo), BM25 scoring with the
 * best expansion per query word, required phrases, filters and top-k selection.
 *
 * Score of a doc = (Σ over query words of max over that word's expansions of
 *   weight × idf × BM25-tf) + phrase scores, times ((matched words + phrases) / (words + phrases))²
 * so a page with every word outranks one with a single (even rare) word.
 */
import { ensureDict, type IndexState } from './indexState';
import type { ParsedQuery, SearchFilter } from './types';

const K1 = 1.2;
const B = 0.75;
/** Weights of expansions relative to the exact word. Prefix completions: MIN + SPAN × typed/len. */
const W_PREFIX_MIN = 0.7;
const W_PREFIX_SPAN = 0.3;
/** When what was typed is already a word, its completions count half (the word may be done). */
const W_PREFIX_KNOWN = 0.5;
const W_TYPO1 = 0.55;
const W_TYPO2 = 0.3;
/** When the word exists as typed, its typo neighbours are weaker still. */
const W_TYPO_KNOWN = 0.6;
const MAX_PREFIX_EXPANSIONS = 60;
const MAX_TYPO_EXPANSIONS = 40;
/** Above this many completions, keep the most frequent (scan bounded for 1–2 letter prefixes). */
const MAX_PREFIX_SCAN = 20000;

export interface Expansion {
  tid: number;
  term: string;
  weight: number;
}

export interface ExecResult {
  docs: number[];
  scores: number[];
  /** Index terms that matched (for highlighting). */
  matchedTerms: Set<string>;
}

function isNumeric(term: string): boolean {
  return /^\d+$/.test(term);
}

/** Typo budget by word length: none below 4 characters, 1 edit from 4, 2 edits from 8. */
export function typoBudget(term: string): number {
  if (term.length < 4 || isNumeric(term)) return 0;
  return term.length >= 8 ? 2 : 1;
}

export function expandTerm(s: IndexState, term: string, prefix: boolean, fuzzy: boolean): Expansion[] {
  const out = new Map<number, Expansion>();
  const put = (t: string, weight: number): void => {
    const tid = s.termIds.get(t);
    if (tid === undefined || (s.df[tid] as number) <= 0) return;
    const prev = out.get(tid);
    if (!prev || prev.weight < weight) out.set(tid, { tid, term: t, weight });
  };
  put(term, 1);
  const exists = out.size > 0;
  const dict = ensureDict(s);
  if (prefix) {
    const found: Expansion[] = [];
    dict.withPrefix(
      term,
      (tid) => {
        const t = s.termStr[tid] as string;
        if (t === term || (s.df[tid] as number) <= 0) return;
        const w = W_PREFIX_MIN + W_PREFIX_SPAN * (term.length / t.length);
        found.push({ tid, term: t, weight: exists ? w * W_PREFIX_KNOWN : w });
      },
      MAX_PREFIX_SCAN,
    );
    if (found.length > MAX_PREFIX_EXPANSIONS) {
      found.sort((a, b) => (s.df[b.tid] as number) - (s.df[a.tid] as number));
      found.length = MAX_PREFIX_EXPANSIONS;
    }
    for (const e of found) put(e.term, e.weight);
  }
  const budget = fuzzy ? typoBudget(term) : 0;
  if (budget > 0) {
    const typos: { t: string; d: number }[] = [];
    dict.fuzzy(term, budget, (tid, d) => {
      const t = s.termStr[tid] as string;
      if (t !== term) typos.push({ t, d });
    });
    if (typos.length > MAX_TYPO_EXPANSIONS) typos.sort((a, b) => a.d - b.d).length = MAX_TYPO_EXPANSIONS;
    const k = exists ? W_TYPO_KNOWN : 1;
    for (const { t, d } of typos) put(t, (d === 1 ? W_TYPO1 : W_TYPO2) * k);
  }
  return Array.from(out.values());
}

// Scratch arrays indexed by docNum, reused between searches.
let tokBest = new Float64Array(0);
let total = new Float64Array(0);
let matched = new Uint16Array(0);
let touchedTok = new Int32Array(0);
let touchedAll = new Int32Array(0);

function ensureScratch(n: number): void {
  if (tokBest.length >= n) return;
  const cap = Math.max(1024, n * 2);
  tokBest = new Float64Array(cap);
  total = new Float64Array(cap);
  matched = new Uint16Array(cap);
  touchedTok = new Int32Array(cap);
  touchedAll = new Int32Array(cap);
}

const idf = (N: number, df: number): number => Math.log(1 + (N - df + 0.5) / (df + 0.5));

/** Which docNums pass the filters (and are alive). */
export function allowedDocs(s: IndexState, q: ParsedQuery, filter: SearchFilter | undefined): Uint8Array {
  const kindSets = [q.kinds, filter?.kinds ?? []].filter((l) => l.length > 0).map((l) => new Set<string>(l));
  const from = [q.from, filter?.from].filter((v): v is string => !!v).sort().pop();
  // A partial upper bound ("2023-04") must include every day it covers.
  const to = [q.to, filter?.to].filter((v): v is string => !!v).map((v) => (v.length < 10 ? v + '\uffff' : v)).sort()[0];
  const groups = q.people.map((g) => new Set(g.ids));
  if (filter?.people && filter.people.length > 0) groups.push(new Set(filter.people));
  if (kindSets.length === 0 && from === undefined && to === undefined && groups.length === 0) return s.alive;
  const n = s.ids.length;
  const ok = new Uint8Array(n);
  for (let d = 0; d < n; d++) {
    if (!s.alive[d]) continue;
    if (kindSets.length > 0 && !kindSets.every((k) => k.has(s.kinds[d]!))) continue;
    const date = s.dates[d] as string;
    if (from !== undefined && date < from) continue;
    if (to !== undefined && date > to) continue;
    if (groups.length > 0) {
      const ppl = s.people[d] as string[];
      if (!groups.every((g) => ppl.some((p) => g.has(p)))) continue;
    }
    ok[d] = 1;
  }
  return ok;
}

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
  // candidate doc → posting offset of each phrase word
  let cand = new Map<number, Int32Array>();
  {
    const k = order[0] as number;
    const buf = s.post[tids[k]!] as Int32Array;
    const len = s.postLen[tids[k]!] as number;
    for (let o = 0; o < len; o += 3 + (buf[o + 2] as number)) {
      const d = buf[o] as number;
      if (!allowed[d]) continue;
      const offs = new Int32Array(L);
      offs[k] = o;
      cand.set(d, offs);
    }
  }
  for (let r = 1; r < L && cand.size > 0; r++) {
    const k = order[r] as number;
    if (tids.indexOf(tids[k]!) < k) {
      // Same word twice in the phrase: reuse the earlier offsets.
      const first = tids.indexOf(tids[k]!);
      for (const offs of cand.values()) offs[k] = offs[first] as number;
      continue;
    }
    const next = new Map<number, Int32Array>();
    const buf = s.post[tids[k]!] as Int32Array;
    const len = s.postLen[tids[k]!] as number;
    for (let o = 0; o < len; o += 3 + (buf[o + 2] as number)) {
      const offs = cand.get(buf[o] as number);
      if (offs) {
        offs[k] = o;
        next.set(buf[o] as number, offs);
      }
    }
    cand = next;
  }
  const anchor = order[0] as number;
  for (const [d, offs] of cand) {
    const abuf = s.post[tids[anchor]!] as Int32Array;
    const ao = offs[anchor] as number;
    const an = abuf[ao + 2] as number;
    let count = 0;
    for (let p = 0; p < an; p++) {
      const start = (abuf[ao + 3 + p] as number) - anchor;
      let ok = start >= 0;
      for (let k = 0; k < L && ok; k++) {
        if (k === anchor) continue;
        const buf = s.post[tids[k]!] as Int32Array;
        const o = offs[k] as number;
        ok = contains(buf, o + 3, buf[o + 2] as number, start + k);
      }
      if (ok) count++;
    }
    if (count > 0) result.set(d, count);
  }
  return result;
}

export function execute(s: IndexState, q: ParsedQuery, filter: SearchFilter | undefined, limit: number, fuzzy: boolean): ExecResult {
  const n = s.ids.length;
  ensureScratch(n);
  const N = Math.max(1, s.liveCount);
  const avgdl = s.totalLen / N || 1;
  let allowed = allowedDocs(s, q, filter);
  const matchedTerms = new Set<string>();

  // Required phrases first: they narrow the candidates the words are scored on.
  let phraseScore: Map<number, number> | null = null;
  for (const phrase of q.phrases) {
    const docs = phraseDocs(s, phrase, allowed);
    let idfSum = 0;
    for (const term of phrase) idfSum += idf(N, s.df[s.termIds.get(term) ?? -1] ?? 1);
    const next = new Map<number, number>();
    for (const [d, count] of docs) {
      if (phraseScore && !phraseScore.has(d)) continue;
      const norm = K1 * (1 - B + (B * (s.lens[d] as number)) / avgdl);
      next.set(d, (phraseScore?.get(d) ?? 0) + idfSum * ((count * (K1 + 1)) / (count + norm)));
    }
    phraseScore = next;
    const narrowed = new Uint8Array(n);
    for (const d of next.keys()) narrowed[d] = 1;
    allowed = narrowed;
  }

  let nAll = 0;
  for (const qt of q.terms) {
    const expansions = expandTerm(s, qt.term, qt.prefix, fuzzy);
    let nTok = 0;
    for (const e of expansions) {
      const w = e.weight * idf(N, s.df[e.tid] as number);
      const buf = s.post[e.tid] as Int32Array;
      const len = s.postLen[e.tid] as number;
      let any = false;
      for (let o = 0; o < len; o += 3 + (buf[o + 2] as number)) {
        const d = buf[o] as number;
        if (!allowed[d]) continue;
        const tf = buf[o + 1] as number;
        const sc = (w * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * (s.lens[d] as number)) / avgdl));
        const prev = tokBest[d] as number;
        if (prev === 0) touchedTok[nTok++] = d;
        if (sc > prev) tokBest[d] = sc;
        any = true;
      }
      if (any) matchedTerms.add(e.term);
    }
    for (let i = 0; i < nTok; i++) {
      const d = touchedTok[i] as number;
      if (matched[d] === 0) touchedAll[nAll++] = d;
      total[d] = (total[d] as number) + (tokBest[d] as number);
      matched[d] = (matched[d] as number) + 1;
      tokBest[d] = 0;
    }
  }

  const nTerms = q.terms.length;
  const nPhr = q.phrases.length;
  const denom = nTerms + nPhr;
  const top = new TopK(limit, s.dates);
  if (phraseScore) {
    for (const [d, ps] of phraseScore) {
      const c = (matched[d]! + nPhr) / denom;
      top.offer(d, (ps + total[d]!) * c * c);
    }
  } else if (nTerms > 0) {
    for (let i = 0; i < nAll; i++) {
      const d = touchedAll[i] as number;
      const c = matched[d]! / denom;
      top.offer(d, total[d]! * c * c);
    }
  } else {
    for (let d = 0; d < n; d++) if (allowed[d]) top.offer(d, 0);
  }
  for (let i = 0; i < nAll; i++) {
    const d = touchedAll[i] as number;
    total[d] = 0;
    matched[d] = 0;
  }
  return { ...top.result(), matchedTerms };
}

/** Keeps the best `k` (score desc, then newest date, then latest docNum). */
class TopK {
  private docs: number[] = [];
  private scores: number[] = [];
  constructor(private readonly k: number, private readonly dates: string[]) {}

  private better(d: number, sc: number, i: number): boolean {
    const s2 = this.scores[i] as number;
    if (sc !== s2) return sc > s2;
    const a = this.dates[d] as string;
    const b = this.dates[this.docs[i] as number] as string;
    if (a !== b) return a > b;
    return d > (this.docs[i] as number);
  }

  offer(d: number, sc: number): void {
    const len = this.docs.length;
    if (this.k <= 0) return;
    if (len === this.k && !this.better(d, sc, len - 1)) return;
    let lo = 0;
    let hi = len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.better(d, sc, mid)) hi = mid;
      else lo = mid + 1;
    }
    this.docs.splice(lo, 0, d);
    this.scores.splice(lo, 0, sc);
    if (this.docs.length > this.k) {
      this.docs.pop();
      this.scores.pop();
    }
  }

  result(): { docs: number[]; scores: number[] } {
    return { docs: this.docs, scores: this.scores };
  }
}
