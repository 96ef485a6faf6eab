/**
 * Persisted form of the index: one JSON-safe object (store it as one IndexedDB record).
 * Bump INDEX_VERSION whenever tokenizing or the layout changes: old records are then rejected
 * (SearchIndexFormatError) and the caller rebuilds.
 * Doc fields are plain arrays; all postings are one base64 string of delta-encoded varints,
 * decoded into a single Int32Array on load (each term gets a view, nothing is re-tokenised).
 */
import { ByteWriter, fromBase64, toBase64 } from './codec';
import { addTermView, emptyState, ensureDict, finishDocs, partsOf, type IndexState } from './indexState';
import type { PageKind } from './types';

export const INDEX_FORMAT = 'kindred-search-index';
export const INDEX_VERSION = 1;

export interface SerializedIndex {
  format: typeof INDEX_FORMAT;
  version: typeof INDEX_VERSION;
  ids: string[];
  /** One letter per doc: j(ournal) c(onversation) p(erson). */
  kinds: string;
  titles: string[];
  dates: string[];
  texts: string[];
  people: string[][];
  lens: number[];
  /** Terms in use, in term-id order. */
  terms: string[];
  /** Total ints of all postings (so the loader allocates once). */
  postingInts: number;
  /** base64 varints; per term: docCount, then per doc: docDelta, weightedTf, count, positionDeltas… */
  postings: string;
}

export class SearchIndexFormatError extends Error {
  constructor(message: string) {
    super(`Malformed search index: ${message}`);
    this.name = 'SearchIndexFormatError';
  }
}

const KIND_CODE: Record<PageKind, string> = { journal: 'j', conversation: 'c', person: 'p' };
const CODE_KIND: Record<string, PageKind> = { j: 'journal', c: 'conversation', p: 'person' };

/**
 * Serialises the live docs and the terms in use. Dead (replaced/removed) docs are skipped and
 * docNums renumbered on the fly, so saving never compacts or otherwise touches the live index.
 */
export function serialize(s: IndexState): SerializedIndex {
  const remap = new Int32Array(s.ids.length).fill(-1);
  const live: number[] = [];
  for (let d = 0; d < s.ids.length; d++) {
    if (!s.alive[d]) continue;
    remap[d] = live.length;
    live.push(d);
  }
  const w = new ByteWriter();
  const terms: string[] = [];
  let postingInts = 0;
  for (let t = 0; t < s.termStr.length; t++) {
    const df = s.df[t] as number;
    if (df <= 0) continue;
    terms.push(s.termStr[t] as string);
    let liveEntries = 0;
    const parts = partsOf(s, t);
    for (let part = 0; part < parts.length; part += 2) {
      const buf = parts[part] as Int32Array;
      const len = parts[part + 1] as number;
      for (let o = 0; o < len; o += 3 + (buf[o + 2] as number)) if ((remap[buf[o] as number] as number) >= 0) liveEntries++;
    }
    w.uint(liveEntries);
    let prevDoc = 0;
    for (let part = 0; part < parts.length; part += 2) {
      const buf = parts[part] as Int32Array;
      const len = parts[part + 1] as number;
      for (let o = 0; o < len; ) {
        const n = buf[o + 2] as number;
        const doc = remap[buf[o] as number] as number;
        if (doc >= 0) {
          w.uint(doc - prevDoc);
          prevDoc = doc;
          w.uint(buf[o + 1] as number);
          w.uint(n);
          let prevPos = 0;
          for (let p = 0; p < n; p++) {
            const pos = buf[o + 3 + p] as number;
            w.uint(pos - prevPos);
            prevPos = pos;
          }
          postingInts += 3 + n;
        }
        o += 3 + n;
      }
    }
  }
  return {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    ids: live.map((d) => s.ids[d] as string),
    kinds: live.map((d) => KIND_CODE[s.kinds[d] as PageKind]).join(''),
    titles: live.map((d) => s.titles[d] as string),
    dates: live.map((d) => s.dates[d] as string),
    texts: live.map((d) => s.texts[d] as string),
    people: live.map((d) => (s.people[d] as string[]).slice()),
    lens: live.map((d) => s.lens[d] as number),
    terms,
    postingInts,
    postings: toBase64(w.bytes()),
  };
}

function fail(message: string): never {
  throw new SearchIndexFormatError(message);
}

function stringArray(v: unknown, name: string, length?: number): string[] {
  if (!Array.isArray(v)) fail(`"${name}" is not an array`);
  if (length !== undefined && v.length !== length) fail(`"${name}" has ${v.length} entries, expected ${length}`);
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') fail(`"${name}[${i}]" is not a string`);
  return v as string[];
}

