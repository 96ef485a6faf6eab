import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import jsYaml from 'js-yaml';
import { linkKey, NameRegistry, safeFileName, utf8Length, wikilink } from './fileNames';
import { frontMatter, isoDate, yamlString } from './frontMatter';
import { fileNameProblems, wikilinkTargets } from './vaultChecker.testkit';

const anyName = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: fc.constantFrom(...'aZ :#/\\|?*<>"^[]%.é😀\u0301\u0000\u202e '.split('')), maxLength: 40 }),
  fc.constantFrom('CON', 'con.txt', 'LPT1', 'nul.md', '...', ' . ', '%%x%%', 'é'.repeat(200)),
);

describe('safeFileName', () => {
  test('any name becomes a safe, NFC, bounded, non-empty file name (property)', () => {
    fc.assert(
      fc.property(anyName, fc.integer({ min: 8, max: 200 }), (name, max) => {
        const safe = safeFileName(name, max);
        expect(safe.length).toBeGreaterThan(0);
        expect(utf8Length(safe)).toBeLessThanOrEqual(Math.max(max, utf8Length('Unnamed')) + 1);
        expect(fileNameProblems(`${safe}.md`)).toEqual([]);
        expect(fileNameProblems(safe)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  test('examples', () => {
    expect(safeFileName('Ana #1', 200)).toBe('Ana 1');
    expect(safeFileName('Sam: the builder', 200)).toBe('Sam - the builder');
    expect(safeFileName('AC/DC', 200)).toBe('AC-DC');
    expect(safeFileName('CON', 200)).toBe('CON_');
    expect(safeFileName('Zoe\u0308', 200)).toBe('Zo\u00eb');
    expect(safeFileName('👩‍👩‍👧'.repeat(20), 30)).toBe('👩‍👩‍👧'); // 18 bytes per family: never half of one
  });
});

test('NameRegistry hands out names distinct after NFC and lower-casing (property)', () => {
  fc.assert(
    fc.property(fc.array(anyName, { maxLength: 40 }), (names) => {
      const reg = new NameRegistry();
      const taken = names.map((n) => reg.take(safeFileName(n, 50)));
      expect(new Set(taken.map(linkKey)).size).toBe(taken.length);
    }),
  );
});

test('wikilinks and YAML strings read back as written by both parsers (property)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
      const yaml = `v: ${yamlString(s)}`;
      const expected = s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
      expect(parseYaml(yaml)).toEqual({ v: expected });
      expect(jsYaml.load(yaml)).toEqual({ v: expected });
    }),
    { numRuns: 1000 },
  );
  expect(wikilinkTargets(wikilink('Sam - the builder', 'Sam: the [builder] | x'))).toEqual(['Sam - the builder']);
});

test('front matter: dates stay text, a year-less date gets no year', () => {
  const fm = frontMatter([
    ['birthday', isoDate({ year: null, month: 3, day: 14 })],
    ['wedding', isoDate({ year: 2019, month: 6, day: 2 })],
    ['phone', '0123'],
    ['empty', ''],
    ['list', []],
  ]);
  expect(fm).toBe('---\nbirthday: "--03-14"\nwedding: "2019-06-02"\nphone: "0123"\n---\n');
  const body = fm.slice(4, -4);
  expect(jsYaml.load(body)).toEqual({ birthday: '--03-14', wedding: '2019-06-02', phone: '0123' });
  expect(parseYaml(body)).toEqual({ birthday: '--03-14', wedding: '2019-06-02', phone: '0123' });
});
