import { describe, expect, it } from 'vitest';
import { SearchIndex } from './fullTextIndex';
import { createPersonResolver } from './people';
import { SearchIndexFormatError } from './persist';
import type { SearchDoc } from './types';

const doc = (id: string, text: string, extra: Partial<SearchDoc> = {}): SearchDoc => ({
  id, kind: 'conversation', title: `Note ${id.replace(/\W/g, '')}`, date: '2024-01-01', text, people: [], ...extra,
});

const corpus: SearchDoc[] = [
  doc('maria-bakery', "Maria said her sister's bakery is struggling since the new rent.", { people: ['p-maria'], date: '2024-03-05', title: 'Coffee with Maria' }),
  doc('bakery-sister', 'The bakery near my sister opened a second shop.', { kind: 'journal', date: '2023-06-01', title: 'Saturday' }),
  doc('conversation', 'A long conversation with José about moving to Lisbon.', { people: ['p-jose'], date: '2022-11-20' }),
  doc('jose-page', 'Old friend from school, loves sailing.', { kind: 'person', title: 'José Núñez', people: ['p-jose'], date: '2020-01-01' }),
  doc('sister-only', 'My sister called about the holidays.', { kind: 'journal', date: '2024-12-24' }),
  doc('filler', 'Nothing to see here, just groceries and laundry.', { date: '2021-05-05' }),
];

const ids = (hits: { id: string }[]): string[] => hits.map((h) => h.id);

describe('SearchIndex ranking', () => {
  const idx = SearchIndex.build(corpus);

  it('ranks a page with every query word above pages with one', () => {
    const hits = idx.search('maria sister bakery');
    expect(hits[0]?.id).toBe('maria-bakery');
    expect(ids(hits)).toContain('sister-only');
    expect(ids(hits).indexOf('maria-bakery')).toBeLessThan(ids(hits).indexOf('sister-only'));
  });

  it('is case- and accent-insensitive', () => {
    expect(ids(idx.search('JOSE'))).toEqual(expect.arrayContaining(['conversation', 'jose-page']));
    expect(ids(idx.search('núñez'))).toEqual(['jose-page']);
  });

  it('tolerates typos: converstion → conversation', () => {
    expect(idx.search('converstion')[0]?.id).toBe('conversation');
    expect(idx.search('bakrey')[0]?.id).toMatch(/bakery/);
  });

  it('matches prefixes of the word being typed: bak → bakery', () => {
    expect(ids(idx.search('bak'))).toEqual(expect.arrayContaining(['maria-bakery', 'bakery-sister']));
    // A finished word (trailing space) is not a prefix any more.
    expect(idx.search('bak ')).toEqual([]);
  });

  it('returns hits with metadata, snippet and highlight offsets', () => {
    const [hit] = idx.search('bakery', { filter: { kinds: ['conversation'] } });
    expect(hit).toMatchObject({ id: 'maria-bakery', kind: 'conversation', title: 'Coffee with Maria', date: '2024-03-05', people: ['p-maria'] });
    expect(hit!.score).toBeGreaterThan(0);
    const marked = hit!.snippet.highlights.map((r) => hit!.snippet.text.slice(r.start, r.end));
    expect(marked).toEqual(['bakery']);
  });

  it('highlights title matches', () => {
    const [hit] = idx.search('nunez');
    expect(hit!.titleHighlights.map((r) => hit!.title.slice(r.start, r.end))).toEqual(['Núñez']);
  });

  it('returns nothing for nonsense and respects limit', () => {
    expect(idx.search('zzzzqqqq')).toEqual([]);
    expect(idx.search('the', { limit: 1 })).toHaveLength(1);
  });
});

describe('SearchIndex phrases', () => {
  const idx = SearchIndex.build(corpus);

  it('matches only adjacent words in order', () => {
    expect(ids(idx.search('"sister\'s bakery"'))).toEqual(['maria-bakery']);
    expect(ids(idx.search('"bakery sister"'))).toEqual([]);
    expect(ids(idx.search('"sister bakery"'))).toEqual(['maria-bakery']); // possessive folds away
  });

  it('combines a required phrase with ranked free words', () => {
    expect(ids(idx.search('"the bakery" shop'))).toEqual(['bakery-sister']);
  });

  it('does not match phrases across title and body', () => {
    const i2 = SearchIndex.build([doc('a', 'bakery opened', { title: 'my sister' })]);
    expect(i2.search('"sister bakery"')).toEqual([]);
    expect(ids(i2.search('"bakery opened"'))).toEqual(['a']);
  });

  it('treats a run of CJK characters as a phrase', () => {
    const i2 = SearchIndex.build([doc('jp', '昨日は東京タワーに行った'), doc('cn', '京东和东京不一样')]);
    expect(ids(i2.search('東京'))).toEqual(['jp']);
    expect(ids(i2.search('京东'))).toEqual(['cn']);
  });
});

