/**
 * Photos in an import: they live in each person's own page doc (shared/pages/personPhoto.ts), so
 * the preview — which reads only the workspace doc — cannot know whether a matched person already
 * has the card's photo. `settlePhotos` looks, for the people the preview would update with a
 * photo only (one page doc each, never every page): the same photo (same hash) or one the user
 * chose is dropped, and an update left with nothing to do becomes a skip, as before photos.
 * `writePhotos` writes them after the people exist, checking each page doc again at write time.
 */
import * as Y from 'yjs';
import { readPersonPhoto, writePersonPhoto } from '../../../shared/pages/personPhoto';
import type { JournalStore } from '../store/types';
import type { CardPhoto } from './photoFromCard';
import type { ImportPreview } from './previewImport';

export type PhotoDecision = 'write' | 'same' | 'user';

/** What to do with `photo` for the person whose page doc is `doc`. */
export function photoDecision(doc: Y.Doc, photo: CardPhoto): PhotoDecision {
  const current = readPersonPhoto(doc);
  if (!current) return 'write';
  if (current.from === 'user') return 'user';
  return current.hash === photo.hash || equalBytes(current.bytes, photo.bytes) ? 'same' : 'write';
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function loadPage(store: JournalStore, pageId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const update = await store.getUpdate(pageId);
  if (update) Y.applyUpdate(doc, update);
  return doc;
}

/** Settles the preview's update photos against the people's page docs (mutates `preview`). */
export async function settlePhotos(preview: ImportPreview, store: JournalStore): Promise<void> {
  const keep: ImportPreview['update'] = [];
  for (const upd of preview.update) {
    if (upd.photo) {
      const doc = await loadPage(store, upd.personId);
      const decision = photoDecision(doc, upd.photo);
      doc.destroy();
      if (decision !== 'write') {
        delete upd.photo;
        if (decision === 'user') {
          preview.problems.push({ ...upd.sources[0]!, name: upd.name, level: 'info', message: `photo not imported: ${upd.name} has a photo you chose in Kindred` });
        }
      }
    }
    if (upd.photo || upd.addDates.length > 0 || upd.addIds.length > 0) keep.push(upd);
    else {
      const reason = upd.conflicts.length ? `already in Kindred; ${upd.conflicts.join('; ')}` : 'already in Kindred, nothing new';
      for (const ref of upd.sources) preview.skip.push({ ...ref, name: upd.name, reason });
    }
  }
  preview.update = keep;
}

/**
 * Writes each photo into its person's page doc (one update per person, origin `origin`), unless
 * the page now holds the same photo or one the user chose. Returns how many were written.
 */
export async function writePhotos(store: JournalStore, photos: ReadonlyArray<[personId: string, photo: CardPhoto]>, origin: string): Promise<number> {
  let written = 0;
  for (const [personId, photo] of photos) {
    const doc = await loadPage(store, personId);
    try {
      if (photoDecision(doc, photo) !== 'write') continue;
      const before = Y.encodeStateVector(doc);
      writePersonPhoto(doc, { mime: photo.mime, bytes: photo.bytes, from: 'vcard', hash: photo.hash });
      await store.applyUpdate(personId, Y.encodeStateAsUpdate(doc, before), origin);
      written++;
    } finally {
      doc.destroy();
    }
  }
  return written;
}
