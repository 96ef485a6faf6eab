/**
 * Writes a previewed import into the journal: the workspace doc is loaded from the store, every
 * person and date is created through the domain functions (shared/domain, shared/care) inside
 * ONE Yjs transaction with origin 'import', and the result reaches the store as ONE update.
 * Cancelling before that update is written leaves the journal exactly as it was; the store
 * writes the update atomically, so there is never half an import.
 */
import * as Y from 'yjs';
import { addImportantDate, readCareProfile } from '../../../shared/care/careStore';
import { toLocalISODate } from '../../../shared/domain/dates';
import { addExternalIds, readExternalIds } from '../../../shared/domain/externalIds';
import { createPerson, initWorkspace, peopleMap, SEED_ON_FIRST_OPEN, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { isLive, trashStateOf } from '../../../shared/domain/trashState';
import type { JournalStore } from '../store/types';
import type { CardPhoto } from './photoFromCard';
import { writePhotos } from './photoPlan';
import { BIRTHDAY_LABEL, type ImportPreview } from './previewImport';

export const IMPORT_ORIGIN = 'import';

export interface ApplyOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** The clock (ms). */
  now?: number;
  /** The device creating the people's pages (the app passes its own; see PageMeta.createdOn). */
  deviceId?: string;
  /** The local day the new people's pages are dated (default: today from `now`). */
  today?: string;
}

export interface ApplyResult {
  added: string[];
  updated: string[];
  /** Adds not made because the person already exists (the same preview applied twice). */
  alreadyThere: number;
  /** Updates not made because the person no longer exists. */
  gone: number;
  /** Photos written into people's page docs (the same photo again is not counted). */
  photos: number;
}

export class ImportCancelled extends Error {
  constructor() {
    super('Import cancelled: nothing was changed.');
    this.name = 'ImportCancelled';
  }
}

function checkCancel(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImportCancelled();
}

export async function applyImport(store: JournalStore, preview: ImportPreview, options: ApplyOptions = {}): Promise<ApplyResult> {
  const { signal, onProgress } = options;
  const now = options.now ?? Date.now();
  const stamp = { now, deviceId: options.deviceId ?? SEED_ON_FIRST_OPEN };
  const today = options.today ?? toLocalISODate(new Date(now));
  checkCancel(signal);

  const ws = new Y.Doc();
  try {
    return await applyTo(ws, store, preview, { signal, onProgress, stamp, today });
  } finally {
    ws.destroy();
  }
}

interface ApplyContext {
  signal: AbortSignal | undefined;
  onProgress: ApplyOptions['onProgress'];
  stamp: { now: number; deviceId: string };
  today: string;
}

async function applyTo(ws: Y.Doc, store: JournalStore, preview: ImportPreview, ctx: ApplyContext): Promise<ApplyResult> {
  const { signal, onProgress, stamp, today } = ctx;
  const stored = await store.getUpdate(WORKSPACE_DOC_ID);
  if (stored) Y.applyUpdate(ws, stored);
  checkCancel(signal);
  const before = Y.encodeStateVector(ws);

  // A fresh look at who exists now: the same preview applied twice must not add anyone twice.
  const knownIds = new Set<string>();
  peopleMap(ws).forEach((rec) => {
    // Purged people do not count: a card of theirs may be added again (as the preview says).
    if (trashStateOf(rec).state === 'purged') return;
    for (const id of readExternalIds(rec)) if (id.startsWith('vcard-uid:') || id.startsWith('vcard-card:')) knownIds.add(id);
  });

  const result: ApplyResult = { added: [], updated: [], alreadyThere: 0, gone: 0, photos: 0 };
  const photos: Array<[string, CardPhoto]> = [];
  const total = preview.add.length + preview.update.length;
  let done = 0;
  ws.transact(() => {
    if (preview.add.length > 0) initWorkspace(ws);
    for (const add of preview.add) {
      checkCancel(signal);
      if (add.ids.some((id) => knownIds.has(id))) result.alreadyThere++;
      else {
        const person = createPerson(ws, add.name, today, stamp);
        for (const d of add.dates) addImportantDate(ws, person.id, d);
        addExternalIds(ws, person.id, add.ids);
        result.added.push(person.id);
        if (add.photo) photos.push([person.id, add.photo]);
      }
      onProgress?.(++done, total);
    }
    for (const upd of preview.update) {
      checkCancel(signal);
      // Gone, or put in Trash (or merged) since the preview: not updated.
      if (!peopleMap(ws).has(upd.personId) || !isLive(peopleMap(ws).get(upd.personId))) result.gone++;
      else {
        // A birthday typed since the preview wins: never a second birthday.
        const rec = peopleMap(ws).get(upd.personId)!;
        const hasBirthday = readCareProfile(upd.personId, rec).dates.some((x) => x.label.trim().toLowerCase() === BIRTHDAY_LABEL);
        for (const d of upd.addDates) if (!(hasBirthday && d.label === BIRTHDAY_LABEL)) addImportantDate(ws, upd.personId, d);
        addExternalIds(ws, upd.personId, upd.addIds);
        result.updated.push(upd.personId);
        if (upd.photo) photos.push([upd.personId, upd.photo]);
      }
      onProgress?.(++done, total);
    }
  }, IMPORT_ORIGIN);
  checkCancel(signal);
  if (result.added.length + result.updated.length > 0) {
    await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws, before), IMPORT_ORIGIN);
  }
  // Photos go to each person's own page doc, after the people exist (never into the workspace).
  result.photos = await writePhotos(store, photos, IMPORT_ORIGIN);
  return result;
}
