/**
 * A person's photo lives in the person's own page doc (page id = person id), in a Y.Map
 * `profile` under `photo` — never in the workspace doc, which every list loads: the People list
 * never opens a page doc, so it never loads a photo. Only the person page reads it.
 *
 * `from` says who chose it: 'vcard' (an import may replace it when the card's photo changes) or
 * 'user' (never replaced by an import). `hash` (hex SHA-256 of `bytes`) lets a re-import see that
 * nothing changed without comparing bytes.
 */
import type * as Y from 'yjs';

export const PROFILE_MAP = 'profile';
export const PHOTO_KEY = 'photo';
/** A stored photo is a thumbnail: anything bigger is not read (a damaged or foreign value). */
export const PHOTO_MAX_STORED_BYTES = 256 * 1024;
const MIMES = new Set(['image/jpeg', 'image/png']);

export interface PersonPhoto {
  mime: 'image/jpeg' | 'image/png';
  bytes: Uint8Array;
  from: 'vcard' | 'user';
  hash: string;
}

/** The photo in a person's page doc, or null when there is none (or it is not a valid one). */
export function readPersonPhoto(doc: Y.Doc): PersonPhoto | null {
  const value = doc.getMap<unknown>(PROFILE_MAP).get(PHOTO_KEY);
  if (typeof value !== 'object' || value === null) return null;
  const { mime, bytes, from, hash } = value as Record<string, unknown>;
  if (typeof mime !== 'string' || !MIMES.has(mime)) return null;
  if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length > PHOTO_MAX_STORED_BYTES) return null;
  if (from !== 'vcard' && from !== 'user') return null;
  return { mime: mime as PersonPhoto['mime'], bytes, from, hash: typeof hash === 'string' ? hash : '' };
}

/** Sets the photo (one Yjs transaction in the caller's doc). */
export function writePersonPhoto(doc: Y.Doc, photo: PersonPhoto): void {
  if (photo.bytes.length > PHOTO_MAX_STORED_BYTES) throw new Error(`A photo may have at most ${PHOTO_MAX_STORED_BYTES / 1024} KB.`);
  doc.getMap<unknown>(PROFILE_MAP).set(PHOTO_KEY, { mime: photo.mime, bytes: photo.bytes, from: photo.from, hash: photo.hash });
}
