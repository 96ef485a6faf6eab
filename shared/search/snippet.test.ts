import { describe, expect, it } from 'vitest';
import { highlightRanges, makeSnippet } from './snippet';

const words = (n: number, w = 'filler'): string => Array.from({ length: n }, () => w).join(' ');

describe('makeSnippet', () => {
  it('returns short text whole with highlight offsets', () => {
    const text = "Maria said her sister's bakery is closing.";
    const s = makeSnippet(text, { terms: new Set(['bakery', 'sister']), phrases: [] });
    expect(s.text).toBe(text);
    expect(s.highlights.map((r) => s.text.slice(r.start, r.end))).toEqual(["sister's", 'bakery']);
  });

  it('centres a long text on the densest window and marks cuts with ellipses', () => {
    const text = `${words(60)} Maria said her sister's bakery is closing. ${words(60)} bakery again ${words(20)}`;
    const s = makeSnippet(text, { terms: new Set(['bakery', 'maria']), phrases: [] }, 80);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(90);
    expect(s.highlights.map((r) => s.text.slice(r.start, r.end))).toEqual(['Maria', 'bakery']);
  });

  it('highlights a phrase as one range', () => {
    const text = `${words(40)} the sister's bakery opened ${words(40)}`;
    const s = makeSnippet(text, { terms: new Set(), phrases: [['sister', 'bakery']] }, 60);
    expect(s.highlights.map((r) => s.text.slice(r.start, r.end))).toEqual(["sister's bakery"]);
  });

  it('falls back to the beginning when nothing matches, and never breaks words', () => {
    const text = `Alpha beta gamma delta ${words(50)}`;
    const s = makeSnippet(text, { terms: new Set(['zzz']), phrases: [] }, 30);
    expect(s.text.startsWith('Alpha beta')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.highlights).toEqual([]);
    expect(/\w…$/.test(s.text) || /[.,]…$/.test(s.text)).toBe(true);
  });

  it('replaces newlines so offsets stay valid', () => {
    const s = makeSnippet('line one\nbakery\r\nline three', { terms: new Set(['bakery']), phrases: [] });
    expect(s.text).toBe('line one bakery  line three');
    expect(s.highlights).toEqual([{ start: 9, end: 15 }]);
  });

  it('highlights accented words matched by their folded term', () => {
    expect(highlightRanges('Coffee with José', { terms: new Set(['jose']), phrases: [] })).toEqual([{ start: 12, end: 16 }]);
  });
});