describe('SearchIndex filters', () => {
  const idx = SearchIndex.build(corpus);
  const resolvePerson = createPersonResolver([
    { id: 'p-maria', name: 'María López' },
    { id: 'p-jose', name: 'José Núñez' },
  ]);

  it('filters by person from the query (@name) or a picker', () => {
    expect(ids(idx.search('@maria bakery', { resolvePerson }))).toEqual(['maria-bakery']);
    expect(ids(idx.search('@jose', { resolvePerson })).sort()).toEqual(['conversation', 'jose-page']);
    expect(ids(idx.search('bakery', { filter: { people: ['p-jose'] } }))).toEqual([]);
  });

  it('searches an unknown @name as text', () => {
    expect(ids(idx.search('@bakery', { resolvePerson })).sort()).toEqual(['bakery-sister', 'maria-bakery']);
  });

  it('filters by kind', () => {
    expect(ids(idx.search('bakery kind:journal'))).toEqual(['bakery-sister']);
    expect(ids(idx.search('sister', { filter: { kinds: ['journal'] } })).sort()).toEqual(['bakery-sister', 'sister-only']);
  });

  it('filters by date range (inclusive; partial dates allowed)', () => {
    expect(ids(idx.search('sister from:2024'))).toEqual(expect.arrayContaining(['maria-bakery', 'sister-only']));
    expect(ids(idx.search('sister from:2024'))).not.toContain('bakery-sister');
    expect(ids(idx.search('sister', { filter: { from: '2023-01-01', to: '2023-12-31' } }))).toEqual(['bakery-sister']);
    expect(ids(idx.search('sister before:2024-03-05'))).toEqual(['bakery-sister']);
    expect(ids(idx.search('sister to:2024-03'))).toEqual(expect.arrayContaining(['maria-bakery', 'bakery-sister']));
  });

  it('lists filter-only queries newest first', () => {
    expect(ids(idx.search('kind:journal'))).toEqual(['sister-only', 'bakery-sister']);
  });
});

describe('SearchIndex incremental updates', () => {
  it('upsert replaces the old text: deleted words no longer match, new ones do', () => {
    const idx = SearchIndex.build(corpus);
    idx.upsert(doc('maria-bakery', 'Maria now talks about her garden.', { people: ['p-maria'] }));
    expect(idx.size).toBe(corpus.length);
    expect(ids(idx.search('"sister\'s bakery"'))).toEqual([]);
    expect(ids(idx.search('bakery', { fuzzy: false }))).toEqual(['bakery-sister']);
    expect(ids(idx.search('garden'))).toEqual(['maria-bakery']);
    expect(ids(idx.search('gard'))).toEqual(['maria-bakery']);
  });

  it('adds new pages with new words, searchable by prefix and typo at once', () => {
    const idx = SearchIndex.build(corpus);
    idx.upsert(doc('new', 'Zanzibar trip planning with the kids.'));
    expect(idx.has('new')).toBe(true);
    expect(ids(idx.search('zanz'))).toEqual(['new']);
    expect(ids(idx.search('zanzibra'))).toEqual(['new']);
  });

  it('remove takes a page out of every result', () => {
    const idx = SearchIndex.build(corpus);
    expect(idx.remove('conversation')).toBe(true);
    expect(idx.remove('conversation')).toBe(false);
    expect(idx.has('conversation')).toBe(false);
    expect(ids(idx.search('conversation lisbon'))).toEqual([]);
    expect(ids(idx.search('@jose', { resolvePerson: () => ['p-jose'] }))).toEqual(['jose-page']);
  });

  it('stays correct through many edits and compaction', () => {
    const idx = SearchIndex.build(corpus);
    for (let i = 0; i < 1500; i++) idx.upsert(doc('churn', `version ${i} word${i}`));
    expect(idx.stats().deadDocs).toBeLessThan(1500);
    expect(ids(idx.search('word1499'))).toEqual(['churn']);
    expect(idx.search('word1498', { fuzzy: false })).toEqual([]);
    idx.compact();
    expect(idx.stats().deadDocs).toBe(0);
    expect(ids(idx.search('"version 1499"'))).toEqual(['churn']);
    expect(idx.size).toBe(corpus.length + 1);
  });

  it('keeps the last version when build() sees an id twice', () => {
    const idx = SearchIndex.build([doc('a', 'first draft about tulips'), doc('b', 'other'), doc('a', 'final text about roses')]);
    expect(idx.size).toBe(2);
    expect(idx.search('tulips', { fuzzy: false })).toEqual([]);
    expect(ids(idx.search('roses'))).toEqual(['a']);
    expect(idx.get('a')?.text).toBe('final text about roses');
    expect(idx.ids().sort()).toEqual(['a', 'b']);
  });

  it('builds asynchronously with progress', async () => {
    const progress: number[] = [];
    const idx = await SearchIndex.buildAsync(corpus, { onProgress: (p) => progress.push(p.done), sliceMs: 0 });
    expect(progress.at(-1)).toBe(corpus.length);
    expect(ids(idx.search('lisbon'))).toEqual(['conversation']);
  });
});

