/**
 * What an import of vCard files would do, computed before anything is written: who is added,
 * who is updated (and with what), who is skipped and why, and every problem, each with its file.
 *
 * Matching (idempotent, never by name alone):
 *  1. the user's say: `mapping["file#card"]` = a person id, 'new' or 'skip';
 *  2. the same vCard UID (stored on the person; survives a rename in Kindred);
 *  3. the same card content (a fingerprint of name, e-mails, phones and birthday, stored on
 *     the person: re-importing a card without UID finds it again, even after a rename);
 *  4. the same name (case-insensitive) plus a shared e-mail address or phone number — unless
 *     both sides carry different UIDs (two contacts of one address book).
 * The same rules run against the people this import is about to add, so one person written
 * three times in one file (4.0, 2.1, 3.0) becomes one person.
 */
import type * as Y from 'yjs';
import { readCareProfile } from '../../../shared/care/careStore';
import { readExternalIds } from '../../../shared/domain/externalIds';
import { peopleMap } from '../../../shared/domain/workspace';
import { resolveMerged, trashStateOf } from '../../../shared/domain/trashState';
import { parseVcf } from './parseVcf';
import type { CardPhoto } from './photoFromCard';
import { readContact, type ContactCard, type ContactDate } from './readContact';
import { formatVcardDate, sameDate, type VcardDate } from './vcardDate';

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

export interface CardRef {
  file: string;
  /** 1-based card number in the file. */
  card: number;
}

export interface PlannedDate {
  label: string;
  month: number;
  day: number;
  year: number | null;
}

export interface AddEntry {
  name: string;
  /** "YYYY-MM-DD", "--MM-DD" without a year, or null. */
  birthday: string | null;
  dates: PlannedDate[];
  ids: string[];
  sources: CardRef[];
  /** The card's photo as a thumbnail, written to the person's page doc (not the workspace). */
  photo?: CardPhoto;
}

export interface UpdateEntry {
  personId: string;
  /** The person's name in Kindred (never changed by an import). */
  name: string;
  /** Dates to add (a birthday is a date labelled "birthday"). */
  addDates: PlannedDate[];
  addIds: string[];
  /** What differs and is left as it is in Kindred (shown, not applied). */
  conflicts: string[];
  sources: CardRef[];
  /**
   * The card's photo, when it may differ from the person's. settlePhotos (photoPlan.ts) checks it
   * against the photo in their page doc: the same photo, or one the user chose, is dropped.
   */
  photo?: CardPhoto;
}

export interface SkipEntry extends CardRef {
  name: string | null;
  reason: string;
}

export interface ImportProblem {
  file: string;
  card: number | null;
  name: string | null;
  level: 'error' | 'warning' | 'info';
  message: string;
}

export interface ImportPreview {
  add: AddEntry[];
  update: UpdateEntry[];
  skip: SkipEntry[];
  problems: ImportProblem[];
  /** Files read, cards seen. */
  files: number;
  cards: number;
}

export interface PreviewOptions {
  /** The user's say, by `${file}#${card}`: a person id, 'new' (never match) or 'skip'. */
  mapping?: Readonly<Record<string, string>>;
}

export const BIRTHDAY_LABEL = 'birthday';

interface Target {
  key: string;
  personId: string | null;
  names: Set<string>;
  ids: Set<string>;
  cards: { card: ContactCard; ref: CardRef }[];
  /** The person is in Trash: a card matching them is skipped, never re-added or updated. */
  trashed?: boolean;
}

/** Why a card that matches someone in Trash is skipped. */
export const IN_TRASH_REASON = 'in Trash — restore them first';

const nameKey = (s: string): string => s.normalize('NFC').toLocaleLowerCase();
const isContactId = (id: string): boolean => id.startsWith('email:') || id.startsWith('tel:');
const isUidId = (id: string): boolean => id.startsWith('vcard-uid:');

