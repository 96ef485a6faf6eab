import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SearchIndex } from './fullTextIndex';
import { SearchIndexFormatError } from './persist';
import type { PageKind, SearchDoc } from './types';

// A small vocabulary (with accents and near-misses) so random pages share words, prefixes,
// typo neighbours and phrases: that is where incremental bookkeeping could drift.
const WORDS = ['bakery', 'baker', 'bakers', 'sister', 'sisters', 'maria', 'María', 'josé', 'jose', 'lisbon', 'coffee', 'cofee', 'garden', 'gardening', 'the', 'and', 'moved', 'to', 'conversation', 'conversations', 'Núñez', "sister's", '東京', 'rain'];
const QUERIES = ['bakery', 'bak', 'sister bakery', 'maria', 'jose', 'núñez', 'conversaton', 'gardenign', '"moved to lisbon"', '"the bakery"', 'cofe', 'the', '東京', 'rain sister coffee', 'kind:journal sister', 'from:2023 bakery'];

const docArb = (id: string): fc.Arbitrary<SearchDoc> =>
  fc.record({
    kind: fc.constantFrom<PageKind>('journal', 'conversation', 'person'),
    title: fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }).map((w) => w.join(' ')),
    date: fc.constantFrom('2022-01-01', '2023-05-05', '2024-12-31'),
    text: fc.array(fc.constantFrom(...WORDS, '.', ','), { maxLength: 40 }).map((w) => w.join(' ')),
    people: fc.subarray(['p1', 'p2', 'p3']),
  }).map((r) => ({ id, ...r }));

type Op = { kind: 'upsert'; doc: SearchDoc } | { kind: 'remove'; id: string };
const IDS = Array.from({ length: 12 }, (_, i) => `page-${i}`);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...IDS).chain((id) => docArb(id)).map((doc) => ({ kind: 'upsert' as const, doc })) },
  { weight: 1, arbitrary: fc.constantFrom(...IDS).map((id) => ({ kind: 'remove' as const, id })) },
);

const results = (idx: SearchIndex): string =>
  JSON.stringify(QUERIES.map((q) => idx.search(q, { limit: 50 })));

/** The term dictionary a loader needs for segments encoded so far (nothing marked saved). */
const terms = (idx: SearchIndex): Uint8Array[] => {
  const c = idx.encodeTermChunk();
  return c ? [c.bytes] : [];
};

function loadAll(from: SearchIndex): SearchIndex {
  const segs = Array.from({ length: SearchIndex.SEGMENT_COUNT }, (_, seg) => from.encodeSegment(seg));
  const loaded = SearchIndex.create();
  loaded.loadTermChunks(terms(from));
  for (const bytes of segs) loaded.loadSegment(bytes);
  return loaded;
}

describe('incremental index', () => {
  it('after any upserts/removes answers exactly like an index built from scratch, also once saved and loaded', () => {
    fc.assert(
      fc.property(fc.array(docArb('x').chain(() => opArb), { maxLength: 40 }), fc.integer({ min: 0, max: 3 }), (ops, maintainEvery) => {
        const idx = SearchIndex.create();
        const truth = new Map<string, SearchDoc>();
        ops.forEach((op, i) => {
          if (op.kind === 'upsert') {
            idx.upsert(op.doc);
            truth.set(op.doc.id, op.doc);
          } else {
            expect(idx.remove(op.id)).toBe(truth.delete(op.id));
          }
          if (maintainEvery > 0 && i % maintainEvery === 0) idx.maintain(50);
        });
        const fresh = SearchIndex.build(truth.values());
        expect(idx.size).toBe(truth.size);
        expect(results(idx)).toBe(results(fresh));
        expect(results(loadAll(idx))).toBe(results(fresh));
      }),
      { numRuns: 150 },
    );
  });
});

