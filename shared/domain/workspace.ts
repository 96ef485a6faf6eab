import * as Y from 'yjs';
import { journalPageId, newConversationId, newPersonId } from './ids';
import { isISODate } from './dates';
import { EMPTY_FACTS } from './derivedFacts';
import { trashStateOf } from './trashState';
import { excerpt, limitField, normalizeName } from './fieldLimits';
import type { DerivedPageFacts, Introduction, PageKind, PageMeta, Person } from './types';

export { asSnippet } from './derivedFacts';
/** Names are normalised in fieldLimits.ts (bidi overrides stripped, length bounded). */
export { normalizeName };

/**
 * The workspace doc is the registry every list reads: people, pages and mention edges. It is
 * small (no note text), loads in one read and syncs like any other doc. It holds only what the
 * user *authored*: people, care fields, and per page its kind, date, place, times, creating
 * device and introduction. Page text lives only in each page's own doc; what lists need from
 * it (previews, mention snippets, care facts) is *derived* into a local index, never into here
 * (see derivedFacts.ts), and composed with these records by `composePageMeta`.
 *
 * Every record is a Y.Map so that two devices editing different fields of the same person or
 * page merge field by field instead of one overwriting the other.
 */
export const WORKSPACE_DOC_ID = 'kindred-workspace';
const SCHEMA_VERSION = 1;
/**
 * Nested maps in each person record (dates, interests, days checked in, identifiers from imported
 * contacts — see externalIds.ts): sets that merge.
 */
export const PERSON_SET_FIELDS = ['dates', 'interests', 'manualContacts', 'externalIds'] as const;

type Rec = Y.Map<unknown>;

export function peopleMap(ws: Y.Doc): Y.Map<Rec> {
  return ws.getMap<Rec>('people');
}

export function pagesMap(ws: Y.Doc): Y.Map<Rec> {
  return ws.getMap<Rec>('pages');
}

export function initWorkspace(ws: Y.Doc): void {
  const meta = ws.getMap<unknown>('meta');
  if (meta.get('schema') === undefined) meta.set('schema', SCHEMA_VERSION);
}

export function readPerson(id: string, rec: Rec): Person {
  // A record synced from a buggy device may not be a Y.Map at all: read it as empty.
  if (!(rec instanceof Y.Map)) return { id, name: '', createdAt: 0 };
  return {
    id,
    name: typeof rec.get('name') === 'string' ? (rec.get('name') as string) : '',
    createdAt: numberOr(rec.get('createdAt'), 0),
  };
}

/** What the user authored about a page: the workspace record's fields, without content facts. */
export type PageRecord = Omit<PageMeta, keyof DerivedPageFacts>;

/** Looks up a page's derived facts (undefined: none known yet, read as empty). */
export type FactsOf = (pageId: string) => DerivedPageFacts | undefined;

/**
 * The authored fields of a page record. Derived fields an older version wrote into the record
 * (preview, mentions, contacts, followUps, askNext) are ignored: they come from the derived index.
 */
export function readPageRecord(id: string, rec: Rec): PageRecord | null {
  if (!(rec instanceof Y.Map)) return null;
  const kind = rec.get('kind');
  const date = rec.get('date');
  if (kind !== 'journal' && kind !== 'conversation' && kind !== 'person') return null;
  if (typeof date !== 'string' || !isISODate(date)) return null; // dates are parsed by every list
  return {
    id,
    kind,
    date,
    place: typeof rec.get('place') === 'string' ? (rec.get('place') as string) : '',
    createdAt: numberOr(rec.get('createdAt'), 0),
    updatedAt: numberOr(rec.get('updatedAt'), 0),
    createdOn: typeof rec.get('createdOn') === 'string' ? (rec.get('createdOn') as string) : '',
    introduction: asIntroduction(rec.get('introduction')),
  };
}

/** The PageMeta lists use: the authored record plus the page's derived facts (or none yet). */
export function composePageMeta(record: PageRecord, facts: DerivedPageFacts | undefined | null): PageMeta {
  const f = facts ?? EMPTY_FACTS;
  return {
    ...record,
    preview: f.preview,
    mentions: f.mentions,
    contacts: f.contacts,
    followUps: f.followUps,
    askNext: f.askNext,
  };
}

export function readPageMeta(id: string, rec: Rec, facts?: DerivedPageFacts | null): PageMeta | null {
  const record = readPageRecord(id, rec);
  return record ? composePageMeta(record, facts) : null;
}

export function listPeople(ws: Y.Doc): Person[] {
  const out: Person[] = [];
  peopleMap(ws).forEach((rec, id) => out.push(readPerson(id, rec)));
  return out;
}

export function listPages(ws: Y.Doc, factsOf?: FactsOf): PageMeta[] {
  const out: PageMeta[] = [];
  pagesMap(ws).forEach((rec, id) => {
    const meta = readPageMeta(id, rec, factsOf?.(id));
    if (meta) out.push(meta);
  });
  return out;
}

export function getPageMeta(ws: Y.Doc, id: string, factsOf?: FactsOf): PageMeta | null {
  const rec = pagesMap(ws).get(id);
  return rec ? readPageMeta(id, rec, factsOf?.(id)) : null;
}

/** The page's authored date, or null when it has no valid record. */
export function pageDate(ws: Y.Doc, id: string): string | null {
  const rec = pagesMap(ws).get(id);
  return rec ? (readPageRecord(id, rec)?.date ?? null) : null;
}

interface Stamp {
  now: number;
  deviceId: string;
}

