import * as Y from 'yjs';
import { excerpt } from './fieldLimits';
import { peopleMap } from './workspace';

/**
 * Identifiers a person was imported under (issue 13): a contact's vCard UID, a fingerprint of
 * the card's content, its e-mail addresses and phone numbers. They live in the person's own
 * record (a nested Y.Map used as a set, key → true) so that they sync, survive a rename, and
 * let the next import of the same contacts find the person again instead of adding a copy.
 *
 * Keys are `<kind>:<value>`: `vcard-uid:…`, `vcard-card:…`, `email:…`, `tel:…`. They are
 * authored data (what the user brought in), never shown as fields of their own.
 */
export type ExternalIdKind = 'vcard-uid' | 'vcard-card' | 'email' | 'tel';

/** Longest identifier kept: a UID or an address longer than this is not an identifier anyone types. */
export const EXTERNAL_ID_MAX = 300;

export function externalIdKey(kind: ExternalIdKind, value: string): string {
  return `${kind}:${value.slice(0, EXTERNAL_ID_MAX)}`;
}

/** The person's identifier keys (empty for a record without any). */
export function readExternalIds(rec: Y.Map<unknown>): string[] {
  const map = rec instanceof Y.Map ? rec.get('externalIds') : undefined;
  if (!(map instanceof Y.Map)) return [];
  const out: string[] = [];
  (map as Y.Map<unknown>).forEach((v, key) => v === true && out.push(key));
  return out;
}

/** Adds identifier keys to a person (existing keys are left alone: re-adding writes nothing). */
export function addExternalIds(ws: Y.Doc, personId: string, keys: readonly string[]): void {
  const rec = peopleMap(ws).get(personId);
  if (!rec) throw new Error(`No person with id "${excerpt(personId)}".`);
  ws.transact(() => {
    let map = rec.get('externalIds');
    if (!(map instanceof Y.Map)) {
      // People created before this field existed get it on first import.
      map = new Y.Map<unknown>();
      rec.set('externalIds', map);
    }
    const set = map as Y.Map<unknown>;
    for (const key of keys) if (key && set.get(key) !== true) set.set(key.slice(0, EXTERNAL_ID_MAX + 12), true);
  });
}
