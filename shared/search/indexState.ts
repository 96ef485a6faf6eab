/**
 * The mutable core of the inverted index.
 *
 * Documents get an internal number (docNum) in insertion order. Each term has one Int32Array of
 * postings, entries laid out as [docNum, weightedTf, count, pos1 … posCount], docNums ascending.
 * Title words get positions 0…T-1 and count TITLE_WEIGHT times in the weighted tf; body words
 * start at T+1 so no phrase spans title and body.
 *
 * Each term's postings come in two parts: `post` (sealed: a view into one packed buffer after a
 * bulk build, load or merge; never written again) and `tail` (growable, where edits append).
 * A new doc always gets a docNum above every existing one, so base then tail stays in docNum
 * order. An edit therefore costs O(that page): it never copies a posting list that grows with
 * the whole index (the first append used to copy the packed view: 0.6 s at 50,000 pages).
 *
 * Replacing or removing a doc marks its docNum dead (skipped while scoring), fixes the document
 * frequencies and counts the term's dead entries; `mergeTerm` (maintain.ts) rewrites one term
 * without them, `compactState` rebuilds everything.
 */
import { TermDictionary } from './termDictionary';
import { newIdList, newTerm, tokenIds } from './termIds';
import { hashString, TermTable } from './termTable';
import type { PageKind, SearchDoc } from './types';

export { newIdList, tokenIds, type IdList } from './termIds';

export const TITLE_WEIGHT = 3;

/**
 * Persistence segments: a page belongs to segment hash(id) mod SEGMENT_COUNT for ever, so an
 * edit rewrites one segment (~200 pages at 50,000) and never moves a page between segments.
 */
export const SEGMENT_COUNT = 256;

export function segmentOf(id: string): number {
  return (hashString(id) >>> 0) % SEGMENT_COUNT;
}

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

  termIds: TermTable;
  termStr: string[];
  df: number[];
  /** Sealed postings per term (exact length). */
  post: Int32Array[];
  postLen: number[];
  /**
   * Sealed chunks between `post` and `tail`: the loading rounds (indexes into `rounds`) holding
   * some of the term's postings, in order; null when none. A round keeps one buffer and a table
   * of where each term's chunk is in it, so loading creates no object per term and round (views
   * per term and round were 1.6 million objects, ~150 MB, at 50,000 pages).
   */
  mid: (number[] | null)[];
  rounds: LoadRound[];
  /** Appended postings per term (capacity ≥ tailLen). */
  tail: Int32Array[];
  tailLen: number[];
  /** Entries of dead docs still held in a term's postings. */
  deadEntries: number[];
  /** Live docNums per persistence segment (see segments.ts), maintained on add/remove. */
  segmentDocs: Set<number>[];
  /** Segments changed since the last takeDirtySegments(). */
  dirty: Set<number>;
  /** Trie over terms in use; null while a bulk build runs (built lazily by ensureDict). */
  dict: TermDictionary | null;
  /**
   * The persisted term dictionary (segments.ts): segments name terms by a persisted id (pid)
   * that never changes, while term ids change with compaction. pidOf: term id → pid (-1: none
   * yet); tidOfPid: pid → term id (-1: no loaded segment named it yet, or compaction dropped
   * it); pidTerm: pid → word (the same strings as termStr); pids from termsSaved on are not
   * stored yet.
   */
  pidOf: number[];
  tidOfPid: number[];
  pidTerm: string[];
  termsSaved: number;
}

/** One loading round's postings: term tids[i]'s chunk is arena[offs[i], offs[i] + lens[i]); tids ascending. */
export interface LoadRound {
  arena: Int32Array;
  tids: Int32Array;
  offs: Int32Array;
  lens: Int32Array;
}

export function emptyState(): IndexState {
  const termStr: string[] = [];
  return {
    ids: [], kinds: [], titles: [], dates: [], texts: [], people: [], lens: [],
    alive: new Uint8Array(1024), idToNum: new Map(), liveCount: 0, deadCount: 0, totalLen: 0,
    termIds: new TermTable(termStr), termStr, df: [], post: [], postLen: [], mid: [], rounds: [], tail: [], tailLen: [], deadEntries: [],
    segmentDocs: Array.from({ length: SEGMENT_COUNT }, () => new Set<number>()), dirty: new Set(), dict: null,
    pidOf: [], tidOfPid: [], pidTerm: [], termsSaved: 0,
  };
}