describe('SearchIndex end-to-end scenario', () => {
  it('finds the bakery note typed the way the issue describes', () => {
    const idx = SearchIndex.create();
    idx.upsert(doc('n1', 'Long conversation with @Maria about her sister’s bakery in Lisbon.', { title: 'Conversation with Maria', people: ['maria'] }));
    idx.upsert(doc('n2', 'Picnic with @José and the dog.', { people: ['jose'] }));
    const one = (q: string): string[] => ids(idx.search(q));
    expect(one('converstion')).toEqual(['n1']);
    expect(one('bak')).toEqual(['n1']);
    expect(one('bakry')).toEqual(['n1']);
    expect(one('"bakery in lisbon"')).toEqual(['n1']);
    expect(one('"lisbon bakery"')).toEqual([]);
    expect(one('jose')).toEqual(['n2']);
    idx.upsert(doc('n2', 'Picnic with @José and the cat.', { people: ['jose'] }));
    expect(one('dog')).toEqual([]);
  });
});

describe('SearchIndex persistence', () => {
  const queries = ['bakery', 'maria sister bakery', '"sister\'s bakery"', 'converstion', 'bak', 'jose kind:person', 'sister from:2023'];

  it('round-trips through JSON with identical results', () => {
    const idx = SearchIndex.build(corpus);
    idx.upsert(doc('extra', 'A bakery in the mountains.'));
    idx.remove('filler');
    const loaded = SearchIndex.fromJSON(JSON.parse(JSON.stringify(idx)));
    expect(loaded.size).toBe(idx.size);
    for (const q of queries) expect(loaded.search(q), q).toEqual(idx.search(q));
    loaded.upsert(doc('later', 'bakery bakery'));
    expect(loaded.search('bakery')[0]?.id).toBe('later');
  });

  it('accepts the JSON string directly', () => {
    const idx = SearchIndex.build(corpus);
    expect(SearchIndex.fromJSON(JSON.stringify(idx)).search('bakery')).toEqual(idx.search('bakery'));
  });

  it('rejects malformed data with a clear error', () => {
    const good = SearchIndex.build(corpus).toJSON();
    const bad: unknown[] = [
      null, 42, '{not json', [], {},
      { ...good, format: 'other' },
      { ...good, version: 99 },
      { ...good, ids: 'x' },
      { ...good, titles: good.titles.slice(1) },
      { ...good, kinds: good.kinds.replace(/./, 'x') },
      { ...good, postings: good.postings.slice(0, -8) },
      { ...good, postings: '!!!!' + good.postings.slice(4) },
      { ...good, postingInts: good.postingInts + 1 },
      { ...good, terms: [...good.terms.slice(1), good.terms[0], good.terms[0]] },
      { ...good, lens: good.lens.map(() => -1) },
    ];
    for (const data of bad) {
      expect(() => SearchIndex.fromJSON(data), JSON.stringify(data)?.slice(0, 60)).toThrow(SearchIndexFormatError);
    }
    expect(() => SearchIndex.fromJSON({ ...good, version: 99 })).toThrow(/Malformed search index: unsupported version 99/);
  });
});
