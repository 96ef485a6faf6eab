/**
 * Binary persistence in segments. A page lives in segment segmentOf(id) (hash of the id mod
 * SEGMENT_COUNT, see indexState.ts), so an edit dirties one segment and saving rewrites only
 * that one; loading adds segments a round at a time, so a partly loaded index already answers.
 *
 * Words are named by a persisted id (pid) from one term dictionary shared by all segments and
 * stored in append-only chunks: a chunk holds the words that got pids since the last save. (Each
 * segment used to carry its own word list: 5.3 million words at 50,000 pages, a quarter of the
 * bytes and most of the load time, spent decoding and looking up the same words 256 times.)
 *
 * Layout (integers are unsigned LEB128 varints, strings UTF-8 with a varint byte length):
 *   segment: "KSG" version segment docCount, per doc: id kind(1 byte) title date textLength
 *            peopleCount people… titleTokens tokenCount pid…  (the page's words as pids),
 *            (textLength: 2 × UTF-16 length + 1 if not plain ASCII), then the ASCII texts back
 *            to back as one string, then each other text
 *   terms:   "KTD" version firstPid count wordLength… words (one string; lengths in UTF-16 units)
 *   each ends with the CRC-32 of everything before it (4 bytes, little-endian).
 * Each page is stored once as a sequence of pids (no positions lists, no re-tokenizing on
 * load): loading rebuilds the postings of a whole round of segments in two passes with exact
 * sizes, like a bulk build without the tokenizer. Encoding re-tokenizes the segment's pages
 * (O(segment), not O(index)).
 */
import { ByteReader, ByteWriter, crc32 } from './binary';
import { newIdList, pushDocMeta, segmentOf, SEGMENT_COUNT, tokenIds, TITLE_WEIGHT, type IndexState } from './indexState';
import { SearchIndexFormatError } from './persist';
import { newTerm } from './termIds';
import { PAGE_KINDS, type PageKind, type SearchDoc } from './types';

/** 3: one shared term dictionary (2 had a word list per segment). */
export const SEGMENT_VERSION = 3;

const MAGIC = [0x4b, 0x53, 0x47]; // "KSG"
const TERMS_MAGIC = [0x4b, 0x54, 0x44]; // "KTD"

const ASCII = /^[\x00-\x7f]*$/;

function fail(message: string): never {
  throw new SearchIndexFormatError(`segment: ${message}`);
}

function failTerms(message: string): never {
  throw new SearchIndexFormatError(`term dictionary: ${message}`);
}

const scratchIds = newIdList();
let decodeScratch = new Int32Array(1 << 16);
const EMPTY_TAIL = new Int32Array(0);

/** The pid of a term id, giving it the next one (to be saved in the next chunk) if it has none. */
function pidFor(s: IndexState, t: number): number {
  const have = t < s.pidOf.length ? (s.pidOf[t] as number) : -1;
  if (have >= 0) return have;
  while (s.pidOf.length <= t) s.pidOf.push(-1);
  const pid = s.tidOfPid.length;
  s.pidOf[t] = pid;
  s.tidOfPid.push(t);
  s.pidTerm.push(s.termStr[t] as string);
  return pid;
}

/** Encodes the live pages of one segment (an empty segment encodes to a valid, empty record). */
export function encodeSegment(s: IndexState, seg: number): Uint8Array {
  if (!Number.isInteger(seg) || seg < 0 || seg >= SEGMENT_COUNT) throw new RangeError(`segment ${seg} is not in 0…${SEGMENT_COUNT - 1}`);
  const docs = Array.from(s.segmentDocs[seg] as Set<number>).sort((a, b) => a - b);
  const w = new ByteWriter();
  for (const b of MAGIC) w.byte(b);
  w.uint(SEGMENT_VERSION);
  w.uint(seg);
  w.uint(docs.length);
  const texts: string[] = [];
  const others: string[] = [];
  for (const d of docs) {
    w.str(s.ids[d] as string);
    w.byte(PAGE_KINDS.indexOf(s.kinds[d] as PageKind));
    w.str(s.titles[d] as string);
    w.str(s.dates[d] as string);
    const text = s.texts[d] as string;
    const ascii = ASCII.test(text);
    (ascii ? texts : others).push(text);
    w.uint(text.length * 2 + (ascii ? 0 : 1));
    const people = s.people[d] as string[];
    w.uint(people.length);
    for (const p of people) w.str(p);
    scratchIds.n = 0;
    tokenIds(s, s.titles[d] as string, scratchIds);
    const T = scratchIds.n;
    tokenIds(s, text, scratchIds);
    w.uint(T);
    w.uint(scratchIds.n);
    for (let i = 0; i < scratchIds.n; i++) w.uint(pidFor(s, scratchIds.a[i] as number));
  }
  w.str(texts.join(''));
  for (const t of others) w.str(t);
  w.u32(crc32(w.bytes()));
  return w.bytes().slice();
}

