import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentLine, escapeText, foldLine, icsDate, icsUtcStamp, MAX_LINE_OCTETS, unescapeText } from './icsText';
import { checkIcs } from './icsCheck.testkit';

const enc = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The physical lines of a folded line, as bytes (split on CRLF in the byte stream). */
function physicalLines(folded: string): Uint8Array[] {
  const bytes = enc.encode(folded);
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
      out.push(bytes.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  expect(start).toBe(bytes.length); // ends with CRLF
  return out;
}

function unfold(folded: string): string {
  return folded.replace(/\r\n$/, '').replace(/\r\n /g, '');
}

/** Long lines of mixed widths: ASCII, 2-, 3- and 4-octet characters, ZWJ emoji, any grapheme. */
const longText = fc
  .array(fc.oneof(fc.constantFrom('a', 'é', '’', '😀', '👩‍👩‍👧', ' '), fc.string({ unit: 'grapheme', maxLength: 4 })), { minLength: 40, maxLength: 200 })
  .map((parts) => parts.join(''));

describe('foldLine', () => {
  it('keeps a short line whole and ends it with CRLF', () => {
    expect(foldLine('SUMMARY:Maria')).toBe('SUMMARY:Maria\r\n');
  });

  it('folds at exactly 75 octets, continuation lines start with one space', () => {
    const line = `SUMMARY:${'a'.repeat(200)}`;
    const lines = physicalLines(foldLine(line));
    expect(lines[0]!.length).toBe(75);
    for (const l of lines.slice(1, -1)) expect(l.length).toBe(75);
    for (const l of lines.slice(1)) expect(l[0]).toBe(0x20);
    expect(unfold(foldLine(line))).toBe(line);
  });

  it('never splits a multi-byte character: a 3-byte character at the boundary moves to the next line', () => {
    // 73 ASCII octets, then "’" (3 octets) would make 76: it must start the next line.
    const line = `${'x'.repeat(73)}’’`;
    const lines = physicalLines(foldLine(line));
    expect(lines[0]!.length).toBe(73);
    expect(strictUtf8.decode(lines[1]!)).toBe(' ’’');
  });

  it('property: any text folds into lines of at most 75 octets, each valid UTF-8 alone, and unfolds back', () => {
    fc.assert(
      fc.property(longText, fc.nat(20), (s, pad) => {
        const line = `SUMMARY:${'p'.repeat(pad)}${s.replace(/[\r\n]/g, '')}`;
        const folded = foldLine(line);
        for (const l of physicalLines(folded)) {
          expect(l.length).toBeLessThanOrEqual(MAX_LINE_OCTETS);
          expect(() => strictUtf8.decode(l)).not.toThrow();
        }
        expect(unfold(folded)).toBe(line);
      }),
      { numRuns: 500 },
    );
  });

  it('writes a lone surrogate as U+FFFD (it has no UTF-8 form)', () => {
    expect(foldLine('SUMMARY:a\uD800b')).toBe('SUMMARY:a\uFFFDb\r\n');
  });
});

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and every kind of line break', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });

  it('turns control characters into spaces and keeps tabs, colons and quotes', () => {
    expect(escapeText('a\u0000b\u0007c\u007Fd\te:"f"')).toBe('a b c d\te:"f"');
  });

  it('property: unescape(escape(s)) gives s back (line breaks as LF) and the line checks clean', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '\\', '\n', '\r\n', ':', '"', 'é', '’', '😀', 'n', 'N'), maxLength: 80 });
    fc.assert(
      fc.property(text, (s) => {
        const escaped = escapeText(s);
        expect(unescapeText(escaped)).toBe(s.replace(/\r\n/g, '\n'));
        const doc = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n${contentLine('X-WR-CALNAME', escaped)}END:VCALENDAR\r\n`;
        expect(checkIcs(doc).problems).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('dates and stamps', () => {
  it('writes DATE as YYYYMMDD and refuses anything else', () => {
    expect(icsDate('2000-02-29')).toBe('20000229');
    expect(() => icsDate('2000-2-29')).toThrow(/not a calendar date/);
  });

  it('writes DTSTAMP in UTC whole seconds, whatever the time zone', () => {
    expect(icsUtcStamp(Date.UTC(2026, 10, 30, 11, 30, 5, 999))).toBe('20261130T113005Z');
    expect(() => icsUtcStamp(Number.NaN)).toThrow(/not a valid time/);
  });
});

describe('the checker finds what ical.js lets through', () => {
  const good = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//t//EN', 'BEGIN:VEVENT', 'UID:a@kindred', 'DTSTAMP:20261130T113000Z',
    'DTSTART;VALUE=DATE:20000229', 'DTEND;VALUE=DATE:20000301', 'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1', 'SUMMARY:Maria’s birthday',
    'END:VEVENT', 'END:VCALENDAR',
  ];
  const doc = (lines: string[], eol = '\r\n') => lines.join(eol) + eol;

  it('passes a good calendar', () => {
    expect(checkIcs(doc(good)).problems).toEqual([]);
  });

  it.each([
    ['LF line ends', doc(good, '\n'), /bare LF/],
    ['a missing UID', doc(good.filter((l) => !l.startsWith('UID'))), /exactly one UID/],
    ['a missing DTSTAMP', doc(good.filter((l) => !l.startsWith('DTSTAMP'))), /exactly one DTSTAMP/],
    ['a missing PRODID', doc(good.filter((l) => !l.startsWith('PRODID'))), /PRODID/],
    ['Feb 30', doc(good.map((l) => l.replace('20000229', '20000230'))), /not a real day/],
    ['a dashed date', doc(good.map((l) => l.replace('20000229', '2000-02-29'))), /not a real day/],
    ['an unescaped comma', doc(good.map((l) => (l.startsWith('SUMMARY') ? 'SUMMARY:Ana, Bo' : l))), /unescaped ","/],
    ['a long line', doc(good.map((l) => (l.startsWith('SUMMARY') ? `SUMMARY:${'x'.repeat(80)}` : l))), /more than 75/],
    ['a year-1604 start', doc(good.map((l) => l.replace('20000229', '16040229').replace('20000301', '16040301'))), /before 1900/],
  ])('reports %s', (_what, text, problem) => {
    expect(checkIcs(text).problems.join('\n')).toMatch(problem);
  });

  it('reports a fold that splits a multi-byte character', () => {
    const bytes = enc.encode(doc(good));
    const at = bytes.indexOf(0x99); // the last byte of "’" (E2 80 99)
    const split = new Uint8Array([...bytes.slice(0, at), 0x0d, 0x0a, 0x20, ...bytes.slice(at)]);
    expect(checkIcs(split).problems).toContain('not valid UTF-8');
  });
});
