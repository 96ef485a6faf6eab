/**
 * File names for the vault: a note's name must work as a file on Windows, macOS and Linux and as
 * an Obsidian link target (see ../shared/research/data.md §1). The person's real name is never
 * lost: it stays the link's display text and an `alias`; only the file name is made safe.
 *
 * Rules (each a failure seen in the wild):
 * - NFC first, so "Zoë" typed on macOS (NFD) and on Windows (NFC) is one name.
 * - None of `< > : " / \ | ? * # ^ [ ]`, no `%%`, no control characters (file systems and
 *   Obsidian's link syntax), no leading dot (a hidden file Obsidian ignores), no trailing dot or
 *   space (Windows drops them), not a Windows device name (CON, PRN, AUX, NUL, COM0–9, LPT0–9,
 *   also with an extension: "con.txt").
 * - At most `maxBytes` UTF-8 bytes, cut on a grapheme boundary (an emoji is never split); the
 *   caller keeps room for ".md", a " (2)" suffix and a date prefix within 255 bytes.
 * - Distinct notes get distinct names compared NFC + lower-case across the WHOLE vault: Obsidian
 *   resolves `[[name]]` by basename in every folder, and "sam"/"Sam" collide on Windows and macOS.
 */

const FORBIDDEN = /[<>"\\/|?*#^[\]:\u0000-\u001f\u007f-\u009f\u200b\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/gu;
const DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/iu;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const encoder = new TextEncoder();

export function utf8Length(s: string): number {
  return encoder.encode(s).byteLength;
}

/** Replaces what may not appear in a file name; `fallback` when nothing usable is left. */
export function safeFileName(raw: string, maxBytes: number, fallback = 'Unnamed'): string {
  let s = raw.normalize('NFC');
  // Readable replacements for the common cases ("AC/DC" → "AC-DC", "Sam: the builder" → "Sam - the builder").
  s = s.replace(/\s*:\s*/gu, ' - ').replace(/[/\\|]/gu, '-').replace(/"/gu, "'");
  s = s.replace(FORBIDDEN, ' ').replace(/%%+/gu, '%');
  s = s.replace(/\s+/gu, ' ');
  s = trimEnds(s);
  s = truncateBytes(s, maxBytes);
  s = trimEnds(s);
  if (!s) s = fallback;
  // Windows reads "con.txt" as the device too: the stem before the first dot changes.
  if (DEVICE.test(s)) s = s.replace(/^[^.]*/u, (stem) => `${stem}_`);
  return s;
}

/** Leading dots and spaces (hidden files) and trailing dots and spaces (dropped by Windows) go. */
function trimEnds(s: string): string {
  return s.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');
}

/** The longest prefix of whole graphemes within `maxBytes` UTF-8 bytes. */
export function truncateBytes(s: string, maxBytes: number): string {
  if (utf8Length(s) <= maxBytes) return s;
  let out = '';
  let bytes = 0;
  for (const { segment } of segmenter.segment(s)) {
    const n = utf8Length(segment);
    if (bytes + n > maxBytes) break;
    out += segment;
    bytes += n;
  }
  return out;
}

/** How Obsidian (and tools that mirror it) compare link targets and basenames. */
export function linkKey(basename: string): string {
  return basename.normalize('NFC').toLowerCase();
}

/**
 * Hands out vault-unique basenames. `reserve` marks names that are taken no matter what (the
 * user's own notes in the folder, journal days whose name the daily-notes format fixes); `take`
 * returns `base`, or `base (2)`, `base (3)`… — the first whose key is free.
 */
export class NameRegistry {
  private readonly taken = new Set<string>();

  reserve(basename: string): void {
    this.taken.add(linkKey(basename));
  }

  has(basename: string): boolean {
    return this.taken.has(linkKey(basename));
  }

  take(base: string): string {
    let name = base;
    for (let n = 2; this.taken.has(linkKey(name)); n++) name = `${base} (${n})`;
    this.taken.add(linkKey(name));
    return name;
  }
}

/** Text shown in a wikilink: `[`, `]` and `|` would end or split the link, so they become look-alikes. */
export function linkDisplay(name: string): string {
  return name.normalize('NFC').replace(/\[/gu, '(').replace(/\]/gu, ')').replace(/\|/gu, '¦').replace(/[\r\n]+/gu, ' ');
}

/** `[[basename]]`, or `[[basename|display]]` when the name shown differs from the file's. */
export function wikilink(basename: string, name: string): string {
  const display = linkDisplay(name);
  return display === basename ? `[[${basename}]]` : `[[${basename}|${display}]]`;
}