export function previewImport(ws: Y.Doc, files: readonly ImportFile[], options: PreviewOptions = {}): ImportPreview {
  const preview: ImportPreview = { add: [], update: [], skip: [], problems: [], files: files.length, cards: 0 };
  const targets = new Map<string, Target>();
  const byId = new Map<string, Target[]>();
  const index = (t: Target, id: string): void => {
    const list = byId.get(id) ?? [];
    if (!list.includes(t)) list.push(t);
    byId.set(id, list);
  };
  // Purged people are not matched (a card of theirs is added again); a merged person's
  // identifiers lead to the one they were merged into; people in Trash match, to be skipped.
  const mergedIds: [string, string[]][] = [];
  peopleMap(ws).forEach((rec, personId) => {
    const state = trashStateOf(rec);
    if (state.state === 'purged') return;
    if (state.state === 'merged') {
      mergedIds.push([resolveMerged(peopleMap(ws), personId), readExternalIds(rec)]);
      return;
    }
    const name = typeof rec.get('name') === 'string' ? (rec.get('name') as string) : '';
    const t: Target = { key: personId, personId, names: new Set([nameKey(name)]), ids: new Set(readExternalIds(rec)), cards: [] };
    if (state.state === 'trashed') t.trashed = true;
    targets.set(t.key, t);
    for (const id of t.ids) index(t, id);
  });
  for (const [survivor, ids] of mergedIds) {
    const t = targets.get(survivor);
    if (t) for (const id of ids) index(t, id);
  }

  let fresh = 0;
  for (const file of files) {
    const parsed = parseVcf(file.bytes);
    for (const n of parsed.notices) preview.problems.push({ file: file.name, card: n.card, name: null, level: n.level, message: n.message });
    for (const raw of parsed.cards) {
      preview.cards++;
      const ref: CardRef = { file: file.name, card: raw.index };
      const read = readContact(raw);
      const name = read.ok ? read.card.name : null;
      for (const note of read.notes) preview.problems.push({ ...ref, name, level: 'info', message: note });
      if (!read.ok) {
        preview.skip.push({ ...ref, name: null, reason: read.reason });
        continue;
      }
      const card = read.card;
      const say = options.mapping?.[`${file.name}#${raw.index}`];
      if (say === 'skip') {
        preview.skip.push({ ...ref, name, reason: 'skipped by you' });
        continue;
      }
      let target: Target | undefined;
      if (say && say !== 'new') {
        target = targets.get(say) ?? targets.get(resolveMerged(peopleMap(ws), say));
        if (!target?.personId) {
          preview.problems.push({ ...ref, name, level: 'error', message: `no person with id "${say.slice(0, 40)}" to match with: card skipped` });
          preview.skip.push({ ...ref, name, reason: 'the person chosen for it does not exist' });
          continue;
        }
      } else if (say !== 'new') {
        target = findMatch(card, byId);
      }
      if (target?.trashed) {
        preview.skip.push({ ...ref, name, reason: IN_TRASH_REASON });
        continue;
      }
      if (!target) {
        target = { key: `new-${fresh++}`, personId: null, names: new Set(), ids: new Set(), cards: [] };
        targets.set(target.key, target);
      }
      target.cards.push({ card, ref });
      target.names.add(nameKey(card.name));
      for (const id of card.ids) {
        target.ids.add(id);
        index(target, id);
      }
    }
  }

  for (const t of targets.values()) {
    if (t.cards.length === 0) continue;
    if (t.personId === null) preview.add.push(planAdd(t, preview.problems));
    else planUpdate(ws, t, preview);
  }
  return preview;
}

function findMatch(card: ContactCard, byId: Map<string, Target[]>): Target | undefined {
  for (const id of card.ids) {
    if (isUidId(id) || id.startsWith('vcard-card:')) {
      const hit = byId.get(id)?.[0];
      if (hit) return hit;
    }
  }
  const name = nameKey(card.name);
  const cardUid = card.ids.find(isUidId);
  for (const id of card.ids.filter(isContactId)) {
    for (const t of byId.get(id) ?? []) {
      if (!t.names.has(name)) continue;
      const otherUids = [...t.ids].filter(isUidId);
      if (cardUid && otherUids.length > 0 && !otherUids.includes(cardUid)) continue;
      return t;
    }
  }
  return undefined;
}

