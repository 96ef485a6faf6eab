/**
 * Binary persistence in segments. A page lives in segment segmentOf(id) (hash of the id mod
 * SEGMENT_COUNT, see indexState.ts), so an edit dirties one segment and saving rewrites only
 * that one; loading adds segments a round at a time, so a partly loaded index already answers.
 *
 * Layout (integers are unsigned LEB128 varints, strings UTF-8 with a varint byte length):
 *   "KSG" version segment
 *   termCount, terms…                      the segment's own terms, in order of first use
 *   docCount, per doc: id kind(1 byte) title date text peopleCount people…
 *                      titleTokens tokenCount localTermId…   (the page's words as term ids)
 *   CRC-32 of everything before it (4 bytes, little-endian)
 * Each page is stored once as a sequence of small term ids (no positions lists, no re-tokenizing
 * on load): loading rebuilds the postings of a whole round of segments in two passes with
 * exact sizes, like a bulk build without the tokenizer. Encoding re-tokenizes the segment's
 * pages (O(segment), not O(index)).
 */
import { ByteReader, ByteWriter, crc32 } from './binary';
import { ensureTermScratch, newIdList, pushDocMeta, segmentOf, SEGMENT_COUNT, tokenIds, TITLE_WEIGHT, type IndexState } from './indexState';
import { SearchIndexFormatError } from './persist';
import { newTerm } from './termIds';
import { PAGE_KINDS, type PageKind, type SearchDoc } from './types';

export const SEGMENT_VERSION = 2;

const MAGIC = [0x4b, 0x53, 0x47]; // "KSG"

function fail(message: string): never {
  throw new SearchIndexFormatError(`segment: ${message}`);
}

const scratchIds = newIdList();
const EMPTY_TAIL = new Int32Array(0);
// Term id → 1 + index of its list while encoding; all zero between uses.
let listSlot = new Int32Array(0);

/** Encodes the live pages of one segment (an empty segment encodes to a valid, empty record). */
export function encodeSegment(s: IndexState, seg: number): Uint8Array {
  if (!Number.isInteger(seg) || seg < 0 || seg >= SEGMENT_COUNT) throw new RangeError(`segment ${seg} is not in 0…${SEGMENT_COUNT - 1}`);
  const docs = Array.from(s.segmentDocs[seg] as Set<number>).sort((a, b) => a - b);
  if (listSlot.length < s.termStr.length) listSlot = new Int32Array(Math.max(1 << 14, s.termStr.length * 2));
  const localOf = listSlot; // global term id → 1 + local id; all zero between uses
  const localTerms: number[] = [];
  const body = new ByteWriter();
  body.uint(docs.length);
  for (const d of docs) {
    body.str(s.ids[d] as string);
    body.byte(PAGE_KINDS.indexOf(s.kinds[d] as PageKind));
    body.str(s.titles[d] as string);
    body.str(s.dates[d] as string);
    body.str(s.texts[d] as string);
    const people = s.people[d] as string[];
    body.uint(people.length);
    for (const p of people) body.str(p);
    scratchIds.n = 0;
    tokenIds(s, s.titles[d] as string, scratchIds);
    const T = scratchIds.n;
    tokenIds(s, s.texts[d] as string, scratchIds);
    body.uint(T);
    body.uint(scratchIds.n);
    for (let i = 0; i < scratchIds.n; i++) {
      const t = scratchIds.a[i] as number;
      if (localOf[t] === 0) {
        localTerms.push(t);
        localOf[t] = localTerms.length;
      }
      body.uint((localOf[t] as number) - 1);
    }
  }
  for (const t of localTerms) localOf[t] = 0;
  const w = new ByteWriter();
  for (const b of MAGIC) w.byte(b);
  w.uint(SEGMENT_VERSION);
  w.uint(seg);
  w.uint(localTerms.length);
  for (const t of localTerms) w.str(s.termStr[t] as string);
  w.append(body.bytes());
  w.u32(crc32(w.bytes()));
  return w.bytes().slice();
}

export interface DecodedSegment {
  seg: number;
  terms: string[];
  docs: { doc: SearchDoc; titleLen: number; start: number; end: number }[];
  /** Every page's local term ids, back to back (doc k: tokens[start, end)). */
  tokens: Int32Array;
}

