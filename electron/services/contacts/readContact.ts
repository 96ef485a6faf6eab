/**
 * One raw card → what Kindred keeps of a contact: a name, a birthday and other important
 * dates, and the identifiers that find the person again on the next import (UID, a content
 * fingerprint, e-mail addresses, phone numbers). Everything else on the card is listed as not
 * imported, with the reason, so nothing is dropped silently.
 */
import { createHash } from 'node:crypto';
import { normalizeName } from '../../../shared/domain/fieldLimits';
import { externalIdKey } from '../../../shared/domain/externalIds';
import { decodeBytes, decodeQuotedPrintable } from './fileText';
import { param, type RawCard, type VcfProperty } from './parseVcf';
import { photoFromCard, type CardPhoto } from './photoFromCard';
import { formatVcardDate, parseVcardDate, sameDate, type VcardDate } from './vcardDate';

export interface ContactDate extends VcardDate {
  /** 'birthday', 'anniversary', or the card's own label ('' for none). */
  label: string;
}

export interface ContactCard {
  name: string;
  birthday: VcardDate | null;
  /** Other important dates (never the birthday). */
  dates: ContactDate[];
  uid: string | null;
  emails: string[];
  phones: string[];
  /** Identifier keys for shared/domain/externalIds.ts: UID, fingerprint, e-mails, phones. */
  ids: string[];
  /** What was not imported, and why (one line each). */
  notes: string[];
  /** The card's photo as a thumbnail (photoFromCard.ts), or null. */
  photo: CardPhoto | null;
}

export type ReadResult = { ok: true; card: ContactCard; notes: string[] } | { ok: false; reason: string; notes: string[] };

const ANNIVERSARIES = new Set(['ANNIVERSARY', 'X-ANNIVERSARY', 'X-EVOLUTION-ANNIVERSARY', 'X-MS-ANNIVERSARY']);
/** Read or deliberately ignored without a note: structure, software bookkeeping, labels. */
const QUIET = new Set([
  'VERSION', 'PRODID', 'REV', 'FN', 'N', 'UID', 'EMAIL', 'TEL', 'BDAY', 'X-ABDATE', 'X-ABLABEL', 'X-ABUID',
  'CLASS', 'SOURCE', 'NAME', 'PROFILE', 'MAILER', 'SORT-STRING', 'KIND', 'X-ABSHOWAS', 'X-ABSHOWAS-ABSHOWAS',
  'ALTID', 'PHOTO', 'LOGO', 'X-APPLE-OMIT-YEAR',
]);
/** The largest photo a card may carry (decoded); larger ones are dropped with this limit stated. */
export { PHOTO_MAX_INPUT_BYTES as PHOTO_LIMIT_BYTES } from './photoThumbnail';

/** The text of a property: quoted-printable and charset undone, escapes kept (see unescape). */
export function propertyText(p: VcfProperty, defaultCharset = 'utf-8'): { text: string; note: string | null } {
  const encoding = (param(p, 'ENCODING') ?? '').toUpperCase();
  const bytes = encoding === 'QUOTED-PRINTABLE' ? decodeQuotedPrintable(p.raw) : p.raw;
  return decodeBytes(bytes, param(p, 'CHARSET') ?? defaultCharset);
}