/**
 * `createdOn` of pages made where no window runs (the `kindred` command, an import): the first
 * device that opens such a page seeds its empty first line, as the creating device does for its
 * own pages.
 */
export const SEED_ON_FIRST_OPEN = 'seed-on-first-open';

/** Whether this device lays down a page's first (empty) paragraph when it opens an empty page. */
export function seedsPage(createdOn: string | undefined, deviceId: string): boolean {
  return createdOn === undefined || createdOn === deviceId || createdOn === SEED_ON_FIRST_OPEN;
}

function newPageRecord(kind: PageKind, date: string, { now, deviceId }: Stamp, place = ''): Rec {
  const rec = new Y.Map<unknown>();
  rec.set('kind', kind);
  rec.set('date', date);
  rec.set('place', place);
  rec.set('createdAt', now);
  rec.set('updatedAt', now);
  rec.set('createdOn', deviceId);
  return rec;
}

/**
 * The id of that day's entry now: the first generation not emptied from Trash (an entry in
 * Trash, not yet purged, is still the day's entry: it can be restored).
 */
export function currentJournalPageId(ws: Y.Doc, date: string): string {
  const pages = pagesMap(ws);
  for (let generation = 1; ; generation++) {
    const id = journalPageId(date, generation);
    const rec = pages.get(id);
    if (!rec || trashStateOf(rec).state !== 'purged') return id;
  }
}

/** Returns the id of that day's entry, registering it if this is the first time it is opened. */
export function ensureJournalPage(ws: Y.Doc, date: string, stamp: Stamp): string {
  if (!isISODate(date)) throw new Error(`"${excerpt(date)}" is not a calendar date (YYYY-MM-DD).`);
  const id = currentJournalPageId(ws, date);
  if (!pagesMap(ws).has(id)) ws.transact(() => pagesMap(ws).set(id, newPageRecord('journal', date, stamp)));
  return id;
}

export function createConversation(ws: Y.Doc, date: string, place: string, stamp: Stamp): string {
  if (!isISODate(date)) throw new Error(`"${excerpt(date)}" is not a calendar date (YYYY-MM-DD).`);
  const id = newConversationId();
  ws.transact(() => pagesMap(ws).set(id, newPageRecord('conversation', date, stamp, normalizePlace(place))));
  return id;
}

/** Creates a person and their own page; the name is trimmed and must not be empty. */
export function createPerson(ws: Y.Doc, name: string, date: string, stamp: Stamp): Person {
  const clean = normalizeName(name);
  if (!clean) throw new Error('A person needs a name.');
  if (!isISODate(date)) throw new Error(`"${excerpt(date)}" is not a calendar date (YYYY-MM-DD).`);
  const id = newPersonId();
  ws.transact(() => {
    const rec = new Y.Map<unknown>();
    rec.set('name', clean);
    rec.set('createdAt', stamp.now);
    // Created with the person, not on first use: two devices lazily creating the same nested
    // map would race, and the loser's entries would vanish.
    for (const key of PERSON_SET_FIELDS) rec.set(key, new Y.Map<unknown>());
    peopleMap(ws).set(id, rec);
    pagesMap(ws).set(id, newPageRecord('person', date, stamp));
  });
  return { id, name: clean, createdAt: stamp.now };
}

/** Renames in one place: every mention renders the current name, so nothing else changes. */
export function renamePerson(ws: Y.Doc, id: string, name: string): void {
  const clean = normalizeName(name);
  if (!clean) throw new Error('A person needs a name.');
  const rec = peopleMap(ws).get(id);
  if (!rec) throw new Error(`No person with id "${excerpt(id)}".`);
  if (rec.get('name') !== clean) rec.set('name', clean);
}

export function setPageFields(ws: Y.Doc, id: string, fields: { date?: string; place?: string }, now: number): void {
  const rec = pagesMap(ws).get(id);
  if (!rec) throw new Error(`No page with id "${excerpt(id)}".`);
  if (fields.date !== undefined && !isISODate(fields.date)) {
    throw new Error(`"${excerpt(fields.date)}" is not a calendar date (YYYY-MM-DD).`);
  }
  // The place is bounded, not trimmed: it is saved as it is typed (a trailing space mid-word).
  const place = fields.place === undefined ? undefined : limitField('place', fields.place).value;
  ws.transact(() => {
    if (fields.date !== undefined && rec.get('date') !== fields.date) rec.set('date', fields.date);
    if (place !== undefined && rec.get('place') !== place) rec.set('place', place);
    rec.set('updatedAt', now);
  });
}

/** A place as saved: trimmed and at most FIELD_LIMITS.place characters (the input says when it cuts). */
export function normalizePlace(place: string): string {
  return limitField('place', place.trim()).value;
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/**
 * Marks a page as edited ("last edited"), at most once per `minIntervalMs` so typing doesn't
 * rewrite the registry. Only for edits typed on this device: remote, loaded and migrated
 * updates are not edits (see renderer/storage/pageFactsUpdater.ts).
 */
export function touchPage(ws: Y.Doc, id: string, now: number, minIntervalMs = 60_000): void {
  const rec = pagesMap(ws).get(id);
  if (!rec) return;
  if (now - numberOr(rec.get('updatedAt'), 0) >= minIntervalMs) rec.set('updatedAt', now);
}

function asIntroduction(v: unknown): Introduction | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  if (typeof r.a !== 'string' || typeof r.b !== 'string') return null;
  return { a: r.a, b: r.b, why: typeof r.why === 'string' ? r.why : '' };
}