// Scratch buffers indexed by termId, reused across documents (single-threaded).
let cnt: Int32Array = new Int32Array(1 << 14);
let titleCnt: Int32Array = new Int32Array(1 << 14);
let cursor: Int32Array = new Int32Array(1 << 14);
const docIds = newIdList();

export function ensureTermScratch(n: number): { cnt: Int32Array; titleCnt: Int32Array; cursor: Int32Array } {
  if (n > cnt.length) {
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
  return { cnt, titleCnt, cursor };
}

/**
 * A term's postings as [buffer, length, buffer, length…]: base, loaded chunks, tail — in docNum
 * order. Every reader goes through this (or the same three parts in the same order).
 */
export function partsOf(s: IndexState, t: number): (Int32Array | number)[] {
  const out: (Int32Array | number)[] = [s.post[t] as Int32Array, s.postLen[t] as number];
  const mid = s.mid[t];
  if (mid) {
    for (const r of mid) {
      const round = s.rounds[r] as LoadRound;
      const tids = round.tids;
      let lo = 0;
      let hi = tids.length - 1;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if ((tids[m] as number) < t) lo = m + 1;
        else hi = m;
      }
      const off = round.offs[lo] as number;
      const len = round.lens[lo] as number;
      out.push(round.arena.subarray(off, off + len), len);
    }
  }
  out.push(s.tail[t] as Int32Array, s.tailLen[t] as number);
  return out;
}

/** Reserve `n` ints at the end of a term's tail; returns the offset (doubling: amortised O(n)). */
export function reserve(s: IndexState, tid: number, n: number): number {
  const len = s.tailLen[tid] as number;
  let buf = s.tail[tid] as Int32Array;
  if (len + n > buf.length) {
    let cap = buf.length < 8 ? 8 : buf.length * 2;
    while (cap < len + n) cap *= 2;
    const next = new Int32Array(cap);
    next.set(buf.subarray(0, len));
    s.tail[tid] = buf = next;
  }
  s.tailLen[tid] = len + n;
  return len;
}

/** Appends the doc's metadata (postings are written by the caller). */
export function pushDocMeta(s: IndexState, doc: SearchDoc, len: number): number {
  const docNum = s.ids.length;
  s.ids.push(doc.id);
  s.kinds.push(doc.kind);
  s.titles.push(doc.title);
  s.dates.push(doc.date);
  s.texts.push(doc.text);
  s.people.push(doc.people.slice());
  s.lens.push(len);
  if (docNum >= s.alive.length) {
    const next = new Uint8Array(s.alive.length * 2);
    next.set(s.alive);
    s.alive = next;
  }
  s.alive[docNum] = 1;
  s.idToNum.set(doc.id, docNum);
  s.liveCount++;
  s.totalLen += len;
  const seg = segmentOf(doc.id);
  (s.segmentDocs[seg] as Set<number>).add(docNum);
  s.dirty.add(seg);
  return docNum;
}

