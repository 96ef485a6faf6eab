/**
 * vCard 2.1 / 3.0 / 4.0 → raw cards (properties with their parameters and undecoded values).
 * Lenient by design: real exports break every rule somewhere (fixtures in ../shared), so the
 * reader keeps what it can and says what it dropped, and never throws on bad input.
 *
 * Order matters and is the point of this module: line ends are normalised (CRLF, LF, CR,
 * CR CR LF), then lines are joined as *bytes* — RFC folds (a leading space or tab),
 * quoted-printable soft breaks (a trailing "="), and vCard 2.1 base64 lines that are not
 * indented — and only then is any text decoded (fileText.ts), per property, in its charset.
 */
import { fileText, type FileEncoding } from './fileText';

export interface VcfParam {
  /** Upper case. Bare 2.1 parameters (`TEL;WORK;VOICE`) become TYPE, bare encodings ENCODING. */
  name: string;
  value: string;
}

export interface VcfProperty {
  /** Apple/Google group (`item1`), lower case, or '' when none. */
  group: string;
  /** Upper case. */
  name: string;
  params: VcfParam[];
  /** The value as bytes (latin1 string), still encoded (QP/base64) and escaped. */
  raw: string;
}

export interface RawCard {
  /** 1-based position in the file (nested cards are not counted). */
  index: number;
  properties: VcfProperty[];
  /** False when the file ended before END:VCARD. */
  complete: boolean;
}

export interface VcfNotice {
  /** Card index, or null for the file as a whole. */
  card: number | null;
  level: 'error' | 'warning' | 'info';
  message: string;
}

export interface ParsedVcf {
  encoding: FileEncoding;
  cards: RawCard[];
  notices: VcfNotice[];
  /** False when the bytes hold no vCard at all (a photo saved as .vcf, an empty file…). */
  isVcard: boolean;
}

const BARE_ENCODINGS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT']);

export function param(p: VcfProperty, name: string): string | undefined {
  return p.params.find((x) => x.name === name)?.value;
}

export function hasParamValue(p: VcfProperty, name: string, value: string): boolean {
  return p.params.some((x) => x.name === name && x.value.toUpperCase().split(',').includes(value));
}

function isQuotedPrintable(head: string): boolean {
  return /QUOTED-PRINTABLE/i.test(head);
}

function isBase64(head: string): boolean {
  return /[;:](?:ENCODING=)?(?:BASE64|B)(?=[;:])/i.test(head);
}

/** The part of a line before its first unquoted colon (name and parameters). */
function headOf(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) return line.slice(0, i + 1);
  }
  return line;
}

/** Physical lines → logical lines (byte strings), joined the ways real exporters split them. */
export function logicalLines(bytes: string): string[] {
  const physical = bytes.split(/\r\r\n|\r\n|\n|\r/);
  const out: string[] = [];
  let current: string | null = null;
  let qp = false;
  let b64 = false;
  for (const line of physical) {
    if (current !== null) {
      // A quoted-printable soft break: the next line continues the value literally.
      if (qp && current.endsWith('=')) {
        current = current.slice(0, -1) + line;
        continue;
      }
      if (line.length > 0 && (line[0] === ' ' || line[0] === '\t')) {
        current += line.slice(1);
        continue;
      }
      // vCard 2.1 base64 continues on unindented lines until a blank line.
      if (b64 && line.length > 0 && /^[A-Za-z0-9+/=]+$/.test(line)) {
        current += line;
        continue;
      }
      out.push(current);
      current = null;
    }
    if (line.trim() === '') continue;
    current = line;
    const head = headOf(line);
    qp = isQuotedPrintable(head);
    b64 = isBase64(head);
  }
  if (current !== null) out.push(current);
  return out;
}

