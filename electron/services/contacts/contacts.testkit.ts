/**
 * Helpers for the import tests: the shared real-world fixtures (read from ../shared, never
 * copied), this folder's own quirk fixtures, and a look at the people a real store holds.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { readCareProfile } from '../../../shared/care/careStore';
import { readExternalIds } from '../../../shared/domain/externalIds';
import { peopleMap, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import type { JournalStore } from '../store/types';
import { applyImport, type ApplyResult } from './applyImport';
import { previewImport, type ImportFile, type ImportPreview, type PreviewOptions } from './previewImport';
import { settlePhotos } from './photoPlan';
import { formatVcardDate } from './vcardDate';

const HERE = dirname(fileURLToPath(import.meta.url));
/** ../shared/fixtures/vcards from the repository root (present here and in CI, not in a bare clone). */
export const SHARED_FIXTURES = join(HERE, '..', '..', '..', '..', 'shared', 'fixtures', 'vcards');
export const HAVE_SHARED_FIXTURES = existsSync(join(SHARED_FIXTURES, 'expected.json'));
export const OWN_FIXTURES = join(HERE, 'fixtures');

export interface ExpectedPerson {
  name: string;
  birthday: string | null;
}

export interface ExpectedFile {
  file: string;
  cards: number;
  people: ExpectedPerson[];
  people_if_kept: ExpectedPerson[];
  policy: string | null;
  must: string[];
}

export function expectedFiles(): ExpectedFile[] {
  return (JSON.parse(readFileSync(join(SHARED_FIXTURES, 'expected.json'), 'utf8')) as { files: ExpectedFile[] }).files;
}

export function sharedFile(name: string): ImportFile {
  return { name, bytes: readFileSync(join(SHARED_FIXTURES, name)) };
}

export function allSharedFiles(): ImportFile[] {
  return readdirSync(SHARED_FIXTURES)
    .filter((f) => f.endsWith('.vcf'))
    .sort()
    .map(sharedFile);
}

export function ownFile(name: string): ImportFile {
  return { name, bytes: readFileSync(join(OWN_FIXTURES, name)) };
}

export async function loadWorkspace(store: JournalStore): Promise<Y.Doc> {
  const ws = new Y.Doc();
  const update = await store.getUpdate(WORKSPACE_DOC_ID);
  if (update) Y.applyUpdate(ws, update);
  return ws;
}

export async function writeWorkspace(store: JournalStore, edit: (ws: Y.Doc) => void): Promise<void> {
  const ws = await loadWorkspace(store);
  const before = Y.encodeStateVector(ws);
  edit(ws);
  await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws, before), 'test');
  ws.destroy();
}

export interface StoredPerson {
  id: string;
  name: string;
  birthday: string | null;
  dates: string[];
  ids: string[];
}

export async function peopleIn(store: JournalStore): Promise<StoredPerson[]> {
  const ws = await loadWorkspace(store);
  const out: StoredPerson[] = [];
  peopleMap(ws).forEach((rec, id) => {
    const p = readCareProfile(id, rec);
    const bday = p.dates.find((d) => d.label === 'birthday');
    out.push({
      id,
      name: p.name,
      birthday: bday ? formatVcardDate(bday) : null,
      dates: p.dates.map((d) => `${d.label} ${formatVcardDate(d)}`).sort(),
      ids: readExternalIds(rec).sort(),
    });
  });
  ws.destroy();
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Preview against the store's workspace, then apply: what the app and the CLI do. */
export async function importFiles(
  store: JournalStore,
  files: ImportFile[],
  options: PreviewOptions = {},
): Promise<{ preview: ImportPreview; result: ApplyResult }> {
  const ws = await loadWorkspace(store);
  const preview = previewImport(ws, files, options);
  ws.destroy();
  await settlePhotos(preview, store);
  const result = await applyImport(store, preview, { now: Date.UTC(2026, 10, 30, 12), deviceId: 'device-test' });
  return { preview, result };
}
