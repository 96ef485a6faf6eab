import { describe, expect, it } from 'vitest';
import { osaDistance, TermDictionary } from './termDictionary';

describe('TermDictionary', () => {
  it('expands prefixes', () => {
    const terms = ['bake', 'baker', 'bakery', 'bank', 'bakeries', 'cake'];
    const d = TermDictionary.fromTerms(terms);
    const got: string[] = [];
    d.withPrefix('bak', (id) => got.push(terms[id]!));
    expect(got.sort()).toEqual(['bake', 'baker', 'bakeries', 'bakery']);
    expect(d.get('bank')).toBe(3);
    expect(d.get('ban')).toBe(-1);
  });

  it('finds every term within the edit budget, counting a transposition as one edit', () => {
    const terms = ['conversation', 'conversations', 'conservation', 'converse', 'jose', 'joes', 'hose'];
    const d = TermDictionary.fromTerms(terms);
    const near = (q: string, k: number): string[] => {
      const out: string[] = [];
      d.fuzzy(q, k, (id) => out.push(terms[id]!));
      return out.sort();
    };
    expect(near('converstion', 2)).toEqual(['conversation', 'conversations']);
    expect(near('converstion', 1)).toEqual(['conversation']);
    expect(near('jsoe', 1)).toEqual(['jose']);
    expect(near('jose', 1)).toEqual(['hose', 'joes', 'jose']);
  });

  it('agrees with a brute-force distance on random words', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const word = (): string => Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => 'abcd'[Math.floor(rnd() * 4)]).join('');
    const terms = Array.from(new Set(Array.from({ length: 800 }, word)));
    const d = TermDictionary.fromTerms(terms);
    for (let k = 0; k < 60; k++) {
      const q = word();
      for (const budget of [1, 2]) {
        const got = new Map<number, number>();
        d.fuzzy(q, budget, (id, dist) => got.set(id, dist));
        terms.forEach((t, id) => {
          const dist = osaDistance(q, t);
          expect(got.get(id), `${q} ~ ${t}`).toBe(dist <= budget ? dist : undefined);
        });
      }
    }
  });
});

describe('TermDictionary.fuzzyFirstLetter', () => {
  it('finds exactly the terms whose distance, plus one when the first letter differs, is within budget', () => {
    let seed = 11;
    const rnd = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const word = (): string => Array.from({ length: 1 + Math.floor(rnd() * 7) }, () => 'abcd'[Math.floor(rnd() * 4)]).join('');
    const terms = Array.from(new Set(Array.from({ length: 800 }, word)));
    const d = TermDictionary.fromTerms(terms);
    for (let k = 0; k < 80; k++) {
      const q = word();
      for (const budget of [1, 2]) {
        const got = new Map<number, number>();
        d.fuzzyFirstLetter(q, budget, (id, cost) => got.set(id, cost));
        terms.forEach((t, id) => {
          const cost = osaDistance(q, t) + (t[0] === q[0] ? 0 : 1);
          const want = cost <= budget && t !== q ? cost : undefined;
          expect(got.get(id) === undefined || t === q ? undefined : got.get(id), `${q} ~ ${t}`).toBe(want);
        });
      }
    }
  });
});
