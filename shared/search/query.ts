/**
 * Query execution over IndexState: term expansion (exact, prefix, typo), BM25 scoring with the
 * best expansion per query word, required phrases, filters and top-k selection.
 *
 * Score of a doc = (Σ over query words of max over that word's expansions of
 *   weight × idf × BM25-tf) + phrase scores, times ((matched words + phrases) / (words + phrases))²
 * so a page with every word outranks one with a single (even rare) word.
 */
import { allowedDocs } from './filters';
import { ensureDict, partsOf, type IndexState } from './indexState';
import { phraseDocs } from './phrase';
import { TopK } from './topK';
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
/** Completions examined at most (bounds 1–2 letter prefixes); the most frequent are kept. */
const MAX_PREFIX_SCAN = 3000;

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
      // Ties broken on the term so the choice never depends on insertion order.
      found.sort((a, b) => (s.df[b.tid] as number) - (s.df[a.tid] as number) || (a.term < b.term ? -1 : 1));
      found.length = MAX_PREFIX_EXPANSIONS;
    }
    for (const e of found) put(e.term, e.weight);
  }
  // A word that exists as typed is most likely meant as typed: its neighbours get one edit at
  // most (two-edit walks are the costly ones at 300,000 terms). A first-letter edit costs two.
  const budget = fuzzy ? (exists ? Math.min(1, typoBudget(term)) : typoBudget(term)) : 0;
  if (budget > 0) {
    const typos: { t: string; d: number }[] = [];
    dict.fuzzyFirstLetter(term, budget, (tid, d) => {
      const t = s.termStr[tid] as string;
      if (t !== term) typos.push({ t, d });
    });
    if (typos.length > MAX_TYPO_EXPANSIONS) typos.sort((a, b) => a.d - b.d || (a.t < b.t ? -1 : 1)).length = MAX_TYPO_EXPANSIONS;
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
      let any = false;
      const parts = partsOf(s, e.tid);
      for (let part = 0; part < parts.length; part += 2) {
        const buf = parts[part] as Int32Array;
        const len = parts[part + 1] as number;
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
  const top = new TopK(limit, s.dates, s.ids);
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
