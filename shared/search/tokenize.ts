/**
 * Tokenizer shared by indexing, querying and snippets, so all three agree on what a "word" is.
 *
 * - Words are runs of Unicode letters, digits and combining marks; an apostrophe inside a word
 *   joins it ("don't" → "dont") and an English possessive "'s" is dropped ("sister's" → "sister").
 * - Terms are lower-cased and accent-folded: NFKD, combining marks stripped, plus a few letters
 *   that have no decomposition (ł ø æ œ ß đ ð þ ı). "José" → "jose", "Łukasz" → "lukasz".
 * - Han, Hiragana, Katakana and Hangul characters are indexed one character per token, so CJK
 *   text (which has no spaces) is still searchable; a run of them in a query becomes a phrase.
 * - Offsets are UTF-16 offsets into the original (un-normalised) string, for highlighting.
 */

export interface Token {
  /** Normalised term as stored in the index. */
  term: string;
  /** Start offset (inclusive) in the original text. */
  start: number;
  /** End offset (exclusive) in the original text. */
  end: number;
  /** True for a single CJK character token. */
  cjk?: boolean;
}

/** Terms longer than this are truncated (base64 blobs, URLs without separators…). */
export const MAX_TERM_LENGTH = 48;

const WORD_RE = /[\p{L}\p{N}\p{M}]+(?:['’ʼ][\p{L}\p{N}\p{M}]+)*/gu;
const NON_ASCII_RE = /[^\x00-\x7f]/;
// CJK scripts plus the marks they share with other scripts (ー prolonged sound, 々 iteration…).
const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u3005\\u3006\\u309d\\u309e\\u30fc\\u30fd\\u30fe';
const CJK_RE = new RegExp(`[${CJK_CLASS}]`, 'u');
const CJK_CHAR_RE = new RegExp(`^[${CJK_CLASS}]$`, 'u');
const MARK_RE = /^\p{M}$/u;
const STRIP_RE = /[^\p{L}\p{N}]+/gu;
const APOSTROPHE_RE = /['’ʼ]/;
const POSSESSIVE_RE = /['’ʼ]s$/;
const APOSTROPHES_RE = /['’ʼ]/g;
const SPECIAL_RE = /[łøæœßđðþıŀħŧ]/g;
const SPECIAL_FOLD: Record<string, string> = {
  ł: 'l', ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ŀ: 'l', ħ: 'h', ŧ: 't',
};

function foldNonAscii(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFKD')
    .replace(STRIP_RE, '') // combining marks and anything NFKD turned into punctuation
    .replace(SPECIAL_RE, (c) => SPECIAL_FOLD[c] ?? c);
}

/**
 * Normalise one word (no CJK characters) to its index term. Returns '' when nothing is left.
 * Exported so callers (person resolver, tests) fold names exactly like the index does.
 */
export function foldTerm(word: string): string {
  let w = word;
  if (APOSTROPHE_RE.test(w)) w = w.replace(POSSESSIVE_RE, '').replace(APOSTROPHES_RE, '');
  w = NON_ASCII_RE.test(w) ? foldNonAscii(w) : w.toLowerCase();
  return w.length > MAX_TERM_LENGTH ? w.slice(0, MAX_TERM_LENGTH) : w;
}

const MARKS_RE = /\p{M}+/gu;

/** Folds a whole string like terms (case, accents) but keeps spaces and punctuation. */
export function foldText(text: string): string {
  if (!NON_ASCII_RE.test(text)) return text.toLowerCase();
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(MARKS_RE, '')
    .replace(SPECIAL_RE, (c) => SPECIAL_FOLD[c] ?? c);
}

type Emit = (term: string, start: number, end: number, cjk: boolean) => void;

/** Split a word-run that contains CJK characters into CJK unigrams and ordinary words. */
function splitCjk(run: string, base: number, emit: Emit): void {
  let wordStart = -1;
  let i = 0;
  const flushWord = (end: number): void => {
    if (wordStart < 0) return;
    const term = foldTerm(run.slice(wordStart, end));
    if (term) emit(term, base + wordStart, base + end, false);
    wordStart = -1;
  };
  while (i < run.length) {
    const cp = run.codePointAt(i) ?? 0;
    const size = cp > 0xffff ? 2 : 1;
    const ch = run.slice(i, i + size);
    if (CJK_CHAR_RE.test(ch)) {
      flushWord(i);
      let end = i + size;
      // Keep combining marks (e.g. a decomposed dakuten) with their character.
      while (end < run.length && MARK_RE.test(run[end] ?? '')) end++;
      emit(run.slice(i, end).normalize('NFKC').toLowerCase(), base + i, base + end, true);
      i = end;
      continue;
    }
    if (wordStart < 0 && !MARK_RE.test(ch)) wordStart = i;
    i += size;
  }
  flushWord(run.length);
}

/** Emits the terms of one word-run (a WORD_RE match) found at `start`. */
function emitRun(run: string, start: number, emit: Emit): void {
  if (NON_ASCII_RE.test(run) && CJK_RE.test(run)) {
    splitCjk(run, start, emit);
    return;
  }
  const term = foldTerm(run);
  if (term) emit(term, start, start + run.length, false);
}

function scan(text: string, emit: Emit): void {
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text)) !== null) emitRun(m[0], m.index, emit);
}

/**
 * Emits the terms of the first word-run at or after `from` and returns where it ends
 * (text.length when there is none). Lets the indexer's allocation-free ASCII fast path hand
 * anything unusual (accents, apostrophes, CJK) to the reference implementation.
 */
export function scanRunAt(text: string, from: number, emit: (term: string) => void): number {
  WORD_RE.lastIndex = from;
  const m = WORD_RE.exec(text);
  if (m === null) return text.length;
  emitRun(m[0], m.index, emit);
  return m.index + m[0].length;
}

/** Tokens with their offsets in `text` (positions are array indices). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  scan(text, (term, start, end, cjk) => {
    out.push(cjk ? { term, start, end, cjk } : { term, start, end });
  });
  return out;
}

/** Just the terms, in order — the fast path used while indexing. */
export function tokenTerms(text: string): string[] {
  const out: string[] = [];
  scan(text, (term) => {
    out.push(term);
  });
  return out;
}
