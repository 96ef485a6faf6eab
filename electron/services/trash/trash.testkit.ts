/** Test helpers for Trash in the host: a small journal written through a real store. */
import * as Y from 'yjs';
import { createConversation, createPerson, ensureJournalPage, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { readPageBlocks } from '../../../shared/pages/pageBlocks';
import { appendBlocks, para } from '../../../shared/pages/pageDoc.testkit';
import type { JournalStore } from '../store/types';

const stamp = { now: 1, deviceId: 'dev' };

/** Applies `change` to the store's workspace doc as one update (as a window would). */
export async function editWorkspace(store: JournalStore, change: (ws: Y.Doc) => void): Promise<void> {
  const ws = await readWorkspace(store);
  const before = Y.encodeStateVector(ws);
  change(ws);
  await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws, before), 'test');
  ws.destroy();
}

export async function readWorkspace(store: JournalStore): Promise<Y.Doc> {
  const ws = new Y.Doc();
  const u = await store.getUpdate(WORKSPACE_DOC_ID);
  if (u) Y.applyUpdate(ws, u);
  return ws;
}

/** The text of a page doc as the store has it ('' when empty or unknown). */
export async function pageText(store: JournalStore, pageId: string): Promise<string> {
  const doc = new Y.Doc();
  const u = await store.getUpdate(pageId);
  if (u) Y.applyUpdate(doc, u);
  const text = readPageBlocks(doc)
    .map((b) => b.inlines.map((i) => ('text' in i ? i.text : `@${i.mention}`)).join(''))
    .join('\n');
  doc.destroy();
  return text;
}

export async function writePage(store: JournalStore, pageId: string, text: string, mention?: string): Promise<Uint8Array> {
  const doc = new Y.Doc();
  const u = await store.getUpdate(pageId);
  if (u) Y.applyUpdate(doc, u);
  const before = Y.encodeStateVector(doc);
  appendBlocks(doc, [mention ? para(text, { m: mention }) : para(text)]);
  const update = Y.encodeStateAsUpdate(doc, before);
  await store.applyUpdate(pageId, update, 'test');
  doc.destroy();
  return update;
}

/** Maria (with her own page), a day entry mentioning her, and `notes` conversation notes. */
export async function seedTrashJournal(store: JournalStore, notes = 3): Promise<{ maria: string; day: string; notes: string[] }> {
  let maria = '';
  let day = '';
  const noteIds: string[] = [];
  await editWorkspace(store, (ws) => {
    maria = createPerson(ws, 'Maria', '2026-01-01', stamp).id;
    day = ensureJournalPage(ws, '2026-01-02', stamp);
    for (let i = 0; i < notes; i++) noteIds.push(createConversation(ws, '2026-01-03', `Place ${i}`, stamp));
  });
  await writePage(store, maria, 'Loves pottery');
  await writePage(store, day, 'Lunch with ', maria);
  for (const [i, id] of noteIds.entries()) await writePage(store, id, `Secret note ${i}`);
  return { maria, day, notes: noteIds };
}