/**
 * The words that got pids since the last saved chunk, as one chunk (null: none). Save it in
 * the same batch as the segments encoded before it, then call markTermsSaved(end).
 */
export function encodeTermChunk(s: IndexState): { start: number; end: number; bytes: Uint8Array } | null {
  const start = s.termsSaved;
  const end = s.pidTerm.length;
  if (end === start) return null;
  const w = new ByteWriter();
  for (const b of TERMS_MAGIC) w.byte(b);
  w.uint(SEGMENT_VERSION);
  w.uint(start);
  w.uint(end - start);
  const words = s.pidTerm.slice(start, end);
  for (const word of words) w.uint(word.length);
  w.str(words.join(''));
  w.u32(crc32(w.bytes()));
  return { start, end, bytes: w.bytes().slice() };
}

export function markTermsSaved(s: IndexState, end: number): void {
  if (end > s.termsSaved && end <= s.pidTerm.length) s.termsSaved = end;
}

function checked(bytes: Uint8Array, magic: readonly number[], f: (m: string) => never): ByteReader {
  if (!(bytes instanceof Uint8Array)) f('expected bytes');
  if (bytes.length < magic.length + 4) f(`${bytes.length} bytes is too short`);
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) f('bad magic (not this kind of record)');
  const body = bytes.subarray(0, bytes.length - 4);
  const stored = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true);
  if (crc32(body) !== stored) f('checksum mismatch (damaged data)');
  const r = new ByteReader(body, magic.length, f);
  const version = r.uint();
  if (version !== SEGMENT_VERSION) f(`unsupported version ${version} (this build reads ${SEGMENT_VERSION}); rebuild the index`);
  return r;
}

/**
 * Adds the stored term dictionary (all its chunks, in pid order) to an index that has none yet;
 * checks every chunk before changing anything. Returns the number of words.
 */
export function loadTermChunks(s: IndexState, chunks: readonly Uint8Array[]): number {
  if (s.pidTerm.length > 0) failTerms('the index already has a term dictionary');
  const words: string[] = [];
  for (const bytes of chunks) {
    const r = checked(bytes, TERMS_MAGIC, failTerms);
    const start = r.uint();
    if (start !== words.length) failTerms(`chunk starts at ${start}, expected ${words.length} (a chunk is missing)`);
    const n = r.uint();
    if (n > r.remaining()) failTerms(`${n} words cannot fit`);
    const lens = new Int32Array(n);
    if (!r.uints(lens, 0, n, 1 << 16)) failTerms('a word is too long');
    // One string for the chunk, each word a slice: one decoder call instead of one per word.
    const all = r.str();
    let from = 0;
    for (let i = 0; i < n; i++) {
      const len = lens[i] as number;
      if (len === 0 || from + len > all.length) failTerms('word lengths do not match the words');
      words.push(all.slice(from, from + len));
      from += len;
    }
    if (from !== all.length) failTerms('word lengths do not match the words');
    if (!r.atEnd()) failTerms('trailing bytes after the words');
  }
  // Words become terms when a loaded segment first names them (revive): the first round does
  // not wait for all 300,000 words of a 50,000-page dictionary to be hashed in.
  for (const w of words) {
    s.pidTerm.push(w);
    s.tidOfPid.push(-1);
  }
  s.termsSaved = words.length;
  return words.length;
}

export interface DecodedSegment {
  seg: number;
  docs: { doc: SearchDoc; titleLen: number; start: number; end: number }[];
  /** Every page's pids, back to back (doc k: tokens[start, end)). */
  tokens: Int32Array;
}

/**
 * Parses and checks a segment completely before anything touches the index. `termCount`: the
 * words in the loaded dictionary (a pid beyond it is damage).
 */
