import { describe, expect, it } from 'vitest';
import { parseQuery } from './parseQuery';

describe('parseQuery', () => {
  it('splits free words and marks the last one as a prefix while typing', () => {
    expect(parseQuery('Maria bak').terms).toEqual([
      { term: 'maria', prefix: false },
      { term: 'bak', prefix: true },
    ]);
    expect(parseQuery('maria bakery ').terms.every((t) => !t.prefix)).toBe(true);
    expect(parseQuery('maria bak', { prefixLast: false }).terms[1]?.prefix).toBe(false);
  });

  it('reads quoted phrases (straight and curly quotes)', () => {
    const q = parseQuery('"sister\'s bakery" rent “new shop”');
    expect(q.phrases).toEqual([['sister', 'bakery'], ['new', 'shop']]);
    expect(q.terms).toEqual([{ term: 'rent', prefix: false }]);
  });

  it('treats an unterminated quote as free words so typing keeps matching', () => {
    const q = parseQuery('"sister\'s bak');
    expect(q.phrases).toEqual([]);
    expect(q.terms).toEqual([
      { term: 'sister', prefix: false },
      { term: 'bak', prefix: true },
    ]);
  });

  it('resolves @names through the callback; unknown names become words', () => {
    const resolvePerson = (name: string): string[] => (name.toLowerCase().startsWith('mar') ? ['p1', 'p2'] : []);
    const q = parseQuery('@Maria @"Maria López" @nobody bakery', { resolvePerson });
    expect(q.people).toEqual([
      { name: 'Maria', ids: ['p1', 'p2'] },
      { name: 'Maria López', ids: ['p1', 'p2'] },
    ]);
    expect(q.unresolvedPeople).toEqual(['nobody']);
    expect(q.terms.map((t) => t.term)).toEqual(['nobody', 'bakery']);
    expect(parseQuery('@maria_lopez', { resolvePerson: (n) => (n === 'maria lopez' ? ['p1'] : []) }).people[0]?.ids).toEqual(['p1']);
  });

  it('reads kind filters with aliases and ignores unknown kinds as text', () => {
    expect(parseQuery('kind:journal,person x').kinds).toEqual(['journal', 'person']);
    expect(parseQuery('type:conv').kinds).toEqual(['conversation']);
    const q = parseQuery('kind:recipe');
    expect(q.kinds).toEqual([]);
    expect(q.terms.map((t) => t.term)).toEqual(['kind', 'recipe']);
  });

  it('reads date bounds: from/to inclusive, after/before exclusive, partial dates widened', () => {
    expect(parseQuery('from:2023-04-05 to:2023-06-30')).toMatchObject({ from: '2023-04-05', to: '2023-06-30' });
    expect(parseQuery('from:2023 to:2023-06')).toMatchObject({ from: '2023-01-01', to: '2023-06-31' });
    expect(parseQuery('after:2023-12-31 before:2024-03-01')).toMatchObject({ from: '2024-01-01', to: '2024-02-29' });
    expect(parseQuery('after:2023-02 before:2024')).toMatchObject({ from: '2023-03-01', to: '2023-12-31' });
    expect(parseQuery('from:2023 from:2024').from).toBe('2024-01-01'); // the narrower bound wins
    expect(parseQuery('from:yesterday').terms.map((t) => t.term)).toEqual(['from', 'yesterday']);
  });

  it('turns CJK runs into phrases', () => {
    const q = parseQuery('東京 tower');
    expect(q.phrases).toEqual([['東', '京']]);
    expect(q.terms.map((t) => t.term)).toEqual(['tower']);
  });

  it('handles empty and punctuation-only input', () => {
    expect(parseQuery('')).toEqual({ terms: [], phrases: [], people: [], unresolvedPeople: [], kinds: [] });
    expect(parseQuery(' ... "" @ ').terms).toEqual([]);
  });
});