/** Indexes one doc (incremental path). */
export function addDoc(s: IndexState, doc: SearchDoc): void {
  docIds.n = 0;
  tokenIds(s, doc.title, docIds);
  const T = docIds.n;
  tokenIds(s, doc.text, docIds);
  const total = docIds.n;
  const tids = docIds.a;
  const sc = ensureTermScratch(s.termStr.length);
  const docNum = pushDocMeta(s, doc, total);

  const uniq: number[] = [];
  for (let i = 0; i < total; i++) {
    const t = tids[i] as number;
    if (sc.cnt[t] === 0) uniq.push(t);
    sc.cnt[t] = (sc.cnt[t] as number) + 1;
    if (i < T) sc.titleCnt[t] = (sc.titleCnt[t] as number) + 1;
  }
  for (const t of uniq) {
    const n = sc.cnt[t] as number;
    const off = reserve(s, t, 3 + n);
    const buf = s.tail[t] as Int32Array;
    buf[off] = docNum;
    buf[off + 1] = n + (TITLE_WEIGHT - 1) * (sc.titleCnt[t] as number);
    buf[off + 2] = n;
    sc.cursor[t] = off + 3;
    const df = s.df[t] as number;
    s.df[t] = df + 1;
    // A term (re)gaining its first page joins the dictionary used for prefix/typo expansion.
    if (df === 0 && s.dict) s.dict.add(s.termStr[t] as string, t);
  }
  for (let i = 0; i < total; i++) {
    const t = tids[i] as number;
    const at = sc.cursor[t] as number;
    sc.cursor[t] = at + 1;
    (s.tail[t] as Int32Array)[at] = i < T ? i : i + 1;
  }
  for (const t of uniq) {
    sc.cnt[t] = 0;
    sc.titleCnt[t] = 0;
  }
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
  const seg = segmentOf(id);
  (s.segmentDocs[seg] as Set<number>).delete(docNum);
  s.dirty.add(seg);
  docIds.n = 0;
  tokenIds(s, s.titles[docNum] as string, docIds);
  tokenIds(s, s.texts[docNum] as string, docIds);
  const sc = ensureTermScratch(s.termStr.length);
  for (let i = 0; i < docIds.n; i++) {
    const t = docIds.a[i] as number;
    if (sc.cnt[t] === 0) {
      sc.cnt[t] = 1;
      s.df[t] = (s.df[t] as number) - 1;
      s.deadEntries[t] = (s.deadEntries[t] as number) + 1;
    }
  }
  for (let i = 0; i < docIds.n; i++) sc.cnt[docIds.a[i] as number] = 0;
  // Free the large per-doc strings now; the slot stays until compaction.
  s.texts[docNum] = '';
  s.titles[docNum] = '';
  s.people[docNum] = [];
  return true;
}

/** Builds the trie of terms in use (after a bulk build or load). */
export function ensureDict(s: IndexState): TermDictionary {
  if (!s.dict) s.dict = TermDictionary.fromTerms(s.termStr, (id) => (s.df[id] as number) > 0);
  return s.dict;
}

/**
 * Rebuilds the state without dead docs and unused terms: docNums renumbered in order, all
 * postings packed into one buffer (views per term).
 */
export function compactState(s: IndexState): IndexState {
  const remap = new Int32Array(s.ids.length).fill(-1);
  const out = emptyState();
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
  const ids: number[] = [];
  const newTid = new Int32Array(s.termStr.length).fill(-1);
  let totalInts = 0;
  for (let t = 0; t < s.termStr.length; t++) {
    if ((s.df[t] as number) <= 0) continue;
    newTid[t] = ids.length;
    ids.push(t);
    const parts = partsOf(s, t);
    for (let p = 1; p < parts.length; p += 2) totalInts += parts[p] as number;
  }
  const big = new Int32Array(totalInts);
  let o = 0;
  for (const t of ids) {
    const start = o;
    const parts = partsOf(s, t);
    for (let part = 0; part < parts.length; part += 2) {
      const buf = parts[part] as Int32Array;
      const len = parts[part + 1] as number;
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
    }
    addTermView(out, s.termStr[t] as string, big.subarray(start, o), s.df[t] as number);
  }
  ensureDict(out);
  out.dirty = new Set(s.dirty);
  // Persisted ids stay: stored segments keep naming terms by them.
  for (const t of ids) out.pidOf.push(t < s.pidOf.length ? (s.pidOf[t] as number) : -1);
  out.tidOfPid = s.tidOfPid.map((t) => (t >= 0 ? (newTid[t] as number) : -1));
  out.pidTerm = s.pidTerm;
  out.termsSaved = s.termsSaved;
  return out;
}

/** Completes per-doc bookkeeping after `ids`…`lens` were filled directly. */
export function finishDocs(s: IndexState): void {
  const n = s.ids.length;
  s.alive = new Uint8Array(Math.max(1024, n * 2));
  s.alive.fill(1, 0, n);
  s.idToNum = new Map();
  s.totalLen = 0;
  for (const set of s.segmentDocs) set.clear();
  for (let d = 0; d < n; d++) {
    s.idToNum.set(s.ids[d] as string, d);
    s.totalLen += s.lens[d] as number;
    (s.segmentDocs[segmentOf(s.ids[d] as string)] as Set<number>).add(d);
  }
  s.liveCount = n;
  s.deadCount = 0;
}

/** Appends a term whose postings are already packed (used by compaction and loading). */
export function addTermView(s: IndexState, term: string, postings: Int32Array, df: number): void {
  const id = newTerm(s, term);
  s.df[id] = df;
  s.post[id] = postings;
  s.postLen[id] = postings.length;
}