export function decodeSegment(bytes: Uint8Array, termCount: number): DecodedSegment {
  const r = checked(bytes, MAGIC, fail);
  const seg = r.uint();
  if (seg >= SEGMENT_COUNT) fail(`segment number ${seg} out of range`);
  const nDocs = r.uint();
  if (nDocs > r.remaining()) fail(`${nDocs} pages cannot fit`);
  const docs: DecodedSegment['docs'] = [];
  const textLens: number[] = [];
  const seen = new Set<string>();
  // Decoded into a reused scratch buffer, then copied out at its exact size.
  let tokens = decodeScratch;
  let at = 0;
  for (let i = 0; i < nDocs; i++) {
    const id = r.str();
    if (id === '' || seen.has(id)) fail(`empty or duplicate page id "${id}"`);
    if (segmentOf(id) !== seg) fail(`page "${id}" does not belong in segment ${seg}`);
    seen.add(id);
    const kind = PAGE_KINDS[r.byte()] ?? fail(`page "${id}" has an unknown kind`);
    const title = r.str();
    const date = r.str();
    textLens.push(r.uint());
    const np = r.uint();
    if (np > r.remaining()) fail(`page "${id}" lists too many people`);
    const people: string[] = [];
    for (let k = 0; k < np; k++) people.push(r.str());
    const titleLen = r.uint();
    const n = r.uint();
    if (titleLen > n || n > r.remaining()) fail(`page "${id}" has a bad word count`);
    if (at + n > tokens.length) {
      const next = new Int32Array(Math.max(tokens.length * 2, at + n));
      next.set(tokens.subarray(0, at));
      decodeScratch = tokens = next;
    }
    if (!r.uints(tokens, at, n, termCount)) fail(`page "${id}" names a word beyond the ${termCount} in the dictionary`);
    docs.push({ doc: { id, kind, title, date, text: '', people }, titleLen, start: at, end: at + n });
    at += n;
  }
  // Plain-ASCII texts come as one string, each page's a slice of it: one large allocation per
  // segment instead of one string per page (which the young generation would copy, then
  // promote). Other texts follow one by one, so one accent does not make the whole block a
  // two-byte string (twice the memory).
  const all = r.str();
  let from = 0;
  for (let i = 0; i < nDocs; i++) {
    const code = textLens[i] as number;
    if (code % 2 === 1) continue;
    const len = code / 2;
    if (from + len > all.length) fail('page texts are shorter than their lengths');
    (docs[i] as DecodedSegment['docs'][number]).doc.text = all.slice(from, from + len);
    from += len;
  }
  if (from !== all.length) fail('page texts are longer than their lengths');
  for (let i = 0; i < nDocs; i++) {
    const code = textLens[i] as number;
    if (code % 2 === 0) continue;
    const text = r.str();
    if (text.length !== (code - 1) / 2) fail('a page text does not have its length');
    (docs[i] as DecodedSegment['docs'][number]).doc.text = text;
  }
  if (!r.atEnd()) fail('trailing bytes after the pages');
  return { seg, docs, tokens: tokens.slice(0, at) };
}

/**
 * The term id of a pid whose word has none yet: a loaded word named for the first time, or one
 * that compaction dropped since.
 */
function revive(s: IndexState, pid: number): number {
  const w = s.pidTerm[pid] as string;
  const have = s.termIds.get(w);
  const t = have === undefined ? newTerm(s, w) : have;
  while (s.pidOf.length <= t) s.pidOf.push(-1);
  if ((s.pidOf[t] as number) < 0) s.pidOf[t] = pid;
  s.tidOfPid[pid] = t;
  return t;
}

// Per term id while applying a round, four ints side by side (one cache line per term, not
// one per array: at 50,000 pages the per-term arrays far exceed the CPU caches and this loop is
// bound by memory): pass 1 [occurrences, pages, last docNum + 1, -]; pass 2 [write offset,
// count in this page, count in its title, position cursor]. All zero between rounds.
let scratch: Int32Array = new Int32Array(0);
const TITLE_EXTRA = TITLE_WEIGHT - 1;

function growScratch(n: number): void {
  if (scratch.length >= n * 4) return;
  const b = new Int32Array(Math.max(1 << 16, n * 8));
  b.set(scratch);
  scratch = b;
}

/**
 * Adds decoded segments in one round, in two passes like a bulk build: count each term's
 * entries and positions over the whole round, reserve each posting list once, then write. Pages
 * already in the index (edited before their segment loaded) keep their live version; such a
 * segment is marked dirty so the next save rewrites it. Returns the pages added per segment.
 */
