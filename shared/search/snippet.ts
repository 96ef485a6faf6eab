/**
 * Snippets: the window of the text with the most distinct matched words (a phrase counts
 * double), with highlight ranges as offsets into the snippet text — never HTML, so the UI
 * renders them safely.
 */
import { tokenize, type Token } from './tokenize';
import type { HighlightRange, Snippet } from './types';

export interface MatchSpec {
  /** Index terms that count as a match (query words plus their prefix/typo expansions). */
  terms: ReadonlySet<string>;
  /** Phrases (normalised terms) highlighted as one range per occurrence. */
  phrases: readonly (readonly string[])[];
}

interface Hit {
  start: number;
  end: number;
  key: string;
  weight: number;
}

const MAX_HITS = 400;
const ELLIPSIS = '…';

function findHits(tokens: readonly Token[], spec: MatchSpec): Hit[] {
  const hits: Hit[] = [];
  for (const phrase of spec.phrases) {
    if (phrase.length === 0) continue;
    const key = 'p:' + phrase.join(' ');
    for (let i = 0; i + phrase.length <= tokens.length && hits.length < MAX_HITS; i++) {
      let ok = true;
      for (let k = 0; k < phrase.length; k++) {
        if (tokens[i + k]!.term !== phrase[k]) {
          ok = false;
          break;
        }
      }
      if (ok) hits.push({ start: tokens[i]!.start, end: tokens[i + phrase.length - 1]!.end, key, weight: 2 });
    }
  }
  if (spec.terms.size > 0) {
    for (const t of tokens) {
      if (spec.terms.has(t.term)) {
        hits.push({ start: t.start, end: t.end, key: t.term, weight: 1 });
        if (hits.length >= MAX_HITS) break;
      }
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  return hits;
}

function merge(hits: readonly Hit[]): HighlightRange[] {
  const out: HighlightRange[] = [];
  for (const h of hits) {
    const last = out[out.length - 1];
    if (last && h.start <= last.end) last.end = Math.max(last.end, h.end);
    else out.push({ start: h.start, end: h.end });
  }
  return out;
}

/** Every match in a short string such as a title. */
export function highlightRanges(text: string, spec: MatchSpec): HighlightRange[] {
  if (!text || (spec.terms.size === 0 && spec.phrases.length === 0)) return [];
  return merge(findHits(tokenize(text), spec));
}

/** Best-scoring window: the hit to start at and where the covered hits end. */
function bestWindow(hits: readonly Hit[], maxLength: number): { first: number; spanEnd: number } {
  let best = -1;
  let bestFirst = 0;
  let bestEnd = hits[0]?.end ?? 0;
  for (let i = 0; i < hits.length; i++) {
    const limit = hits[i]!.start + maxLength;
    const seen = new Set<string>();
    let score = 0;
    let spanEnd = hits[i]!.end;
    for (let j = i; j < hits.length && hits[j]!.end <= limit; j++) {
      const h = hits[j]!;
      spanEnd = Math.max(spanEnd, h.end);
      if (!seen.has(h.key)) {
        seen.add(h.key);
        score += h.weight;
      }
    }
    if (score > best) {
      best = score;
      bestFirst = i;
      bestEnd = spanEnd;
    }
  }
  return { first: bestFirst, spanEnd: bestEnd };
}

export function makeSnippet(text: string, spec: MatchSpec, maxLength = 160): Snippet {
  if (text.length <= maxLength && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
    return { text, highlights: highlightRanges(text, spec) };
  }
  const tokens = tokenize(text);
  const hits = spec.terms.size > 0 || spec.phrases.length > 0 ? findHits(tokens, spec) : [];
  let begin = 0;
  let spanEnd = 0;
  if (hits.length > 0) {
    const w = bestWindow(hits, maxLength);
    const spanStart = hits[w.first]!.start;
    spanEnd = w.spanEnd;
    const slack = Math.max(0, maxLength - (spanEnd - spanStart));
    begin = Math.max(0, spanStart - Math.min(Math.floor(slack / 2), 60));
  }
  // Snap to word boundaries: start at a token start, end at a token end.
  if (begin > 0) {
    const tok = tokens.find((t) => t.end > begin);
    begin = tok ? Math.min(tok.start, begin === 0 ? 0 : tok.start) : begin;
  }
  let end = Math.min(text.length, begin + maxLength);
  if (end < text.length) {
    let snapped = -1;
    for (const t of tokens) {
      if (t.end > end) break;
      if (t.end > begin) snapped = t.end;
    }
    if (snapped > begin) end = snapped;
    end = Math.max(end, Math.min(spanEnd, text.length));
    // Keep a closing punctuation mark that directly follows the last word.
    if (end < text.length && /[.!?,;:)]/.test(text[end]!)) end++;
  }
  const prefix = begin > 0 ? ELLIPSIS : '';
  const suffix = end < text.length ? ELLIPSIS : '';
  const body = text.slice(begin, end).replace(/\s/g, ' ');
  const shift = prefix.length - begin;
  const highlights: HighlightRange[] = [];
  for (const r of merge(hits)) {
    if (r.start < begin || r.end > end) continue;
    highlights.push({ start: r.start + shift, end: r.end + shift });
  }
  return { text: prefix + body + suffix, highlights };
}
