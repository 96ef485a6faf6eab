/**
 * Query language (all parts optional, any order):
 *   words            free words; the last one is also a prefix while it is being typed
 *   "exact phrase"   required, adjacent and in order (straight or curly quotes)
 *   @Maria  @"Maria López"  @maria_lopez   person filter, resolved to ids by a callback
 *   kind:journal  kind:conversation,person  (aliases: type:, j/c/p, note, people)
 *   from:2023-04  to:2023-06-30  (inclusive)   after:2023-04-01  before:2024  (exclusive)
 * Words of an unterminated quote are treated as free words so results keep updating while typing.
 */
import { tokenize } from './tokenize';
import type { PageKind, ParsedQuery, PersonResolver } from './types';

const QUOTES = new Set(['"', '“', '”', '„']);
const FILTER_RE = /^(kind|type|in|from|since|after|to|until|before):(.+)$/i;
const KIND_ALIASES: Record<string, PageKind> = {
  journal: 'journal', journals: 'journal', j: 'journal', entry: 'journal', entries: 'journal',
  conversation: 'conversation', conversations: 'conversation', c: 'conversation', conv: 'conversation', note: 'conversation', notes: 'conversation',
  person: 'person', people: 'person', p: 'person', persons: 'person',
};
const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export interface ParseQueryOptions {
  resolvePerson?: PersonResolver;
  /** Treat the last free word as a prefix when the input does not end in a space (default true). */
  prefixLast?: boolean;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function shiftDay(date: string, delta: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + delta));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Lower bound (inclusive) of a date or partial date. */
function lowerOf(y: string, m?: string, d?: string): string {
  return `${y}-${m ?? '01'}-${d ?? '01'}`;
}
/** Upper bound (inclusive) of a date or partial date; "-31" compares correctly for any month. */
function upperOf(y: string, m?: string, d?: string): string {
  return `${y}-${m ?? '12'}-${d ?? '31'}`;
}

/** Returns false when the value is not a date (the token is then searched as text). */
function applyDate(q: ParsedQuery, key: string, value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [, y, mo, d] = m as unknown as [string, string, string | undefined, string | undefined];
  let from: string | undefined;
  let to: string | undefined;
  if (key === 'from' || key === 'since') from = lowerOf(y, mo, d);
  else if (key === 'to' || key === 'until') to = upperOf(y, mo, d);
  else if (key === 'after') from = shiftDay(`${y}-${mo ?? '12'}-${d ?? pad(daysIn(+y, +(mo ?? 12)))}`, 1);
  else if (key === 'before') to = shiftDay(lowerOf(y, mo, d), -1);
  if (from !== undefined && (q.from === undefined || from > q.from)) q.from = from;
  if (to !== undefined && (q.to === undefined || to < q.to)) q.to = to;
  return true;
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function applyKinds(q: ParsedQuery, value: string): boolean {
  const kinds = value.toLowerCase().split(',').map((v) => KIND_ALIASES[v.trim()]);
  if (kinds.length === 0 || kinds.some((k) => k === undefined)) return false;
  for (const k of kinds as PageKind[]) if (!q.kinds.includes(k)) q.kinds.push(k);
  return true;
}

/** Adds a piece of free text: words become terms, CJK runs become phrases. */
function addFreeText(q: ParsedQuery, text: string, prefixLast: boolean): void {
  const tokens = tokenize(text);
  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i]!;
    if (tok.cjk) {
      const run = [tok.term];
      let j = i + 1;
      while (j < tokens.length && tokens[j]!.cjk && tokens[j]!.start === tokens[j - 1]!.end) run.push(tokens[j++]!.term);
      if (run.length > 1) q.phrases.push(run);
      else q.terms.push({ term: tok.term, prefix: false });
      i = j;
      continue;
    }
    const last = i === tokens.length - 1 && tok.end === text.length;
    q.terms.push({ term: tok.term, prefix: prefixLast && last });
    i++;
  }
}

export function emptyQuery(): ParsedQuery {
  return { terms: [], phrases: [], people: [], unresolvedPeople: [], kinds: [] };
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0' || c === '\u3000';

export function parseQuery(input: string, opts: ParseQueryOptions = {}): ParsedQuery {
  const q = emptyQuery();
  const prefixOk = opts.prefixLast !== false;
  const n = input.length;
  let i = 0;
  const readWord = (from: number): number => {
    let j = from;
    while (j < n && !isSpace(input[j]!) && !QUOTES.has(input[j]!)) j++;
    return j;
  };
  while (i < n) {
    const ch = input[i]!;
    if (isSpace(ch)) {
      i++;
      continue;
    }
    if (QUOTES.has(ch)) {
      let j = i + 1;
      while (j < n && !QUOTES.has(input[j]!)) j++;
      const body = input.slice(i + 1, j);
      if (j < n) {
        const terms = tokenize(body).map((t) => t.term);
        if (terms.length > 0) q.phrases.push(terms);
        i = j + 1;
      } else {
        addFreeText(q, body, prefixOk); // still typing the phrase
        i = n;
      }
      continue;
    }
    if (ch === '@') {
      let name: string;
      let end: number;
      if (i + 1 < n && QUOTES.has(input[i + 1]!)) {
        let j = i + 2;
        while (j < n && !QUOTES.has(input[j]!)) j++;
        name = input.slice(i + 2, j);
        end = Math.min(n, j + 1);
      } else {
        end = readWord(i + 1);
        name = input.slice(i + 1, end).replace(/[.,;:!?]+$/, '').replace(/_/g, ' ');
      }
      i = end;
      name = name.trim();
      if (!name) continue;
      const ids = opts.resolvePerson ? opts.resolvePerson(name) : [];
      if (ids.length > 0) q.people.push({ name, ids: Array.from(new Set(ids)) });
      else {
        q.unresolvedPeople.push(name);
        addFreeText(q, name, prefixOk && end === n);
      }
      continue;
    }
    const end = readWord(i);
    const word = input.slice(i, end);
    const f = FILTER_RE.exec(word);
    let handled = false;
    if (f) {
      const key = f[1]!.toLowerCase();
      const value = f[2]!;
      handled = key === 'kind' || key === 'type' || key === 'in' ? applyKinds(q, value) : applyDate(q, key, value);
    }
    if (!handled) addFreeText(q, word, prefixOk && end === n);
    i = end;
  }
  return q;
}

/** True when the query has nothing to match on besides filters. */
export function isFilterOnly(q: ParsedQuery): boolean {
  return q.terms.length === 0 && q.phrases.length === 0;
}