/** Parses and checks a segment completely before anything touches the index. */
export function decodeSegment(bytes: Uint8Array): DecodedSegment {
  if (!(bytes instanceof Uint8Array)) fail('expected bytes');
  if (bytes.length < MAGIC.length + 4) fail(`${bytes.length} bytes is too short`);
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) fail('not a search segment (bad magic)');
  const body = bytes.subarray(0, bytes.length - 4);
  const stored = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true);
  if (crc32(body) !== stored) fail('checksum mismatch (damaged data)');
  const r = new ByteReader(body, MAGIC.length, fail);
  const version = r.uint();
  if (version !== SEGMENT_VERSION) fail(`unsupported version ${version} (this build reads ${SEGMENT_VERSION}); rebuild the index`);
  const seg = r.uint();
  if (seg >= SEGMENT_COUNT) fail(`segment number ${seg} out of range`);
  const nTerms = r.uint();
  if (nTerms > r.remaining()) fail(`${nTerms} terms cannot fit`);
  const terms: string[] = [];
  const termSeen = new Set<string>();
  for (let i = 0; i < nTerms; i++) {
    const term = r.str();
    if (term === '' || termSeen.has(term)) fail(`empty or duplicate term "${term}"`);
    termSeen.add(term);
    terms.push(term);
  }
  const nDocs = r.uint();
  if (nDocs > r.remaining()) fail(`${nDocs} pages cannot fit`);
  const docs: DecodedSegment['docs'] = [];
  const seen = new Set<string>();
  let tokens = new Int32Array(Math.min(Math.max(64, r.remaining()), 1 << 16));
  let at = 0;
  for (let i = 0; i < nDocs; i++) {
    const id = r.str();
    if (id === '' || seen.has(id)) fail(`empty or duplicate page id "${id}"`);
    if (segmentOf(id) !== seg) fail(`page "${id}" does not belong in segment ${seg}`);
    seen.add(id);
    const kind = PAGE_KINDS[r.byte()] ?? fail(`page "${id}" has an unknown kind`);
    const title = r.str();
    const date = r.str();
    const text = r.str();
    const np = r.uint();
    if (np > r.remaining()) fail(`page "${id}" lists too many people`);
    const people: string[] = [];
    for (let k = 0; k < np; k++) people.push(r.str());
    const titleLen = r.uint();
    const n = r.uint();
    if (titleLen > n || n > r.remaining()) fail(`page "${id}" has a bad word count`);
    if (at + n > tokens.length) {
      const next = new Int32Array(Math.max(tokens.length * 2, at + n));
      next.set(tokens);
      tokens = next;
    }
    const start = at;
    for (let k = 0; k < n; k++) {
      const local = r.uint();
      if (local >= nTerms) fail(`page "${id}" names term ${local} of ${nTerms}`);
      tokens[at++] = local;
    }
    docs.push({ doc: { id, kind, title, date, text, people }, titleLen, start, end: at });
  }
  if (!r.atEnd()) fail('trailing bytes after the pages');
  return { seg, terms, docs, tokens };
}

// Per term id while applying a round: occurrences, then the write cursor; and pages holding it.
let occOf: Int32Array = new Int32Array(0);
let dfOf: Int32Array = new Int32Array(0);
let lastDoc: Int32Array = new Int32Array(0);

function growScratch(n: number): void {
  if (occOf.length >= n) return;
  const cap = Math.max(1 << 14, n * 2);
  const g = (a: Int32Array, fill: number): Int32Array => {
    const b = new Int32Array(cap).fill(fill);
    b.set(a);
    return b;
  };
  occOf = g(occOf, 0);
  dfOf = g(dfOf, 0);
  lastDoc = g(lastDoc, -1);
}

/**
 * Adds decoded segments in one round, in two passes like a bulk build: count each term's
 * entries and positions over the whole round, reserve each posting list once, then write. Pages
 * already in the index (edited before their segment loaded) keep their live version; such a
 * segment is marked dirty so the next save rewrites it. Returns the pages added per segment.
 */