export function applySegments(s: IndexState, list: readonly DecodedSegment[]): number[] {
  const added: number[] = [];
  const rounds: { d: DecodedSegment; nums: Int32Array }[] = [];
  const touched: number[] = [];
  const tidOfPid = s.tidOfPid;
  growScratch(s.termStr.length);
  let sc = scratch;
  for (const d of list) {
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
        // pid → term id, in place: the second pass reads term ids.
        let t = tidOfPid[tokens[i] as number] as number;
        if (t < 0) {
          t = revive(s, tokens[i] as number);
          growScratch(s.termStr.length);
          sc = scratch;
        }
        tokens[i] = t;
        const o = t << 2;
        if (sc[o] === 0) touched.push(t);
        sc[o] = (sc[o] as number) + 1;
        if (sc[o + 2] !== docNum + 1) {
          sc[o + 2] = docNum + 1;
          sc[o + 1] = (sc[o + 1] as number) + 1;
        }
      }
    }
    if (skipped) s.dirty.add(d.seg);
    else s.dirty.delete(d.seg);
    added.push(n);
    rounds.push({ d, nums });
  }
  // One buffer for the whole round; each term gets a chunk of it, found through the round's
  // table (no object per term), after any entries it already has (a live tail is sealed first
  // as a round of its own: chunks keep docNum order).
  const tids = Int32Array.from(touched).sort();
  const offs = new Int32Array(tids.length);
  const lens = new Int32Array(tids.length);
  let total = 0;
  for (let i = 0; i < tids.length; i++) {
    const o = (tids[i] as number) << 2;
    offs[i] = total;
    lens[i] = 3 * (sc[o + 1] as number) + (sc[o] as number);
    total += lens[i] as number;
  }
  const arena = new Int32Array(total);
  const roundId = s.rounds.length;
  s.rounds.push({ arena, tids, offs, lens });
  for (let i = 0; i < tids.length; i++) {
    const t = tids[i] as number;
    const o = t << 2;
    const pages = sc[o + 1] as number;
    const chunks = s.mid[t] ?? (s.mid[t] = []);
    const tailLen = s.tailLen[t] as number;
    if (tailLen > 0) {
      chunks.push(s.rounds.length);
      s.rounds.push({ arena: (s.tail[t] as Int32Array).slice(0, tailLen), tids: Int32Array.of(t), offs: Int32Array.of(0), lens: Int32Array.of(tailLen) });
      s.tail[t] = EMPTY_TAIL;
      s.tailLen[t] = 0;
    }
    chunks.push(roundId);
    sc[o] = offs[i] as number; // the write offset in the arena
    sc[o + 1] = 0;
    sc[o + 2] = 0;
    const df = s.df[t] as number;
    s.df[t] = df + pages;
    if (df === 0 && s.dict) s.dict.add(s.termStr[t] as string, t);
  }
  const uniq: number[] = [];
  for (const { d, nums } of rounds) {
    const tokens = d.tokens;
    for (let k = 0; k < d.docs.length; k++) {
      const { titleLen, start, end } = d.docs[k] as DecodedSegment['docs'][number];
      const docNum = nums[k] as number;
      if (docNum < 0) continue;
      uniq.length = 0;
      for (let i = start; i < end; i++) {
        const o = (tokens[i] as number) << 2;
        if (sc[o + 1] === 0) uniq.push(o);
        sc[o + 1] = (sc[o + 1] as number) + 1;
        if (i - start < titleLen) sc[o + 2] = (sc[o + 2] as number) + 1;
      }
      for (let j = 0; j < uniq.length; j++) {
        const o = uniq[j] as number;
        const c = sc[o + 1] as number;
        const off = sc[o] as number;
        arena[off] = docNum;
        arena[off + 1] = c + TITLE_EXTRA * (sc[o + 2] as number);
        arena[off + 2] = c;
        sc[o + 3] = off + 3;
        sc[o] = off + 3 + c;
      }
      for (let i = start; i < end; i++) {
        const o = (tokens[i] as number) << 2;
        const p = i - start;
        const at = sc[o + 3] as number;
        arena[at] = p < titleLen ? p : p + 1;
        sc[o + 3] = at + 1;
      }
      for (let j = 0; j < uniq.length; j++) {
        const o = uniq[j] as number;
        sc[o + 1] = 0;
        sc[o + 2] = 0;
      }
    }
  }
  for (const t of touched) {
    const o = t << 2;
    sc[o] = 0;
    sc[o + 3] = 0;
  }
  return added;
}
