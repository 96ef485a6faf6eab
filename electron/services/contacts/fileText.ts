/**
 * Bytes of a .vcf file → a "byte string" (one JS char per byte, latin1) that the vCard parser
 * splits and unfolds *before* any text is decoded: a fold or a quoted-printable soft break may
 * split a multi-byte character (RFC 6350 §3.2), and 2.1 cards pick their charset per property.
 * UTF-16 files (with or without a byte order mark) are decoded whole and re-encoded as UTF-8,
 * so the rest of the pipeline only ever sees 8-bit text.
 */

export type FileEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

export interface FileText {
  /** One char per byte (0–255). */
  bytes: string;
  encoding: FileEncoding;
}

export function fileText(data: Uint8Array): FileText {
  if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
    return { bytes: latin1(data.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return utf16(data.subarray(2), 'utf-16le');
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return utf16(data.subarray(2), 'utf-16be');
  const guess = guessUtf16(data);
  if (guess) return utf16(data, guess);
  return { bytes: latin1(data), encoding: 'utf-8' };
}

/**
 * UTF-16 without a BOM: ASCII text ("BEGIN:VCARD") has a zero in every other byte. Looking at
 * the first 64 bytes is enough — a vCard starts with ASCII — and a binary file that happens to
 * have zeros there is refused later for having no BEGIN:VCARD.
 */
function guessUtf16(data: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(data.length, 64) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (data[i] === 0) evenZeros++;
    if (data[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.9 && evenZeros === 0) return 'utf-16le';
  if (evenZeros >= pairs * 0.9 && oddZeros === 0) return 'utf-16be';
  return null;
}

function utf16(data: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): FileText {
  const text = new TextDecoder(encoding).decode(data);
  return { bytes: latin1(new TextEncoder().encode(text)), encoding };
}

function latin1(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
}

/** The WHATWG label for a vCard CHARSET value (which ICU's TextDecoder then accepts). */
function decoderLabel(charset: string): string {
  const c = charset.trim().toLowerCase().replace(/^"|"$/g, '');
  if (c === 'utf8') return 'utf-8';
  if (c === 'us-ascii' || c === 'ascii' || c === 'ansi_x3.4-1968') return 'utf-8'; // ASCII is a subset; an 8-bit byte then falls back below
  if (c === 'sjis' || c === 'x-sjis' || c === 'shift-jis') return 'shift_jis';
  if (c === 'latin1' || c === 'latin-1') return 'iso-8859-1';
  return c;
}

export interface DecodedText {
  text: string;
  /** Set when the stated charset was unknown or did not fit the bytes, and what was used instead. */
  note: string | null;
}

/**
 * Decodes a byte string in `charset`. UTF-8 that is not valid UTF-8 is read as Windows-1252:
 * Outlook writes Latin-1 without saying so (sabre-io/vobject#215), and a name shown as "Br�ning"
 * is worse than a guess that is right for every Western European file seen.
 */
export function decodeBytes(bytes: string, charset: string): DecodedText {
  if (!/[^\x00-\x7f]/.test(bytes)) return { text: bytes, note: null };
  const buf = Buffer.from(bytes, 'latin1');
  const label = decoderLabel(charset);
  let decoder: TextDecoder;
  let note: string | null = null;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    decoder = new TextDecoder('utf-8', { fatal: true });
    note = `unknown charset "${charset}", read as UTF-8`;
  }
  try {
    return { text: decoder.decode(buf), note };
  } catch {
    if (decoder.encoding === 'utf-8') {
      return { text: new TextDecoder('windows-1252').decode(buf), note: 'not valid UTF-8, read as Windows-1252' };
    }
    return { text: new TextDecoder(decoder.encoding).decode(buf), note: `some bytes are not valid ${decoder.encoding}` };
  }
}

/** Quoted-printable → byte string (soft breaks were joined by the line reader). */
export function decodeQuotedPrintable(value: string): string {
  return value.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
