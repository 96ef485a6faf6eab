/**
 * Text → term ids for the indexer: an allocation-free path for plain ASCII words (hashing the
 * lower-cased characters straight out of the text) that hands anything unusual — accents,
 * apostrophes, CJK, over-long words — to the reference tokenizer, so both always agree
 * (tokenize.test.ts checks this on random text).
 */
import type { IndexState } from './indexState';
import { MAX_TERM_LENGTH, scanRunAt } from './tokenize';

const NO_POSTINGS = new Int32Array(0);

/** A growable list of term ids. */
export interface IdList {
  a: Int32Array;
  n: number;
}

export function newIdList(cap = 4096): IdList {
  return { a: new Int32Array(cap), n: 0 };
}

function push(l: IdList, id: number): void {
  if (l.n === l.a.length) {
    const next = new Int32Array(l.a.length * 2);
    next.set(l.a);
    l.a = next;
  }
  l.a[l.n++] = id;
}

export function newTerm(s: IndexState, term: string): number {
  const id = s.termStr.length;
  s.termStr.push(term);
  s.termIds.set(term, id);
  s.df.push(0);
  s.post.push(NO_POSTINGS);
  s.postLen.push(0);
  s.mid.push(null);
  s.tail.push(NO_POSTINGS);
  s.tailLen.push(0);
  s.deadEntries.push(0);
  return id;
}

function idOf(s: IndexState, term: string): number {
  const id = s.termIds.get(term);
  return id === undefined ? newTerm(s, term) : id;
}

// Module-local copies: imported bindings compile to getter calls in some toolchains (tsx/CJS).
const MAX_LEN = MAX_TERM_LENGTH;
const scanRun = scanRunAt;

// 1 for [0-9A-Za-z]
const WORD_ASCII = new Uint8Array(128);
for (let c = 48; c <= 57; c++) WORD_ASCII[c] = 1;
for (let c = 65; c <= 90; c++) WORD_ASCII[c] = 1;
for (let c = 97; c <= 122; c++) WORD_ASCII[c] = 1;

/**
 * Appends the term ids of `text` to `out`, creating unknown terms — the same terms as
 * tokenTerms(text), without allocating a string per plain-ASCII word (tested for equality).
 */
export function tokenIds(s: IndexState, text: string, out: IdList): void {
  const n = text.length;
  const slow = (term: string): void => push(out, idOf(s, term));
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c >= 128) {
      i = scanRun(text, i, slow);
      continue;
    }
    if (WORD_ASCII[c] === 0) {
      i++;
      continue;
    }
    const start = i;
    let h = 0x811c9dc5 | 0;
    for (;;) {
      h = Math.imul(h ^ (c >= 65 && c <= 90 ? c | 32 : c), 16777619);
      if (++i >= n) break;
      c = text.charCodeAt(i);
      if (c >= 128 || WORD_ASCII[c] === 0) break;
    }
    // Apostrophes and non-ASCII letters/marks may continue the word: use the reference path.
    if ((i < n && (c >= 128 || c === 39)) || i - start > MAX_LEN) {
      i = scanRun(text, start, slow);
      continue;
    }
    let id = s.termIds.getSlice(text, start, i, h);
    if (id < 0) id = newTerm(s, text.slice(start, i).toLowerCase());
    push(out, id);
  }
}

