/**
 * The mutable core of the inverted index.
 *
 * Documents get an internal number (docNum) in insertion order. Each term has one Int32Array of
 * postings, entries laid out as [docNum, weightedTf, count, pos1 … posCount], docNums ascending.
 * Title words get positions 0…T-1 and count TITLE_WEIGHT times in the weighted tf; body words
 * start at T+1 so no phrase spans title and body.
 *
 * Edits never rewrite postings: replacing or removing a doc marks its docNum dead (skipped while
 * scoring) and fixes the document frequencies; `compact` drops dead entries in one pass.
 */
import { TermDictionary } from './termDictionary';
import { tokenTerms } from './tokenize';
import type { PageKind, SearchDoc } from './types';

export const TITLE_WEIGHT = 3;

export interface IndexState {
  ids: string[];
  kinds: PageKind[];
  titles: string[];
  dates: string[];
  texts: string[];
  people: string[][];
  lens: number[];
  alive: Uint8Array;
  idToNum: Map<string, number>;
  liveCount: number;
  deadCount: number;
  totalLen: number;

  termIds: Map<string, number>;
  termStr: string[];
  df: number[];
  post: Int32Array[];
  postLen: number[];
  /** Sorted dictionary; null while a bulk build is running (rebuilt lazily). */
  dict: TermDictionary | null;
}

export function emptyState(): IndexState {
  return {
    ids: [], kinds: [], titles: [], dates: [], texts: [], people: [], lens: [],
    alive: new Uint8Array(1024), idToNum: new Map(), liveCount: 0, deadCount: 0, totalLen: 0,
    termIds: new Map(), termStr: [], df: [], post: [], postLen: [], dict: new TermDictionary(),
  };
}

// Scratch buffers indexed by termId, reused across documents (single-threaded).
let cnt = new Int32Array(1 << 14);
let titleCnt = new Int32Array(1 << 14);
let cursor = new Int32Array(1 << 14);

function ensureScratch(n: number): void {
  if (n <= cnt.length) return;
  let cap = cnt.length;
  while (cap < n) cap *= 2;
  const grow = (a: Int32Array): Int32Array => {
    const b = new Int32Array(cap);
    b.set(a);
    return b;
  };
  cnt = grow(cnt);
  titleCnt = grow(titleCnt);
  cursor = grow(cursor);
}

function termId(s: IndexState, term: string): number {
  let id = s.termIds.get(term);
  if (id === undefined) {
    id = s.termStr.length;
    s.termIds.set(term, id);
    s.termStr.push(term);
    s.df.push(0);
    s.post.push(new Int32Array(8));
    s.postLen.push(0);
  }
  return id;
}

/** Reserve `n` ints at the end of a term's postings; returns the offset. */
function reserve(s: IndexState, tid: number, n: number): number {
  const len = s.postLen[tid] as number;
  let buf = s.post[tid] as Int32Array;
  if (len + n > buf.length) {
    let cap = buf.length < 8 ? 8 : buf.length * 2;
    while (cap < len + n) cap *= 2;
    const next = new Int32Array(cap);
    next.set(buf.subarray(0, len));
    s.post[tid] = buf = next;
  }
  s.postLen[tid] = len + n;
  return len;
}

export function addDoc(s: IndexState, doc: SearchDoc): void {
  const titleTerms = tokenTerms(doc.title);
  const bodyTerms = tokenTerms(doc.text);
  const docNum = s.ids.length;
  const T = titleTerms.length;
  const total = T + bodyTerms.length;
  const tids = new Int32Array(total);
  for (let i = 0; i < T; i++) tids[i] = termId(s, titleTerms[i] as string);
  for (let i = 0; i < bodyTerms.length; i++) tids[T + i] = termId(s, bodyTerms[i] as string);
  ensureScratch(s.termStr.length);

  const uniq: number[] = [];
  for (let i = 0; i < total; i++) {
    const t = tids[i] as number;
    if (cnt[t] === 0) uniq.push(t);
    cnt[t]++;
    if (i < T) titleCnt[t]++;
  }
  for (const t of uniq) {
    const n = cnt[t] as number;
    const off = reserve(s, t, 3 + n);
    const buf = s.post[t] as Int32Array;
    buf[off] = docNum;
    buf[off + 1] = n + (TITLE_WEIGHT - 1) * (titleCnt[t] as number);
    buf[off + 2] = n;
    cursor[t] = off + 3;
    // A term (re)gaining its first page joins the dictionary used for prefix/typo expansion.
    if (s.df[t]++ === 0 && s.dict) s.dict.add(s.termStr[t] as string);
  }
  for (let i = 0; i < total; i++) {
    const t = tids[i] as number;
    (s.post[t] as Int32Array)[cursor[t]++] = i < T ? i : i + 1;
  }
  for (const t of uniq) {
    cnt[t] = 0;
    titleCnt[t] = 0;
  }

  s.ids.push(doc.id);
  s.kinds.push(doc.kind);
  s.titles.push(doc.title);
  s.dates.push(doc.date);
  s.texts.push(doc.text);
  s.people.push(doc.people.slice());
  s.lens.push(total);
  if (docNum >= s.alive.length) {
    const next = new Uint8Array(s.alive.length * 2);
    next.set(s.alive);
    s.alive = next;
  }
  s.alive[docNum] = 1;
  s.idToNum.set(doc.id, docNum);
  s.liveCount++;
  s.totalLen += total;
}

