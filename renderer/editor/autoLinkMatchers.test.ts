import { describe, expect, it } from 'vitest';
import { emailMatcher, urlMatcher } from './autoLinkMatchers';
import { fastest } from '../../shared/testing/fastest.testkit';

type Matcher = typeof urlMatcher;



/**
 * What Lexical's AutoLinkPlugin does with a text node on every keystroke: find the first match,
 * and after a match it rejects (not between separators) look again in the rest.
 */
function everyMatch(matcher: Matcher, text: string): string[] {
  const out: string[] = [];
  let rest = text;
  for (let m = matcher(rest); m; m = matcher(rest)) {
    out.push(m.text);
    rest = rest.substring(m.index + m.length);
  }
  return out;
}

describe('e-mail autolinks', () => {
  it('finds addresses in prose, without trailing punctuation', () => {
    expect(emailMatcher('write to ana.lopez+x@mail.example.com today')).toEqual({
      index: 9,
      length: 'ana.lopez+x@mail.example.com'.length,
      text: 'ana.lopez+x@mail.example.com',
      url: 'mailto:ana.lopez+x@mail.example.com',
    });
    expect(emailMatcher('ana@example.com.')?.text).toBe('ana@example.com');
    expect(emailMatcher('ana@example.com-')?.text).toBe('ana@example.com');
  });

  it('needs a local part and a domain with a dot', () => {
    expect(emailMatcher('no address here')).toBeNull();
    expect(emailMatcher('a@b')).toBeNull();
    expect(emailMatcher('@example.com')).toBeNull();
    expect(emailMatcher('a@.com')).toBeNull();
    expect(emailMatcher('x @ y.com a@b.co')?.text).toBe('a@b.co');
  });
});

describe('URL autolinks', () => {
  it('finds http(s) and www. links, trimming trailing punctuation', () => {
    expect(urlMatcher('see https://example.com/path?q=1. Then')).toMatchObject({ index: 4, text: 'https://example.com/path?q=1', url: 'https://example.com/path?q=1' });
    expect(urlMatcher('www.example.org, and')).toMatchObject({ text: 'www.example.org', url: 'https://www.example.org' });
    expect(urlMatcher('(https://en.wikipedia.org/wiki/Fish_(disambiguation))')?.text).toBe('https://en.wikipedia.org/wiki/Fish_(disambiguation)');
    expect(urlMatcher('HTTP://EXAMPLE.COM')?.url).toBe('HTTP://EXAMPLE.COM');
    expect(urlMatcher('http://localhost:8080/x')).toBeNull(); // no dot in the host: not a web address
  });

  it('refuses what is not a web address', () => {
    expect(urlMatcher('http:///etc/passwd')).toBeNull();
    expect(urlMatcher('https://')).toBeNull();
    expect(urlMatcher('www.')).toBeNull();
    expect(urlMatcher('javascript:alert(1)')).toBeNull();
  });
});

describe('autolinking a 50,000-character unbroken word', () => {
  // What a keystroke at the end of such a word costs: every match the plugin looks for in the
  // node. A linear scan of 50k characters is ~1 ms here; 50 ms leaves ample room for a loaded
  // 2-core machine, and the old unbounded e-mail pattern took seconds (quadratic).
  const words: [string, string][] = [
    ['letters', 'a'.repeat(50_000)],
    ['dotted letters', 'a.'.repeat(25_000)],
    ['at signs', 'a@'.repeat(25_000)],
    ['a domain that never ends', `a@b${'.c'.repeat(25_000)}`],
    ['www. repeated', 'www.'.repeat(12_500)],
    ['a URL of one host', `https://${'a'.repeat(50_000)}`],
    ['dots after a scheme', `https://a${'.'.repeat(50_000)}`],
    ['schemes repeated', 'http://'.repeat(7_200)],
    ['addresses glued together', 'ab@cd.ef'.repeat(6_250)],
  ];
  it.each(words)('%s: every matcher answers in well under 50 ms', (_name, word) => {
    const ms = fastest(() => {
      everyMatch(emailMatcher, word);
      everyMatch(urlMatcher, word);
    });
    expect(ms).toBeLessThan(50);
  });
});