describe('binary segments', () => {
  const docs: SearchDoc[] = Array.from({ length: 300 }, (_, i) => ({
    id: `n${i}`, kind: i % 3 === 0 ? 'journal' : 'conversation', title: `Note ${i} with María`, date: `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
    text: `Talked with José Núñez about the bakery number ${i}. Sister's garden ${i % 7} 東京 again.`, people: [`p${i % 5}`],
  }));

  it('round-trips: a loaded index answers like the original, segment by segment', () => {
    const idx = SearchIndex.build(docs);
    expect(idx.takeDirtySegments().length).toBeGreaterThan(100); // a fresh build has everything to save
    expect(idx.takeDirtySegments()).toEqual([]);
    const segs = Array.from({ length: SearchIndex.SEGMENT_COUNT }, (_, seg) => idx.encodeSegment(seg));
    const loaded = SearchIndex.create();
    loaded.loadTermChunks(terms(idx));
    let pages = 0;
    for (const bytes of segs) pages += loaded.loadSegment(bytes).pages;
    expect(pages).toBe(300);
    expect(loaded.takeDirtySegments()).toEqual([]); // loading is not a change
    for (const q of ['bakery', 'jose nunez', 'garden 3', '"number 42"', 'sisters', '東京', 'kind:journal maria']) {
      expect(JSON.stringify(loaded.search(q, { limit: 30 }))).toBe(JSON.stringify(idx.search(q, { limit: 30 })));
    }
    expect(loaded.get('n7')).toEqual(docs[7]);
  });

  it('an edit dirties exactly the page segment, and the rewritten segment carries the edit', () => {
    const idx = SearchIndex.build(docs);
    idx.takeDirtySegments();
    idx.upsert({ ...docs[5]!, text: 'completely new words: zanzibar' });
    idx.remove('n9');
    expect(idx.takeDirtySegments()).toEqual([...new Set([SearchIndex.segmentOf('n5'), SearchIndex.segmentOf('n9')])].sort((a, b) => a - b));
    const loaded = loadAllFrom(idx);
    expect(loaded.search('zanzibar')[0]?.id).toBe('n5');
    expect(loaded.has('n9')).toBe(false);
  });

  it('answers from a partly loaded index', () => {
    const idx = SearchIndex.build(docs);
    const partial = SearchIndex.create();
    const seg = SearchIndex.segmentOf('n42');
    const bytes = idx.encodeSegment(seg);
    partial.loadTermChunks(terms(idx));
    partial.loadSegment(bytes);
    expect(partial.search('"number 42"').map((h) => h.id)).toEqual(['n42']);
    expect(partial.size).toBeLessThan(20);
  });

  it('keeps a page edited before its segment loaded', () => {
    const idx = SearchIndex.build(docs);
    const seg = SearchIndex.segmentOf('n1');
    const bytes = idx.encodeSegment(seg);
    const live = SearchIndex.create();
    live.loadTermChunks(terms(idx));
    live.upsert({ ...docs[1]!, text: 'edited while loading: quokka' });
    live.takeDirtySegments();
    live.loadSegment(bytes);
    expect(live.search('quokka')[0]?.id).toBe('n1');
    expect(live.search('"number 1."').map((h) => h.id)).not.toContain('n1');
    expect(live.takeDirtySegments()).toEqual([seg]); // the stored segment is stale: save it again
  });

  it('rejects damaged bytes with a clear error and leaves the index unchanged', () => {
    const idx = SearchIndex.build(docs);
    const seg = SearchIndex.segmentOf('n3');
    const good = idx.encodeSegment(seg);
    const target = SearchIndex.create();
    target.loadTermChunks(terms(idx));
    target.upsert(docs[0]!);
    target.upsert(docs[1]!);
    const before = JSON.stringify(target.search('bakery'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.boolean(), (at, flip, truncate) => {
        const bad = truncate ? good.slice(0, at) : good.slice();
        if (!truncate) bad[at] = (bad[at] as number) ^ flip;
        expect(() => target.loadSegment(bad)).toThrow(SearchIndexFormatError);
      }),
      { numRuns: 300 },
    );
    expect(() => target.loadSegment(new Uint8Array([1, 2, 3]))).toThrow(/Malformed search index: segment: .*too short/);
    expect(JSON.stringify(target.search('bakery'))).toBe(before);
    expect(target.size).toBe(2);
  });
});

