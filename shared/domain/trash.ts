import * as Y from 'yjs';
import { excerpt } from './fieldLimits';
import { pagesMap, peopleMap } from './workspace';
import { TRASH_KEEP_MS, trashStateOf, type TrashState } from './trashState';

/**
 * Delete, restore and purge people and pages: tombstones on their workspace records (see
 * trashState.ts for the fields and why). Nothing here removes a record or touches a page doc;
 * clearing a purged page's content is the host's job (electron/services/trash/purgeTrash.ts),
 * done *before* `markPurged` so that a crash in between leaves the item in Trash to be purged
 * again, never "purged" with its text still there.
 *
 * A person and their own page share one id and are deleted, restored and purged together.
 */

type Rec = Y.Map<unknown>;

export type TrashKind = 'person' | 'journal' | 'conversation';

export interface TrashItem {
  id: string;
  kind: TrashKind;
  /** A person's name; for pages, their date (YYYY-MM-DD) — the list words it. */
  name: string;
  /** Pages: the date they are about; people: ''. */
  date: string;
  /** Conversation notes: their place ('' otherwise). */
  place: string;
  deletedAt: number;
  /** When it is purged unless restored first. */
  purgeAt: number;
}

/** A clear, specific refusal; nothing was changed. */
export class TrashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrashError';
  }
}

function pageKind(rec: Rec | undefined): string | null {
  if (!(rec instanceof Y.Map)) return null;
  const kind = rec.get('kind');
  return typeof kind === 'string' ? kind : null;
}

/** Why a record in state `s` cannot be deleted or restored, in plain words. */
function describeGone(s: TrashState, what: string, restoring = false): string {
  if (s.state === 'purged') return `${what} was emptied from Trash and is gone for good${restoring ? '; it cannot be restored' : ''}.`;
  if (s.state === 'merged') return `${what} was merged into someone else${restoring ? ' and cannot be restored' : ''}; open that person instead.`;
  return `${what} is already in Trash.`;
}

/** Moves a journal day or conversation note to Trash. A person's page goes with the person. */
export function deletePage(ws: Y.Doc, pageId: string, now: number): void {
  const rec = pagesMap(ws).get(pageId);
  const kind = pageKind(rec);
  if (!rec || kind === null) throw new TrashError(`No page with id "${excerpt(pageId)}".`);
  if (kind === 'person') throw new TrashError('A person’s own page is deleted with the person: delete the person instead.');
  if (kind !== 'journal' && kind !== 'conversation') throw new TrashError(`Pages of kind "${excerpt(kind)}" cannot be deleted here.`);
  const s = trashStateOf(rec);
  if (s.state !== 'live') throw new TrashError(describeGone(s, 'This page'));
  ws.transact(() => rec.set('deletedAt', now));
}

/** Moves a person (their record and their own page) to Trash. */
export function deletePerson(ws: Y.Doc, personId: string, now: number): void {
  const rec = peopleMap(ws).get(personId);
  if (!(rec instanceof Y.Map)) throw new TrashError(`No person with id "${excerpt(personId)}".`);
  const s = trashStateOf(rec);
  if (s.state !== 'live') throw new TrashError(describeGone(s, 'This person'));
  const page = pagesMap(ws).get(personId);
  ws.transact(() => {
    rec.set('deletedAt', now);
    if (page instanceof Y.Map && trashStateOf(page).state === 'live') page.set('deletedAt', now);
  });
}

/**
 * Brings a person (with their page) or a page back from Trash. Refuses what was purged or
 * merged: those are final (trashState.ts). Restoring only deletes `deletedAt`, so every other
 * field — and every edit another device made meanwhile — is there as it was.
 */
export function restoreFromTrash(ws: Y.Doc, id: string): void {
  const person = peopleMap(ws).get(id);
  const page = pagesMap(ws).get(id);
  const isPerson = person instanceof Y.Map;
  if (!isPerson && !(page instanceof Y.Map)) throw new TrashError(`Nothing with id "${excerpt(id)}" is in Trash.`);
  const what = isPerson ? 'This person' : 'This page';
  const s = trashStateOf(isPerson ? person : page);
  if (s.state === 'live') {
    // A person restored on another device while their page stayed deleted: mend the page.
    if (isPerson && page instanceof Y.Map && trashStateOf(page).state === 'trashed') ws.transact(() => page.delete('deletedAt'));
    return;
  }
  if (s.state !== 'trashed') throw new TrashError(describeGone(s, what, true));
  ws.transact(() => {
    if (isPerson) person.delete('deletedAt');
    if (page instanceof Y.Map && trashStateOf(page).state === 'trashed') page.delete('deletedAt');
  });
}

