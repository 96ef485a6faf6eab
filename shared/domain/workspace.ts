import * as Y from 'yjs';
import { journalPageId, newConversationId, newPersonId } from './ids';
import { isISODate } from './dates';
import type { Introduction, PageKind, PageMeta, Person, SnippetPart, StoredFollowUp } from './types';

/**
 * The workspace doc is the registry every list reads: people, pages and mention edges. It is
 * small (no note text), loads in one read and syncs like any other doc. Page text lives only
 * in each page's own doc; what lists need from it is derived into here (see pageFacts.ts).
 *
 * Every record is a Y.Map so that two devices editing different fields of the same person or
 * page merge field by field instead of one overwriting the other.
 */
export const WORKSPACE_DOC_ID = 'kindred-workspace';
const SCHEMA_VERSION = 1;
/** Nested maps in each person record (dates, interests, days checked in): sets that merge. */
export const PERSON_SET_FIELDS = ['dates', 'interests', 'manualContacts'] as const;

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

export function readPageMeta(id: string, rec: Rec): PageMeta | null {
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
    preview: asSnippet(rec.get('preview')),
    mentions: asMentions(rec.get('mentions')),
    contacts: asStrings(rec.get('contacts')),
    followUps: asFollowUps(rec.get('followUps')),
    askNext: Array.isArray(rec.get('askNext')) ? (rec.get('askNext') as unknown[]).map(asSnippet) : [],
    introduction: asIntroduction(rec.get('introduction')),
  };
}

export function listPeople(ws: Y.Doc): Person[] {
  const out: Person[] = [];
  peopleMap(ws).forEach((rec, id) => out.push(readPerson(id, rec)));
  return out;
}

export function listPages(ws: Y.Doc): PageMeta[] {
  const out: PageMeta[] = [];
  pagesMap(ws).forEach((rec, id) => {
    const meta = readPageMeta(id, rec);
    if (meta) out.push(meta);
  });
  return out;
}

export function getPageMeta(ws: Y.Doc, id: string): PageMeta | null {
  const rec = pagesMap(ws).get(id);
  return rec ? readPageMeta(id, rec) : null;
}

interface Stamp {
  now: number;
  deviceId: string;
}

function newPageRecord(kind: PageKind, date: string, { now, deviceId }: Stamp, place = ''): Rec {
  const rec = new Y.Map<unknown>();
  rec.set('kind', kind);
  rec.set('date', date);
  rec.set('place', place);
  rec.set('createdAt', now);
  rec.set('updatedAt', now);
  rec.set('createdOn', deviceId);
  rec.set('preview', []);
  rec.set('mentions', {});
  return rec;
}

/** Returns the id of that day's entry, registering it if this is the first time it is opened. */
export function ensureJournalPage(ws: Y.Doc, date: string, stamp: Stamp): string {
  if (!isISODate(date)) throw new Error(`"${date}" is not a calendar date (YYYY-MM-DD).`);
  const id = journalPageId(date);
  if (!pagesMap(ws).has(id)) ws.transact(() => pagesMap(ws).set(id, newPageRecord('journal', date, stamp)));
  return id;
}

export function createConversation(ws: Y.Doc, date: string, place: string, stamp: Stamp): string {
  if (!isISODate(date)) throw new Error(`"${date}" is not a calendar date (YYYY-MM-DD).`);
  const id = newConversationId();
  ws.transact(() => pagesMap(ws).set(id, newPageRecord('conversation', date, stamp, place.trim())));
  return id;
}

/** Creates a person and their own page; the name is trimmed and must not be empty. */
export function createPerson(ws: Y.Doc, name: string, date: string, stamp: Stamp): Person {
  const clean = normalizeName(name);
  if (!clean) throw new Error('A person needs a name.');
  if (!isISODate(date)) throw new Error(`"${date}" is not a calendar date (YYYY-MM-DD).`);
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
  if (!rec) throw new Error(`No person with id "${id}".`);
  if (rec.get('name') !== clean) rec.set('name', clean);
}

export function setPageFields(ws: Y.Doc, id: string, fields: { date?: string; place?: string }, now: number): void {
  const rec = pagesMap(ws).get(id);
  if (!rec) throw new Error(`No page with id "${id}".`);
  if (fields.date !== undefined && !isISODate(fields.date)) {
    throw new Error(`"${fields.date}" is not a calendar date (YYYY-MM-DD).`);
  }
  ws.transact(() => {
    if (fields.date !== undefined && rec.get('date') !== fields.date) rec.set('date', fields.date);
    if (fields.place !== undefined && rec.get('place') !== fields.place) rec.set('place', fields.place);
    rec.set('updatedAt', now);
  });
}

export function normalizeName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function asSnippet(v: unknown): SnippetPart[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (p): p is SnippetPart =>
      typeof p === 'string' || (typeof p === 'object' && p !== null && typeof (p as { p?: unknown }).p === 'string'),
  );
}

function asMentions(v: unknown): Record<string, SnippetPart[]> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  // Only plain JSON objects: a shared type stored here would otherwise yield its internals.
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return {};
  const out: Record<string, SnippetPart[]> = {};
  for (const [k, s] of Object.entries(v as Record<string, unknown>)) out[k] = asSnippet(s);
  return out;
}

/** Marks a page as edited, at most once per `minIntervalMs` so typing doesn't rewrite the registry. */
export function touchPage(ws: Y.Doc, id: string, now: number, minIntervalMs = 60_000): void {
  const rec = pagesMap(ws).get(id);
  if (!rec) return;
  if (now - numberOr(rec.get('updatedAt'), 0) >= minIntervalMs) rec.set('updatedAt', now);
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function asFollowUps(v: unknown): StoredFollowUp[] {
  if (!Array.isArray(v)) return [];
  const out: StoredFollowUp[] = [];
  for (const f of v) {
    if (typeof f !== 'object' || f === null) continue;
    const r = f as Record<string, unknown>;
    if (typeof r.key !== 'string' || typeof r.checked !== 'boolean') continue;
    out.push({ key: r.key, parts: asSnippet(r.parts), personIds: asStrings(r.personIds), checked: r.checked });
  }
  return out;
}

function asIntroduction(v: unknown): Introduction | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  if (typeof r.a !== 'string' || typeof r.b !== 'string') return null;
  return { a: r.a, b: r.b, why: typeof r.why === 'string' ? r.why : '' };
}