describe('loading in rounds', () => {
  it('adds good segments, reports damaged ones by position, and answers like the original', () => {
    const docs: SearchDoc[] = Array.from({ length: 120 }, (_, i) => ({
      id: `r${i}`, kind: 'journal', title: `Day ${i}`, date: '2025-01-01', text: `walked to the quarry ${i} with Zoë`, people: [],
    }));
    const idx = SearchIndex.build(docs);
    const segs = Array.from({ length: SearchIndex.SEGMENT_COUNT }, (_, seg) => idx.encodeSegment(seg));
    const dict = terms(idx);
    const victim = SearchIndex.segmentOf('r5');
    const bad = segs[victim]!.slice();
    bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 1;
    const loaded = SearchIndex.create();
    loaded.loadTermChunks(dict);
    const res = loaded.loadSegments(segs.map((b, i) => (i === victim ? bad : b)));
    expect(res.failed.map((f) => f.index)).toEqual([victim]);
    expect(res.failed[0]!.error.message).toMatch(/checksum/);
    expect(loaded.has('r5')).toBe(false);
    expect(loaded.size).toBe(120 - idx.pagesIn(victim));
    const whole = SearchIndex.create();
    whole.loadTermChunks(dict);
    whole.loadSegments(segs);
    expect(JSON.stringify(whole.search('quarry zoe', { limit: 200 }))).toBe(JSON.stringify(idx.search('quarry zoe', { limit: 200 })));
  });
});

function loadAllFrom(idx: SearchIndex): SearchIndex {
  return loadAll(idx);
}

describe('shared term dictionary', () => {
  const base: SearchDoc[] = Array.from({ length: 80 }, (_, i) => ({
    id: `t${i}`, kind: 'journal', title: `Walk ${i}`, date: '2025-02-02', text: `heron${i} by the canal with Inés`, people: [],
  }));

  it('keeps word ids across compaction and saves: chunks written over time load into an equal index', () => {
    const idx = SearchIndex.build(base);
    const stored = new Map<number, Uint8Array>();
    const chunks: Uint8Array[] = [];
    const save = (): void => {
      for (const seg of idx.takeDirtySegments()) stored.set(seg, idx.encodeSegment(seg));
      const c = idx.encodeTermChunk();
      if (c) {
        chunks.push(c.bytes);
        idx.markTermsSaved(c.end);
      }
      expect(idx.encodeTermChunk()).toBeNull(); // nothing left unsaved
    };
    save();
    for (let i = 0; i < 60; i++) idx.remove(`t${i}`);
    idx.compact(); // term ids renumbered, heron0…59 dropped
    idx.upsert({ ...base[0]!, text: 'heron0 came back, and a kingfisher' }); // an old word again, and a new one
    save();
    expect(chunks).toHaveLength(2);
    const loaded = SearchIndex.create();
    loaded.loadTermChunks(chunks);
    loaded.loadSegments([...stored.values()]);
    for (const q of ['kingfisher', 'heron0', 'heron70', 'ines canal', '"by the canal"']) {
      expect(JSON.stringify(loaded.search(q, { limit: 50 }))).toBe(JSON.stringify(idx.search(q, { limit: 50 })));
    }
    expect(loaded.size).toBe(21);
  });

  it('refuses a damaged, cut or missing chunk and a segment naming words it lacks', () => {
    const idx = SearchIndex.build(base);
    const segs = Array.from({ length: SearchIndex.SEGMENT_COUNT }, (_, seg) => idx.encodeSegment(seg));
    const chunk = idx.encodeTermChunk()!;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: chunk.bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.boolean(), (at, flip, cut) => {
        const bad = cut ? chunk.bytes.slice(0, at) : chunk.bytes.slice();
        if (!cut) bad[at] = (bad[at] as number) ^ flip;
        const target = SearchIndex.create();
        expect(() => target.loadTermChunks([bad])).toThrow(SearchIndexFormatError);
        expect(target.stats().terms).toBe(0);
      }),
      { numRuns: 200 },
    );
    idx.markTermsSaved(chunk.end);
    idx.upsert({ ...base[1]!, text: 'a new word: cormorant' });
    idx.encodeSegment(SearchIndex.segmentOf('t1'));
    const second = idx.encodeTermChunk()!;
    expect(() => SearchIndex.create().loadTermChunks([second.bytes])).toThrow(/chunk starts at \d+, expected 0 \(a chunk is missing\)/);
    // Segments need the dictionary: without it every word id is out of range.
    const bare = SearchIndex.create();
    expect(() => bare.loadSegment(segs[SearchIndex.segmentOf('t5')]!)).toThrow(/beyond the 0 in the dictionary/);
    expect(bare.size).toBe(0);
  });
});