export function applySegments(s: IndexState, list: readonly DecodedSegment[]): number[] {
  const added: number[] = [];
  const rounds: { d: DecodedSegment; tids: Int32Array; nums: Int32Array }[] = [];
  const touched: number[] = [];
  for (const d of list) {
    const tids = new Int32Array(d.terms.length);
    d.terms.forEach((term, i) => {
      const tid = s.termIds.get(term);
      tids[i] = tid === undefined ? newTerm(s, term) : tid;
    });
    growScratch(s.termStr.length);
    const nums = new Int32Array(d.docs.length).fill(-1);
    let n = 0;
    let skipped = false;
    const tokens = d.tokens;
    for (let k = 0; k < d.docs.length; k++) {
      const { doc, start, end } = d.docs[k] as DecodedSegment['docs'][number];
      if (s.idToNum.has(doc.id)) {
        skipped = true;
        continue;
      }
      const docNum = pushDocMeta(s, doc, end - start);
      nums[k] = docNum;
      n++;
      for (let i = start; i < end; i++) {
        const t = tids[tokens[i] as number] as number;
        if (occOf[t] === 0) touched.push(t);
        occOf[t] = (occOf[t] as number) + 1;
        if (lastDoc[t] !== docNum) {
          lastDoc[t] = docNum;
          dfOf[t] = (dfOf[t] as number) + 1;
        }
      }
    }
    if (skipped) s.dirty.add(d.seg);
    else s.dirty.delete(d.seg);
    added.push(n);
    rounds.push({ d, tids, nums });
  }
  // One buffer for the whole round; each term gets a chunk of it (a view, not an allocation),
  // after any entries it already has (a live tail is sealed first: chunks keep docNum order).
  let total = 0;
  for (const t of touched) total += 3 * (dfOf[t] as number) + (occOf[t] as number);
  const arena = new Int32Array(total);
  let used = 0;
  for (const t of touched) {
    const need = 3 * (dfOf[t] as number) + (occOf[t] as number);
    const chunks = s.mid[t] ?? (s.mid[t] = []);
    const tailLen = s.tailLen[t] as number;
    if (tailLen > 0) {
      chunks.push((s.tail[t] as Int32Array).slice(0, tailLen));
      s.tail[t] = EMPTY_TAIL;
      s.tailLen[t] = 0;
    }
    chunks.push(arena.subarray(used, used + need));
    occOf[t] = used; // the write cursor, in arena offsets
    used += need;
    const df = s.df[t] as number;
    s.df[t] = df + (dfOf[t] as number);
    if (df === 0 && s.dict) s.dict.add(s.termStr[t] as string, t);
  }
  const sc = ensureTermScratch(s.termStr.length);
  const uniq: number[] = [];
  const { cnt, titleCnt, cursor } = sc;
  for (const { d, tids, nums } of rounds) {
    const tokens = d.tokens;
    for (let k = 0; k < d.docs.length; k++) {
      const { titleLen, start, end } = d.docs[k] as DecodedSegment['docs'][number];
      const docNum = nums[k] as number;
      if (docNum < 0) continue;
      uniq.length = 0;
      for (let i = start; i < end; i++) {
        const t = tids[tokens[i] as number] as number;
        if (cnt[t] === 0) uniq.push(t);
        cnt[t] = (cnt[t] as number) + 1;
        if (i - start < titleLen) titleCnt[t] = (titleCnt[t] as number) + 1;
      }
      for (const t of uniq) {
        const n = cnt[t] as number;
        const off = occOf[t] as number;
        arena[off] = docNum;
        arena[off + 1] = n + (TITLE_WEIGHT - 1) * (titleCnt[t] as number);
        arena[off + 2] = n;
        cursor[t] = off + 3;
        occOf[t] = off + 3 + n;
      }
      for (let i = start; i < end; i++) {
        const t = tids[tokens[i] as number] as number;
        const p = i - start;
        arena[cursor[t] as number] = p < titleLen ? p : p + 1;
        cursor[t] = (cursor[t] as number) + 1;
      }
      for (const t of uniq) {
        cnt[t] = 0;
        titleCnt[t] = 0;
      }
    }
  }
  for (const t of touched) {
    occOf[t] = 0;
    dfOf[t] = 0;
    lastDoc[t] = -1;
  }
  return added;
}
