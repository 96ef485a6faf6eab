/**
 * The text layer of RFC 5545 (iCalendar), written here rather than taken from a generator so
 * every rule the export depends on is visible and tested:
 * - content lines end with CRLF (§3.1) and are folded so no line is longer than 75 octets,
 *   the continuation starting with one space; a fold never splits a UTF-8 character (the RFC
 *   allows it, but many readers decode line by line and would show mojibake);
 * - TEXT values escape `\`, `;`, `,` and line breaks (§3.3.11); control characters, which
 *   TEXT may not hold at all, become spaces;
 * - DATE is YYYYMMDD (§3.3.4), DATE-TIME in UTC is YYYYMMDDTHHMMSSZ (§3.3.5).
 */

/** The longest a content line may be, in octets, not counting the CRLF (§3.1). */
export const MAX_LINE_OCTETS = 75;
export const CRLF = '\r\n';

/** Escapes a TEXT value (SUMMARY, UID…). Line breaks of any kind become `\n`. */
export function escapeText(value: string): string {
  return wellFormed(value)
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))
    .replace(/[\u0000-\u0008\u000A-\u001F\u007F]/g, ' ');
}

/** The reverse of escapeText for what it writes (tests, and reading a value back). */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Lone surrogates cannot be written as UTF-8: they become U+FFFD, as TextEncoder would. */
function wellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * One content line, folded: the first physical line holds at most 75 octets, each following
 * one a space plus at most 74. Returns the physical lines joined by CRLF, with a final CRLF.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of wellFormed(line)) {
    const size = utf8Length(ch.codePointAt(0)!);
    if (octets + size > MAX_LINE_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(CRLF) + CRLF;
}

/** `NAME;PARAM=VALUE:value`, folded. `value` must already be escaped for its type. */
export function contentLine(name: string, value: string, params: Readonly<Record<string, string>> = {}): string {
  let head = name;
  for (const [key, v] of Object.entries(params)) head += `;${key}=${v}`;
  return foldLine(`${head}:${value}`);
}

/** A calendar day "YYYY-MM-DD" as an iCalendar DATE, "YYYYMMDD". */
export function icsDate(isoDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new Error(`"${isoDate.slice(0, 40)}" is not a calendar date (YYYY-MM-DD).`);
  return isoDate.replace(/-/g, '');
}

/** A moment (ms since the epoch) as a UTC DATE-TIME, whole seconds: "20261130T113000Z". */
export function icsUtcStamp(ms: number): string {
  if (!Number.isFinite(ms)) throw new Error('The export time is not a valid time.');
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString(); // 2026-11-30T11:30:00.000Z
  if (!/^\d{4}-/.test(iso)) throw new Error('The export time is outside the years 0000–9999.');
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}