/** The dates of all cards of a target: the first birthday wins, later different ones are reported. */
function mergedDates(t: Target, problems: ImportProblem[]): PlannedDate[] {
  let birthday: { date: VcardDate; ref: CardRef } | null = null;
  const out: PlannedDate[] = [];
  for (const { card, ref } of t.cards) {
    if (card.birthday) {
      if (!birthday) birthday = { date: card.birthday, ref };
      else if (!sameDate(birthday.date, card.birthday)) {
        problems.push({
          ...ref,
          name: card.name,
          level: 'warning',
          message: `birthday ${formatVcardDate(card.birthday)} differs from ${formatVcardDate(birthday.date)} in ${birthday.ref.file} (card ${birthday.ref.card}) for the same person: kept the first`,
        });
      }
    }
    for (const d of card.dates) if (!out.some((o) => sameLabelDate(o, d))) out.push({ label: d.label, month: d.month, day: d.day, year: d.year });
  }
  return birthday ? [{ label: BIRTHDAY_LABEL, ...birthday.date }, ...out] : out;
}

function sameLabelDate(a: PlannedDate, b: PlannedDate | ContactDate): boolean {
  return a.label.toLowerCase() === b.label.toLowerCase() && sameDate(a, b);
}

function planAdd(t: Target, problems: ImportProblem[]): AddEntry {
  const dates = mergedDates(t, problems);
  const birthday = dates.find((d) => d.label === BIRTHDAY_LABEL);
  return {
    name: t.cards[0]!.card.name,
    birthday: birthday ? formatVcardDate(birthday) : null,
    dates,
    ids: [...new Set(t.cards.flatMap((c) => c.card.ids))],
    sources: t.cards.map((c) => c.ref),
    ...photoOf(t),
  };
}

/** The first card's photo among a target's cards (the same person written twice keeps one). */
function photoOf(t: Target): { photo?: CardPhoto } {
  const photo = t.cards.find((c) => c.card.photo)?.card.photo;
  return photo ? { photo } : {};
}

function planUpdate(ws: Y.Doc, t: Target, preview: ImportPreview): void {
  const rec = peopleMap(ws).get(t.personId!)!;
  const profile = readCareProfile(t.personId!, rec);
  const existingIds = new Set(readExternalIds(rec));
  const addIds = [...new Set(t.cards.flatMap((c) => c.card.ids))].filter((id) => !existingIds.has(id));
  const addDates: PlannedDate[] = [];
  const conflicts: string[] = [];
  for (const d of mergedDates(t, preview.problems)) {
    if (d.label === BIRTHDAY_LABEL) {
      const current = profile.dates.find((x) => x.label.trim().toLowerCase() === BIRTHDAY_LABEL);
      if (!current) addDates.push(d);
      else if (!sameDate(current, d)) {
        conflicts.push(`birthday: Kindred has ${formatVcardDate(current)}, the card says ${formatVcardDate(d)} (Kindred's kept)`);
      }
    } else if (!profile.dates.some((x) => x.label.toLowerCase() === d.label.toLowerCase() && sameDate(x, d))) {
      addDates.push(d);
    }
  }
  const sources = t.cards.map((c) => c.ref);
  const photo = photoOf(t);
  if (addIds.length === 0 && addDates.length === 0 && !photo.photo) {
    for (const ref of sources) {
      preview.skip.push({ ...ref, name: profile.name, reason: conflicts.length ? `already in Kindred; ${conflicts.join('; ')}` : 'already in Kindred, nothing new' });
    }
    for (const c of conflicts) preview.problems.push({ ...sources[0]!, name: profile.name, level: 'warning', message: c });
    return;
  }
  for (const c of conflicts) preview.problems.push({ ...sources[0]!, name: profile.name, level: 'warning', message: c });
  preview.update.push({ personId: t.personId!, name: profile.name, addDates, addIds, conflicts, sources, ...photo });
}
