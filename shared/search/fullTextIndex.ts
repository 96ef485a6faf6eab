/**
 * SearchIndex: the public full-text engine. A hand-written inverted index with positions
 * (see indexState.ts), BM25 ranking with prefix/typo expansion (query.ts), snippets
 * (snippet.ts) and a one-record persisted form (persist.ts).
 */
import { BulkBuilder } from './bulkBuild';
import { addDoc, compactState, emptyState, ensureDict, removeDoc, SEGMENT_COUNT, segmentOf, type IndexState } from './indexState';
import { maintainStep } from './maintain';
import { parseQuery } from './parseQuery';
import { deserialize, SearchIndexFormatError, serialize, type SerializedIndex } from './persist';
import { execute } from './query';
import { applySegments, decodeSegment, encodeSegment, encodeTermChunk, loadTermChunks, markTermsSaved, type DecodedSegment } from './segments';
import { highlightRanges, makeSnippet, type MatchSpec } from './snippet';
import { PAGE_KINDS, type BuildProgress, type IndexStats, type ParsedQuery, type SearchDoc, type SearchHit, type SearchOptions } from './types';

export interface BuildAsyncOptions {
  /** Called after each slice and once at the end. */
  onProgress?: (p: BuildProgress) => void;
  /** Work per slice before yielding to the event loop (default 12 ms). */
  sliceMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_LIMIT = 20;

function checkDoc(doc: SearchDoc): void {
  if (!doc || typeof doc.id !== 'string' || doc.id === '') throw new TypeError('SearchDoc needs a non-empty string id');
  if (!PAGE_KINDS.includes(doc.kind)) throw new TypeError(`SearchDoc ${doc.id}: unknown kind ${String(doc.kind)}`);
  if (typeof doc.title !== 'string' || typeof doc.text !== 'string' || typeof doc.date !== 'string') {
    throw new TypeError(`SearchDoc ${doc.id}: title, text and date must be strings`);
  }
  if (!Array.isArray(doc.people)) throw new TypeError(`SearchDoc ${doc.id}: people must be an array of ids`);
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export class SearchIndex {
  private s: IndexState;
  private readonly upkeep = { t: 0 };

  /** Number of persistence segments; a page's segment is `SearchIndex.segmentOf(id)`. */
  static readonly SEGMENT_COUNT = SEGMENT_COUNT;

  static segmentOf(id: string): number {
    return segmentOf(id);
  }

  private constructor(state: IndexState) {
    this.s = state;
  }

  /** An empty index. */
  static create(): SearchIndex {
    return new SearchIndex(emptyState());
  }

  /** Builds synchronously (≈0.3–0.5 s for 6,000 pages of ~300 words; see bench). */
  static build(docs: Iterable<SearchDoc>): SearchIndex {
    const b = new BulkBuilder();
    for (const doc of docs) {
      checkDoc(doc);
      b.add(doc);
    }
    return new SearchIndex(b.finish());
  }

  /** Builds in time slices, yielding between them, reporting progress (the "indexing…" state). */
  static async buildAsync(docs: readonly SearchDoc[], opts: BuildAsyncOptions = {}): Promise<SearchIndex> {
    const b = new BulkBuilder();
    const slice = opts.sliceMs ?? 12;
    const total = docs.length;
    let i = 0;
    while (i < total) {
      if (opts.signal?.aborted) throw new Error('Search index build aborted');
      const t0 = now();
      do {
        const doc = docs[i++] as SearchDoc;
        checkDoc(doc);
        b.add(doc);
      } while (i < total && now() - t0 < slice);
      opts.onProgress?.({ done: i, total });
      if (i < total) await yieldToEventLoop();
    }
    const state = b.finish();
    if (total === 0) opts.onProgress?.({ done: 0, total: 0 });
    return new SearchIndex(state);
  }

  /** Loads what `toJSON` produced (object or its JSON string); throws SearchIndexFormatError. */
  static fromJSON(data: unknown): SearchIndex {
    return new SearchIndex(deserialize(data));
  }

  /**
   * Compact, JSON-safe snapshot of the live pages (≈0.1 s for 6,000 pages; read-only, so it can
   * run on idle). Store it as one IndexedDB record.
   */
  toJSON(): SerializedIndex {
    return serialize(this.s);
  }

  /**
   * Segments changed since the last call (pages added, replaced or removed, or loaded over a
   * newer live copy), ascending; clears the set. Save exactly these with `encodeSegment`.
   */
  takeDirtySegments(): number[] {
    const out = Array.from(this.s.dirty).sort((a, b) => a - b);
    this.s.dirty.clear();
    return out;
  }

  /** Live pages in one segment. */
  pagesIn(segment: number): number {
    return this.s.segmentDocs[segment]?.size ?? 0;
  }

  /** Puts segments back in the dirty set (a save that failed). */
  markDirty(segments: Iterable<number>): void {
    for (const seg of segments) if (Number.isInteger(seg) && seg >= 0 && seg < SEGMENT_COUNT) this.s.dirty.add(seg);
  }

  /** Binary record of one segment's live pages (O(segment): re-tokenizes those pages only). */
  encodeSegment(segment: number): Uint8Array {
    return encodeSegment(this.s, segment);
  }

  /**
   * The words segments encoded since the last saved chunk name (segments store word ids from
   * one shared dictionary). Save the chunk with those segments, then `markTermsSaved(end)`.
   */
  encodeTermChunk(): { start: number; end: number; bytes: Uint8Array } | null {
    return encodeTermChunk(this.s);
  }

  markTermsSaved(end: number): void {
    markTermsSaved(this.s, end);
  }

  /**
   * Loads the stored term dictionary (every chunk, in order) before any segment; damaged or
   * missing chunks throw SearchIndexFormatError and change nothing. Returns the word count.
   */
  loadTermChunks(chunks: readonly Uint8Array[]): number {
    return loadTermChunks(this.s, chunks);
  }

  /**
   * Adds a segment produced by `encodeSegment` (after the dictionary: `loadTermChunks`); the
   * pages are searchable at once. Checks the whole record (checksum, structure) before touching the index: damaged bytes throw
   * SearchIndexFormatError and change nothing. Pages already present keep their live version.
   */
  loadSegment(bytes: Uint8Array): { segment: number; pages: number } {
    const decoded = decodeSegment(bytes, this.s.pidTerm.length);
    return { segment: decoded.seg, pages: applySegments(this.s, [decoded])[0] as number };
  }

  /**
   * Adds several segments in one round (faster than one by one: each posting list grows once
   * per round). A damaged segment is skipped and reported; the others are added.
   */
  loadSegments(list: readonly Uint8Array[]): { pages: number; failed: { index: number; error: SearchIndexFormatError }[] } {
    const ok: DecodedSegment[] = [];
    const failed: { index: number; error: SearchIndexFormatError }[] = [];
    list.forEach((bytes, index) => {
      try {
        ok.push(decodeSegment(bytes, this.s.pidTerm.length));
      } catch (err) {
        if (!(err instanceof SearchIndexFormatError)) throw err;
        failed.push({ index, error: err });
      }
    });
    const pages = applySegments(this.s, ok).reduce((a, b) => a + b, 0);
    return { pages, failed };
  }

  /**
   * Background upkeep in a slice of about `budgetMs`: rewrites posting lists grown by edits or
   * loading. Returns true when nothing is left to do. Never needed for correctness.
   */
  maintain(budgetMs = 8): boolean {
    return maintainStep(this.s, budgetMs, this.upkeep, now);
  }

  /** Adds or replaces a page; searchable immediately. O(that page): no list of the whole index is copied. */
  upsert(doc: SearchDoc): void {
    checkDoc(doc);
    removeDoc(this.s, doc.id);
    addDoc(this.s, doc);
    this.maybeCompact();
  }

  remove(id: string): boolean {
    const removed = removeDoc(this.s, id);
    if (removed) this.maybeCompact();
    return removed;
  }

  has(id: string): boolean {
    return this.s.idToNum.has(id);
  }

  get size(): number {
    return this.s.liveCount;
  }

  /** The indexed copy of a page. */
  get(id: string): SearchDoc | undefined {
    const d = this.s.idToNum.get(id);
    if (d === undefined) return undefined;
    const s = this.s;
    return { id, kind: s.kinds[d]!, title: s.titles[d]!, date: s.dates[d]!, text: s.texts[d]!, people: s.people[d]!.slice() };
  }

  /** Ids of the live pages that mention a person (a rename re-indexes exactly these). */
  pagesMentioning(personId: string): string[] {
    const s = this.s;
    const out: string[] = [];
    for (const [id, d] of s.idToNum) if ((s.people[d] as string[]).includes(personId)) out.push(id);
    return out;
  }

  ids(): string[] {
    return Array.from(this.s.idToNum.keys());
  }

  stats(): IndexStats {
    let postingInts = 0;
    for (const l of this.s.postLen) postingInts += l;
    for (const l of this.s.tailLen) postingInts += l;
    return { docs: this.s.liveCount, deadDocs: this.s.deadCount, terms: ensureDict(this.s).size, postingInts };
  }

  /** Drops postings of replaced/removed pages (runs by itself once they outnumber live pages). */
  compact(): void {
    this.s = compactState(this.s);
  }

  private maybeCompact(): void {
    if (this.s.deadCount > 1000 && this.s.deadCount > this.s.liveCount) this.compact();
  }

  search(query: string | ParsedQuery, opts: SearchOptions = {}): SearchHit[] {
    const q = typeof query === 'string' ? parseQuery(query, opts.resolvePerson ? { resolvePerson: opts.resolvePerson } : {}) : query;
    const limit = Math.max(0, Math.floor(opts.limit ?? DEFAULT_LIMIT));
    const res = execute(this.s, q, opts.filter, limit, opts.fuzzy !== false);
    const spec: MatchSpec = { terms: res.matchedTerms, phrases: q.phrases };
    const s = this.s;
    const hits: SearchHit[] = [];
    for (let i = 0; i < res.docs.length; i++) {
      const d = res.docs[i] as number;
      hits.push({
        id: s.ids[d]!,
        score: res.scores[i] as number,
        kind: s.kinds[d]!,
        title: s.titles[d]!,
        date: s.dates[d]!,
        people: s.people[d]!.slice(),
        snippet: makeSnippet(s.texts[d]!, spec, opts.snippetLength ?? 160),
        titleHighlights: highlightRanges(s.titles[d]!, spec),
      });
    }
    return hits;
  }
}