/**
 * Marks an item in Trash as purged (final). Returns false, changing nothing, when it is not in
 * Trash (restored meanwhile, or unknown); true when it is purged (now or already).
 */
export function markPurged(ws: Y.Doc, id: string, now: number): boolean {
  const person = peopleMap(ws).get(id);
  const page = pagesMap(ws).get(id);
  const main = person instanceof Y.Map ? person : page instanceof Y.Map ? page : undefined;
  if (!main) return false;
  const s = trashStateOf(main);
  if (s.state === 'purged') return true;
  if (s.state !== 'trashed') return false;
  ws.transact(() => {
    main.set('purgedAt', now);
    if (main !== page && page instanceof Y.Map && trashStateOf(page).state !== 'merged') page.set('purgedAt', now);
  });
  return true;
}

/** The Trash entry of a person record, or null when the person is not in Trash. */
export function personTrashItem(id: string, rec: unknown): TrashItem | null {
  const s = trashStateOf(rec);
  if (s.state !== 'trashed') return null;
  const name = (rec as Rec).get('name');
  return { id, kind: 'person', name: typeof name === 'string' ? name : '', date: '', place: '', deletedAt: s.deletedAt, purgeAt: s.deletedAt + TRASH_KEEP_MS };
}

/**
 * The Trash entry of a page record, or null when it is not in Trash. A person's own page is
 * never listed on its own: it is in Trash as the person.
 */
export function pageTrashItem(id: string, rec: unknown): TrashItem | null {
  const s = trashStateOf(rec);
  if (s.state !== 'trashed') return null;
  const kind = pageKind(rec as Rec);
  if (kind !== 'journal' && kind !== 'conversation') return null;
  const r = rec as Rec;
  const date = typeof r.get('date') === 'string' ? (r.get('date') as string) : '';
  const place = typeof r.get('place') === 'string' ? (r.get('place') as string) : '';
  return { id, kind, name: date, date, place, deletedAt: s.deletedAt, purgeAt: s.deletedAt + TRASH_KEEP_MS };
}

/** Newest deleted first; ties by id so every device lists the same order. */
export function compareTrashItems(a: TrashItem, b: TrashItem): number {
  return b.deletedAt - a.deletedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Everything in Trash (people, and pages that are not a person's own), newest first. */
export function listTrash(ws: Y.Doc): TrashItem[] {
  const out: TrashItem[] = [];
  peopleMap(ws).forEach((rec, id) => {
    const item = personTrashItem(id, rec);
    if (item) out.push(item);
  });
  pagesMap(ws).forEach((rec, id) => {
    const item = pageTrashItem(id, rec);
    if (item) out.push(item);
  });
  return out.sort(compareTrashItems);
}

/** Ids in Trash whose 30 days are over at `now` (the scheduled purge takes these). */
export function purgeDue(ws: Y.Doc, now: number): string[] {
  return listTrash(ws)
    .filter((t) => t.purgeAt <= now)
    .map((t) => t.id);
}

/**
 * Page ids whose content must be cleared when `id` is purged: a person's own page, or the page.
 * (Every person has one page with their id; a page id is itself.)
 */
export function pagesOfTrashItem(ws: Y.Doc, id: string): string[] {
  return pagesMap(ws).has(id) ? [id] : [];
}

/** Ids of purged pages (people's own pages included): their docs must stay empty. */
export function purgedPageIds(ws: Y.Doc): string[] {
  const out = new Set<string>();
  const pages = pagesMap(ws);
  pages.forEach((rec, id) => {
    if (trashStateOf(rec).state === 'purged') out.add(id);
  });
  // A purged person's page is purged with them even if its own record missed the field.
  peopleMap(ws).forEach((rec, id) => {
    if (trashStateOf(rec).state === 'purged' && pages.has(id)) out.add(id);
  });
  return [...out];
}

/** Whether `id` (a person, or a page that is not a person's own) is in Trash right now. */
export function isInTrash(ws: Y.Doc, id: string): boolean {
  const person = peopleMap(ws).get(id);
  if (person instanceof Y.Map) return trashStateOf(person).state === 'trashed';
  return pageTrashItem(id, pagesMap(ws).get(id)) !== null;
}