/** Marks a doc dead and lowers the document frequency of its terms. */
export function removeDoc(s: IndexState, id: string): boolean {
  const docNum = s.idToNum.get(id);
  if (docNum === undefined) return false;
  s.idToNum.delete(id);
  s.alive[docNum] = 0;
  s.liveCount--;
  s.deadCount++;
  s.totalLen -= s.lens[docNum] as number;
  const seen = new Set<number>();
  for (const text of [s.titles[docNum] as string, s.texts[docNum] as string]) {
    for (const term of tokenTerms(text)) {
      const t = s.termIds.get(term);
      if (t !== undefined && !seen.has(t)) {
        seen.add(t);
        s.df[t]--;
      }
    }
  }
  // Free the large per-doc strings now; the slot stays until compaction.
  s.texts[docNum] = '';
  s.titles[docNum] = '';
  s.people[docNum] = [];
  return true;
}

/** Builds the sorted dictionary after a bulk load. */
export function ensureDict(s: IndexState): TermDictionary {
  if (!s.dict) s.dict = new TermDictionary(s.termStr.filter((_, i) => (s.df[i] as number) > 0));
  return s.dict;
}

/** Trims postings over-allocated while building (saves ~30% of their memory). */
export function trimPostings(s: IndexState): void {
  for (let t = 0; t < s.post.length; t++) {
    const buf = s.post[t] as Int32Array;
    const len = s.postLen[t] as number;
    if (buf.length > len + 16 && buf.length > len * 1.25) s.post[t] = buf.slice(0, len);
  }
}

/**
 * Rebuilds the state without dead docs and unused terms: docNums renumbered in order, terms in
 * sorted order, all postings packed into one buffer (views per term).
 */
export function compactState(s: IndexState): IndexState {
  const remap = new Int32Array(s.ids.length).fill(-1);
  const out = emptyState();
  out.dict = null;
  for (let d = 0; d < s.ids.length; d++) {
    if (!s.alive[d]) continue;
    remap[d] = out.ids.length;
    out.ids.push(s.ids[d] as string);
    out.kinds.push(s.kinds[d] as PageKind);
    out.titles.push(s.titles[d] as string);
    out.dates.push(s.dates[d] as string);
    out.texts.push(s.texts[d] as string);
    out.people.push(s.people[d] as string[]);
    out.lens.push(s.lens[d] as number);
  }
  finishDocs(out);
  const terms = s.termStr.filter((_, i) => (s.df[i] as number) > 0).sort();
  let totalInts = 0;
  const ids = terms.map((term) => s.termIds.get(term) as number);
  for (const t of ids) totalInts += s.postLen[t] as number;
  const big = new Int32Array(totalInts);
  let o = 0;
  for (let k = 0; k < ids.length; k++) {
    const t = ids[k] as number;
    const buf = s.post[t] as Int32Array;
    const len = s.postLen[t] as number;
    const start = o;
    for (let p = 0; p < len; ) {
      const n = buf[p + 2] as number;
      const nd = remap[buf[p] as number] as number;
      if (nd >= 0) {
        big[o] = nd;
        big.set(buf.subarray(p + 1, p + 3 + n), o + 1);
        o += 3 + n;
      }
      p += 3 + n;
    }
    addTermView(out, terms[k] as string, big.subarray(start, o), s.df[t] as number);
  }
  out.dict = TermDictionary.fromSorted(terms);
  return out;
}

/** Completes per-doc bookkeeping after `ids`…`lens` were filled directly. */
export function finishDocs(s: IndexState): void {
  const n = s.ids.length;
  s.alive = new Uint8Array(Math.max(1024, n * 2));
  s.alive.fill(1, 0, n);
  s.idToNum = new Map();
  s.totalLen = 0;
  for (let d = 0; d < n; d++) {
    s.idToNum.set(s.ids[d] as string, d);
    s.totalLen += s.lens[d] as number;
  }
  s.liveCount = n;
  s.deadCount = 0;
}

/** Appends a term whose postings are already packed (used by compaction and loading). */
export function addTermView(s: IndexState, term: string, postings: Int32Array, df: number): void {
  s.termIds.set(term, s.termStr.length);
  s.termStr.push(term);
  s.df.push(df);
  s.post.push(postings);
  s.postLen.push(postings.length);
}
