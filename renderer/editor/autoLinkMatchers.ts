import type { LinkMatcher } from '@lexical/link';

/**
 * The editor's autolink matchers: linear scans, not regular expressions over the whole node.
 *
 * Lexical's AutoLinkPlugin runs every matcher over the whole text node on each keystroke, and
 * again over the rest after each match it rejects. An unbounded e-mail pattern like
 * `[\w.+-]+@…` retries from every character of a long word: 2.4–7.3 s per keystroke at 40,000
 * characters. Here each scan touches every character a bounded number of times: candidates are
 * found with indexOf / a literal-prefix search, every run is bounded (local part 64, domain 255,
 * authority 320, link 2,048), and only short, bounded strings ever meet a regular expression.
 */

const MAX_LOCAL = 64;
const MAX_DOMAIN = 255;
const MAX_AUTHORITY = 320;
const MAX_LINK = 2_048;

/** A domain of two or more dot-separated labels ending in a letters-only top-level one. */
const DOMAIN = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}$/u;

function isLocalChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b || c === 0x2d // . _ % + -
  );
}

function isDomainChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c > 0x7f;
}

/** Ends a URL: whitespace, controls, and characters that never appear unescaped in one. */
function isUrlChar(c: number): boolean {
  if (c <= 0x20 || c === 0x7f) return false;
  switch (c) {
    case 0x22: case 0x3c: case 0x3e: case 0x60: case 0x7b: case 0x7d: case 0x7c: case 0x5c: case 0x5e: // " < > ` { } | \ ^
    case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000: case 0xfeff:
      return false;
    default:
      return !(c >= 0x2000 && c <= 0x200a);
  }
}

/** Trailing characters that end a sentence rather than a link ("see example.com."). */
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"', '*']);

export const emailMatcher: LinkMatcher = (text) => {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    // The runs on either side stop at the neighbouring "@" (not a local or domain character),
    // so all the scans together touch each character at most twice.
    let start = at;
    while (start > 0 && at - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start--;
    while (start < at && text.charCodeAt(start) === 0x2e) start++; // a local part starts with no dot
    if (start === at) continue;
    let end = at + 1;
    while (end < text.length && end - at - 1 < MAX_DOMAIN && isDomainChar(text.charCodeAt(end))) end++;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    if (!DOMAIN.test(text.slice(at + 1, end))) continue;
    const found = text.slice(start, end);
    return { index: start, length: found.length, text: found, url: `mailto:${found}` };
  }
  return null;
};

/** Where a URL may start: a scheme, or "www.". Literal prefixes: the engine skips ahead, no backtracking. */
const URL_START = /https?:\/\/|www\./gi;

export const urlMatcher: LinkMatcher = (text) => {
  const starts = new RegExp(URL_START.source, URL_START.flags);
  // Candidates come in order; the run of URL characters they sit in is computed once per run.
  let runEnd = -1;
  for (let m = starts.exec(text); m; m = starts.exec(text)) {
    const i = m.index;
    if (i >= runEnd) {
      runEnd = i;
      while (runEnd < text.length && isUrlChar(text.charCodeAt(runEnd))) runEnd++;
    }
    const extentEnd = Math.min(runEnd, i + MAX_LINK);
    const hostStart = m[0].toLowerCase() === 'www.' ? i : i + m[0].length;
    const authorityEnd = findAuthorityEnd(text, hostStart, extentEnd);
    if (authorityEnd === -1 || !isWebAuthority(trimTrailing(text, hostStart, authorityEnd), hostStart, text)) continue;
    const end = balanceParens(text, i, trimTrailing(text, i, extentEnd));
    const found = text.slice(i, end);
    return { index: i, length: found.length, text: found, url: /^https?:/i.test(found) ? found : `https://${found}` };
  }
  return null;
};

/** The end of the authority (user@host:port): the first "/", "?" or "#", within MAX_AUTHORITY. */
function findAuthorityEnd(text: string, from: number, extentEnd: number): number {
  const limit = Math.min(extentEnd, from + MAX_AUTHORITY);
  for (let j = from; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x2f || c === 0x3f || c === 0x23) return j;
  }
  return limit === extentEnd ? extentEnd : -1;
}

function trimTrailing(text: string, from: number, end: number): number {
  while (end > from && TRAILING.has(text[end - 1]!)) end--;
  return end;
}

/** The host (after any user@, without :port) is a domain name: refuses "http:///x", "localhost". */
function isWebAuthority(end: number, from: number, text: string): boolean {
  let host = text.slice(from, end);
  const at = host.lastIndexOf('@');
  if (at !== -1) host = host.slice(at + 1);
  const colon = host.lastIndexOf(':');
  if (colon !== -1) {
    const port = host.slice(colon + 1);
    if (!/^\d{0,5}$/.test(port)) return false;
    host = host.slice(0, colon);
  }
  return host.length <= MAX_DOMAIN && DOMAIN.test(host);
}

/** Drops closing parentheses the link did not open ("(see https://x.org/a)" keeps "https://x.org/a"). */
function balanceParens(text: string, from: number, end: number): number {
  let depth = 0;
  for (let j = from; j < end; j++) {
    const c = text[j];
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  while (depth < 0 && end > from && text[end - 1] === ')') {
    end--;
    depth++;
    end = trimTrailing(text, from, end);
  }
  return end;
}
