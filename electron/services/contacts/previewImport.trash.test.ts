import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deletePerson, markPurged, restoreFromTrash } from '../../../shared/domain/trash';
import { peopleMap, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { openLevelStore } from '../store';
import type { JournalStore } from '../store/types';
import { applyImport } from './applyImport';
import { IN_TRASH_REASON, previewImport, type ImportFile } from './previewImport';

const vcf = (name: string, uid: string, extra = ''): ImportFile => ({
  name: `${uid}.vcf`,
  bytes: new TextEncoder().encode(`BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${name}\r\nUID:${uid}\r\n${extra}END:VCARD\r\n`),
});

let dir: string;
let store: JournalStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kindred-vcf-trash-'));
  store = await openLevelStore(join(dir, 'db'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function workspace(): Promise<Y.Doc> {
  const ws = new Y.Doc();
  const u = await store.getUpdate(WORKSPACE_DOC_ID);
  if (u) Y.applyUpdate(ws, u);
  return ws;
}
async function edit(change: (ws: Y.Doc) => void): Promise<void> {
  const ws = await workspace();
  const sv = Y.encodeStateVector(ws);
  change(ws);
  await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws, sv));
}
const idOf = (ws: Y.Doc, name: string): string => [...peopleMap(ws).entries()].find(([, r]) => r.get('name') === name)![0];

describe('vCard import and Trash', () => {
  it('skips a card of someone in Trash with a reason, matches the survivor of a merge, and may add a purged person again', async () => {
    const files = [vcf('Maria Trash', 'uid-maria'), vcf('Sam Merged', 'uid-sam', 'BDAY:1990-05-01\r\n'), vcf('Pat Purged', 'uid-pat')];
    await applyImport(store, previewImport(await workspace(), files), { now: 1 });
    let ws = await workspace();
    const [maria, sam, pat] = ['Maria Trash', 'Sam Merged', 'Pat Purged'].map((n) => idOf(ws, n));
    await edit((w) => {
      deletePerson(w, maria!, 10);
      deletePerson(w, pat!, 10);
      markPurged(w, pat!, 20);
      // Sam was merged into a new record (the merge helper moves identifiers; here only the tombstone).
      const survivor = new Y.Map<unknown>();
      survivor.set('name', 'Samuel');
      for (const k of ['dates', 'interests', 'manualContacts', 'externalIds']) survivor.set(k, new Y.Map());
      peopleMap(w).set('person-survivor', survivor);
      peopleMap(w).get(sam!)!.set('mergedInto', 'person-survivor');
    });

    const preview = previewImport(await workspace(), files);
    expect(preview.skip).toEqual([expect.objectContaining({ name: 'Maria Trash', reason: IN_TRASH_REASON })]);
    expect(preview.update.map((u) => [u.personId, u.name])).toEqual([['person-survivor', 'Samuel']]);
    expect(preview.add.map((a) => a.name)).toEqual(['Pat Purged']);
    const result = await applyImport(store, preview, { now: 30 });
    expect(result.added).toHaveLength(1);
    ws = await workspace();
    expect([...peopleMap(ws).values()].filter((r) => r.get('name') === 'Maria Trash')).toHaveLength(1);

    // Restored: matched again (nothing new on the card).
    await edit((w) => restoreFromTrash(w, maria!));
    const after = previewImport(await workspace(), [files[0]!]);
    expect(after.skip).toEqual([expect.objectContaining({ name: 'Maria Trash', reason: 'already in Kindred, nothing new' })]);
  });

  it('does not update someone put in Trash between preview and import', async () => {
    const files = [vcf('Maria', 'uid-m')];
    await applyImport(store, previewImport(await workspace(), files), { now: 1 });
    const maria = idOf(await workspace(), 'Maria');
    const preview = previewImport(await workspace(), [vcf('Maria', 'uid-m', 'BDAY:1990-01-02\r\n')]);
    expect(preview.update).toHaveLength(1);
    await edit((w) => deletePerson(w, maria, 5));
    const result = await applyImport(store, preview, { now: 6 });
    expect(result).toMatchObject({ updated: [], gone: 1 });
  });
});