/** Splits `name;params:value`; null when the line has no colon at all. */
export function parseLine(line: string): VcfProperty | null {
  const m = /^\s*(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)/.exec(line);
  if (!m) return null;
  let i = m[0].length;
  const params: VcfParam[] = [];
  if (line[i] === ';') {
    let start = i + 1;
    let quoted = false;
    for (i = start; i < line.length; i++) {
      const c = line[i];
      if (c === '"') quoted = !quoted;
      else if (!quoted && (c === ';' || c === ':')) {
        addParam(params, line.slice(start, i));
        start = i + 1;
        if (c === ':') break;
      }
    }
    if (i >= line.length) return null;
  } else if (line[i] !== ':') {
    return null;
  }
  return { group: (m[1] ?? '').toLowerCase(), name: m[2]!.toUpperCase(), params, raw: line.slice(i + 1) };
}

function addParam(params: VcfParam[], text: string): void {
  const t = text.trim();
  if (!t) return;
  const eq = t.indexOf('=');
  if (eq < 0) {
    const upper = t.toUpperCase();
    params.push({ name: BARE_ENCODINGS.has(upper) ? 'ENCODING' : 'TYPE', value: t });
    return;
  }
  const name = t.slice(0, eq).trim().toUpperCase();
  const value = caretDecode(t.slice(eq + 1).trim().replace(/"/g, ''));
  params.push({ name, value });
}

/** RFC 6868 parameter escapes: ^n newline, ^' double quote, ^^ caret. */
function caretDecode(v: string): string {
  return v.replace(/\^(n|N|'|\^)/g, (_m, c: string) => (c === "'" ? '"' : c === '^' ? '^' : '\n'));
}

/** Reads every card of a file. Never throws; what it cannot read is in `notices`. */
export function parseVcf(data: Uint8Array): ParsedVcf {
  const { bytes, encoding } = fileText(data);
  const notices: VcfNotice[] = [];
  if (!/BEGIN:VCARD/i.test(bytes) || bytes.includes('\u0000')) {
    return { encoding, cards: [], notices: [{ card: null, level: 'error', message: 'not a vCard file (no BEGIN:VCARD)' }], isVcard: false };
  }
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    notices.push({ card: null, level: 'info', message: `read as ${encoding.toUpperCase()} text` });
  }
  const cards: RawCard[] = [];
  const stack: RawCard[] = [];
  let outside = 0;
  let nested = 0;
  for (const line of logicalLines(bytes)) {
    const top = stack[stack.length - 1];
    if (line.trimStart().startsWith('#')) {
      if (top) notices.push({ card: top.index, level: 'warning', message: 'comment line ignored' });
      continue;
    }
    const prop = parseLine(line);
    if (!prop) {
      if (top) notices.push({ card: top.index, level: 'warning', message: `line without ":" ignored: "${printable(line)}"` });
      else outside++;
      continue;
    }
    const value = prop.raw.trim().toUpperCase();
    if (prop.name === 'BEGIN' && value === 'VCARD') {
      if (top) nested++;
      stack.push({ index: top ? top.index : cards.length + 1, properties: [], complete: false });
      continue;
    }
    if (prop.name === 'END' && value === 'VCARD') {
      const done = stack.pop();
      if (!done) outside++;
      else if (stack.length === 0) {
        done.complete = true;
        cards.push(done);
      }
      continue;
    }
    if (top) top.properties.push(prop);
    else outside++;
  }
  if (nested > 0) {
    notices.push({ card: null, level: 'warning', message: `${nested} card(s) nested inside another card ignored` });
  }
  // Cut off before END:VCARD (an interrupted copy): kept if it has a name, with a warning.
  const cut = stack[0];
  if (cut) {
    cards.push(cut);
    notices.push({ card: cut.index, level: 'warning', message: 'the file ends before END:VCARD: the card may be incomplete' });
  }
  if (outside > 0) {
    notices.push({ card: null, level: 'warning', message: `${outside} line(s) outside BEGIN:VCARD…END:VCARD ignored` });
  }
  return { encoding, cards, notices, isVcard: true };
}

/** A short, safe excerpt of a byte string for messages. */
function printable(bytes: string): string {
  const clean = bytes.replace(/[\x00-\x1f\x7f]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