export function deserialize(data: unknown): IndexState {
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data) as unknown;
    } catch (e) {
      fail(`not valid JSON (${(e as Error).message})`);
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('expected an object');
  const o = data as Record<string, unknown>;
  if (o.format !== INDEX_FORMAT) fail(`"format" is ${JSON.stringify(o.format)}, expected "${INDEX_FORMAT}"`);
  if (o.version !== INDEX_VERSION) fail(`unsupported version ${JSON.stringify(o.version)} (this build reads ${INDEX_VERSION}); rebuild the index`);
  const ids = stringArray(o.ids, 'ids');
  const n = ids.length;
  if (new Set(ids).size !== n) fail('duplicate document ids');
  if (typeof o.kinds !== 'string' || o.kinds.length !== n) fail('"kinds" must be a string with one letter per document');
  const kinds: PageKind[] = [];
  for (const ch of o.kinds) kinds.push(CODE_KIND[ch] ?? fail(`unknown kind code "${ch}"`));
  const titles = stringArray(o.titles, 'titles', n);
  const dates = stringArray(o.dates, 'dates', n);
  const texts = stringArray(o.texts, 'texts', n);
  if (!Array.isArray(o.people) || o.people.length !== n) fail('"people" must have one array per document');
  const people = (o.people as unknown[]).map((p, i) => stringArray(p, `people[${i}]`));
  if (!Array.isArray(o.lens) || o.lens.length !== n) fail('"lens" must have one number per document');
  const lens = o.lens as unknown[];
  for (const l of lens) if (typeof l !== 'number' || !Number.isInteger(l) || l < 0) fail('"lens" must hold non-negative integers');
  const terms = stringArray(o.terms, 'terms');
  if (typeof o.postingInts !== 'number' || !Number.isInteger(o.postingInts) || o.postingInts < 0) fail('"postingInts" must be a non-negative integer');
  if (typeof o.postings !== 'string') fail('"postings" must be a base64 string');

  const s = emptyState();
  s.dict = null;
  s.ids = ids.slice();
  s.kinds = kinds;
  s.titles = titles.slice();
  s.dates = dates.slice();
  s.texts = texts.slice();
  s.people = people.map((p) => p.slice());
  s.lens = (lens as number[]).slice();
  finishDocs(s);

  let bytes: Uint8Array;
  try {
    bytes = fromBase64(o.postings);
  } catch (e) {
    fail(`postings: ${(e as Error).message}`);
  }
  const big = new Int32Array(o.postingInts);
  const b = bytes;
  let p = 0;
  // Unsigned LEB128, inlined for speed. Reads past the end yield garbage that the size and
  // range checks below reject.
  const more = (first: number): number => {
    let v = first & 0x7f;
    let shift = 7;
    let x: number;
    do {
      x = b[p++] ?? 0;
      v |= (x & 0x7f) << shift;
      shift += 7;
    } while (x >= 0x80 && shift < 35);
    return v >>> 0;
  };
  let at = 0;
  for (const term of terms) {
    if (s.termIds.get(term) !== undefined) fail(`duplicate term "${term}"`);
    const start = at;
    let v = b[p++] ?? 0;
    const docs = v < 0x80 ? v : more(v);
    let doc = 0;
    for (let k = 0; k < docs; k++) {
      v = b[p++] ?? 0;
      const delta = v < 0x80 ? v : more(v);
      if (k > 0 && delta === 0) fail(`postings for "${term}" list a document twice`);
      doc += delta;
      v = b[p++] ?? 0;
      const tf = v < 0x80 ? v : more(v);
      v = b[p++] ?? 0;
      const count = v < 0x80 ? v : more(v);
      if (doc >= n) fail(`posting for "${term}" names document ${doc} of ${n}`);
      if (at + 3 + count > big.length || p > b.length) fail('postings longer than "postingInts"');
      big[at++] = doc;
      big[at++] = tf;
      big[at++] = count;
      let pos = 0;
      for (let q = 0; q < count; q++) {
        v = b[p++] ?? 0;
        pos += v < 0x80 ? v : more(v);
        big[at++] = pos;
      }
      if (pos > (s.lens[doc] as number)) fail(`position ${pos} beyond the length of document ${doc}`);
    }
    addTermView(s, term, big.subarray(start, at), docs);
  }
  if (at !== big.length || p !== b.length) fail('postings size does not match "postingInts"');
  ensureDict(s);
  return s;
}