/** Undoes vCard text escapes: \, \; \\ \n \N (and a stray \: from Apple). */
export function unescapeText(s: string): string {
  return s.replace(/\\([\\,;:nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Splits a structured value (N, ADR) on unescaped ";" and unescapes each component. */
export function components(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === ';') {
      out.push(unescapeText(cur));
      cur = '';
    } else cur += c;
  }
  out.push(unescapeText(cur));
  return out;
}

export function normalizeEmail(s: string): string | null {
  const v = s.trim().replace(/^mailto:/i, '').toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(v) ? v : null;
}

/** Digits only, "+" kept for international numbers ("00" read as "+"); null when too short to identify anyone. */
export function normalizePhone(s: string): string | null {
  const v = s.trim().replace(/^tel:/i, '');
  const plus = /^\s*(\+|00)/.test(v);
  let digits = v.replace(/[^0-9]/g, '');
  if (v.trimStart().startsWith('00')) digits = digits.slice(2);
  if (digits.length < 5) return null;
  return plus ? `+${digits}` : digits;
}

/** Apple's built-in labels: `_$!<Anniversary>!$_` → "anniversary". */
function labelText(raw: string): string {
  const builtin = /^_\$!<(.*)>!\$_$/.exec(raw.trim());
  return (builtin ? builtin[1]!.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : raw.trim()).slice(0, 100);
}

export function readContact(raw: RawCard): ReadResult {
  const notes: string[] = [];
  const props = raw.properties;
  const text = (p: VcfProperty): string => {
    const { text: t, note } = propertyText(p);
    if (note) notes.push(`${p.name}: ${note}`);
    return t;
  };
  // Group labels, matched by group name wherever they are in the card (Google puts them last).
  const labels = new Map<string, string>();
  for (const p of props) if (p.group && p.name === 'X-ABLABEL') labels.set(p.group, unescapeText(text(p)));

  let name = '';
  for (const p of props) if (!name && p.name === 'FN') name = normalizeName(unescapeText(text(p)));
  if (!name) {
    const n = props.find((p) => p.name === 'N');
    if (n) {
      const [family = '', given = ''] = components(text(n));
      name = normalizeName(`${given} ${family}`);
    }
  }

  const uidProp = props.find((p) => p.name === 'UID' && p.raw.trim() !== '');
  const uid = uidProp ? unescapeText(text(uidProp)).trim() : null;
  const emails = unique(props.filter((p) => p.name === 'EMAIL').map((p) => normalizeEmail(unescapeText(text(p)))));
  const phones = unique(props.filter((p) => p.name === 'TEL').map((p) => normalizePhone(unescapeText(text(p)))));

  const birthday = readBirthday(props, text, notes);
  const dates: ContactDate[] = [];
  const addDate = (p: VcfProperty, label: string): void => {
    const r = parseVcardDate(unescapeText(text(p)), param(p, 'X-APPLE-OMIT-YEAR'));
    if (!r.ok) return void notes.push(`${p.name} not imported: ${r.reason}`);
    if (!dates.some((d) => d.label === label && sameDate(d, r.date))) dates.push({ ...r.date, label });
  };
  for (const p of props) {
    if (ANNIVERSARIES.has(p.name)) addDate(p, 'anniversary');
    else if (p.name === 'X-ABDATE') addDate(p, labelText(labels.get(p.group) ?? ''));
  }

  const photo = photoFromCard(props, notes, raw.complete);
  const other = [...new Set(props.filter((p) => !QUIET.has(p.name) && !ANNIVERSARIES.has(p.name)).map((p) => p.name))];
  if (other.length) notes.push(`not imported (Kindred has no field for them): ${other.join(', ')}`);

  if (!name) return { ok: false, reason: 'card without a name (no FN or N)', notes };
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([name, emails.slice().sort(), phones.slice().sort(), birthday ? formatVcardDate(birthday) : null]))
    .digest('hex')
    .slice(0, 24);
  const ids = [
    ...(uid ? [externalIdKey('vcard-uid', uid)] : []),
    externalIdKey('vcard-card', fingerprint),
    ...emails.map((e) => externalIdKey('email', e)),
    ...phones.map((t) => externalIdKey('tel', t)),
  ];
  return { ok: true, card: { name, birthday, dates, uid, emails, phones, ids, notes, photo }, notes };
}

/** The first BDAY that is a date; ALTID alternatives of it are the same birthday. */
function readBirthday(props: VcfProperty[], text: (p: VcfProperty) => string, notes: string[]): VcardDate | null {
  let found: { date: VcardDate; altId: string | undefined } | null = null;
  for (const p of props.filter((x) => x.name === 'BDAY')) {
    const value = unescapeText(text(p)).trim();
    const altId = param(p, 'ALTID');
    if (found && altId !== undefined && altId === found.altId) continue;
    const isText = (param(p, 'VALUE') ?? '').toLowerCase() === 'text';
    const r = parseVcardDate(value, param(p, 'X-APPLE-OMIT-YEAR'));
    if (!r.ok || isText) {
      if (!found || !(r.ok && sameDate(r.date, found.date))) notes.push(`BDAY "${value.slice(0, 40)}" not imported: not a date`);
      continue;
    }
    if (!found) found = { date: r.date, altId };
    else if (!sameDate(found.date, r.date)) notes.push(`second BDAY ${formatVcardDate(r.date)} not imported (kept ${formatVcardDate(found.date)})`);
  }
  return found?.date ?? null;
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}
