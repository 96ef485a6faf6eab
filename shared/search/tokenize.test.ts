import { describe, expect, it } from 'vitest';
import { emptyState, newIdList, tokenIds } from './indexState';
import { foldTerm, tokenize, tokenTerms } from './tokenize';

describe('tokenize', () => {
  it('folds case and diacritics', () => {
    expect(tokenTerms('José NÚÑEZ Zoë Björn Chloé naïve café')).toEqual(['jose', 'nunez', 'zoe', 'bjorn', 'chloe', 'naive', 'cafe']);
  });

  it('folds letters without a decomposition', () => {
    expect(tokenTerms('Łukasz Søren Æsir straße Œuvre')).toEqual(['lukasz', 'soren', 'aesir', 'strasse', 'oeuvre']);
  });

  it('treats precomposed and decomposed accents alike', () => {
    expect(foldTerm('Jose\u0301')).toBe('jose');
    expect(tokenTerms('Jose\u0301 said')).toEqual(tokenTerms('José said'));
  });

  it('splits on punctuation and keeps offsets into the original text', () => {
    const text = 'Hi, Maria—the bakery (on 5th St.) re-opened!';
    const toks = tokenize(text);
    expect(toks.map((t) => t.term)).toEqual(['hi', 'maria', 'the', 'bakery', 'on', '5th', 'st', 're', 'opened']);
    for (const t of toks) expect(foldTerm(text.slice(t.start, t.end))).toBe(t.term);
  });

  it('drops possessive s and joins contractions', () => {
    expect(tokenTerms("her sister's bakery, don't O'Brien’s")).toEqual(['her', 'sister', 'bakery', 'dont', 'obrien']);
  });

  it('indexes CJK characters one by one without breaking', () => {
    const toks = tokenize('東京タワーで会った。Kim 한국어');
    expect(toks.map((t) => t.term)).toEqual(['東', '京', 'タ', 'ワ', 'ー', 'で', '会', 'っ', 'た', 'kim', '한', '국', '어']);
    expect(toks.filter((t) => t.cjk).length).toBe(12);
    expect(toks[0]).toMatchObject({ start: 0, end: 1 });
  });

  it('handles empty, whitespace-only and symbol-only text', () => {
    expect(tokenTerms('')).toEqual([]);
    expect(tokenTerms('  \n\t ')).toEqual([]);
    expect(tokenTerms('— … !!! 🎉🎉')).toEqual([]);
  });

  it('truncates absurdly long tokens', () => {
    const [t] = tokenTerms('x'.repeat(500));
    expect(t?.length).toBe(48);
  });

  it("the indexer's ASCII fast path yields exactly the reference terms", () => {
    const samples = [
      "Maria's sister's BAKERY, don't—stop. José 東京 naïve x'y 'quoted' dogs' end'",
      'A\u0301bc e\u0301 ABC123 123abc ¼ ﬁsh Ｆｕｌｌ',
      'x'.repeat(60) + ' ' + 'Y'.repeat(49) + "'s z",
      "tail'", "'", 'a', 'Ünïcödé', '\u00e9t\u00e9', 'mixed ASCIIé ascii',
    ];
    let seed = 1;
    const rnd = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const alphabet = ["a", "B", "z", "0", " ", ",", "'", "’", "é", "\u0301", "東", "-", "\n", "ß", "Ł", "😀"];
    for (let k = 0; k < 300; k++) {
      let s = '';
      for (let i = 0; i < 40; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      samples.push(s);
    }
    for (const text of samples) {
      const state = emptyState();
      const ids = newIdList(8);
      tokenIds(state, text, ids);
      const viaIds = Array.from(ids.a.subarray(0, ids.n), (id) => state.termStr[id]);
      expect(viaIds, JSON.stringify(text)).toEqual(tokenTerms(text));
    }
  });
});
