import 'fake-indexeddb/auto';
import { IndexeddbPersistence } from 'y-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WORKSPACE_DOC_ID, createConversation, createPerson, initWorkspace, pagesMap } from '../../shared/domain/workspace';
import { pageDbName } from '../storage/docStore';
import { openWorkspace } from '../storage/openWorkspace';
import { startTestHost, type TestHost } from '../replica/inProcessHost.testkit';
import { openTestWindow, storedText } from '../replica/testWindow.testkit';
import { migrateJournal } from './migrateJournal';

/**
 * The upgrade path: a journal that exists only in this profile's IndexedDB (written with
 * y-indexeddb, one database per page and one for the registry, as the previous version did)
 * moves into an empty store, resumably and verified.
 */
const hosts: TestHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.dispose();
  await deleteDb(WORKSPACE_DOC_ID);
});

function deleteDb(name: string): Promise<void> {
  return new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
}

/** Writes a doc the way the previous version did: y-indexeddb, update by update. */
async function writeLegacy(dbName: string, guid: string, edit: (doc: Y.Doc) => void): Promise<void> {
  const doc = new Y.Doc({ guid });
  const persistence = new IndexeddbPersistence(dbName, doc);
  await persistence.whenSynced;
  edit(doc);
  // y-indexeddb writes each update in its own transaction; a read-only transaction afterwards
  // waits for them (the flush trick the previous version used before unload).
  await new Promise<void>((resolve) => {
    const tx = persistence.db!.transaction(['updates'], 'readonly');
    tx.oncomplete = () => resolve();
  });
  await persistence.destroy();
}

async function seedLegacyJournal(notes: number): Promise<{ pageIds: string[]; texts: Map<string, string> }> {
  const texts = new Map<string, string>();
  let pageIds: string[] = [];
  await writeLegacy(WORKSPACE_DOC_ID, WORKSPACE_DOC_ID, (ws) => {
    initWorkspace(ws);
    const stamp = { now: 1, deviceId: 'device-old' };
    createPerson(ws, 'Maria', '2026-11-01', stamp);
    for (let i = 0; i < notes; i++) createConversation(ws, '2026-11-02', '', stamp);
    pageIds = [...pagesMap(ws).keys()];
  });
  for (const id of pageIds) {
    const text = `what ${id} was about: ${'words '.repeat(5)}`;
    texts.set(id, text);
    await writeLegacy(pageDbName(id), id, (doc) => {
      // Several updates per page, like typing — with typos typed and deleted again, so the page
      // carries deletions (and garbage-collected items) like a real one.
      const t = doc.getText('t');
      for (const word of text.split(' ')) {
        t.insert(t.length, `${word}x`);
        t.delete(t.length - 1, 1);
        t.insert(t.length, ' ');
      }
    });
  }
  return { pageIds, texts };
}

async function openWindow(host: TestHost) {
  const win = openTestWindow(host);
  const workspace = await openWorkspace(win.hub, win.cacheEvents);
  return { ...win, workspace };
}

describe('moving an IndexedDB-only journal into the store', () => {
  it('moves and verifies every page, with progress, and says done in the store', async () => {
    const { pageIds, texts } = await seedLegacyJournal(12);
    const host = await startTestHost();
    hosts.push(host);
    const win = await openWindow(host);
    const progress: number[] = [];
    const outcome = await migrateJournal({
      host: win.client,
      pageIds: () => [...pagesMap(win.workspace.doc).keys()],
      moveDoc: (id) => win.docs.syncDoc(id),
      workspace: { id: WORKSPACE_DOC_ID, doc: win.workspace.doc },
      onProgress: (p) => progress.push(p.done),
    });
    expect(outcome).toEqual({ kind: 'done', moved: pageIds.length, total: pageIds.length });
    for (const id of pageIds) expect(await storedText(host, id, 't')).toBe(`${texts.get(id)!.split(' ').join(' ')} `);
    // The registry moved too: a store-side copy lists every page.
    const ws = new Y.Doc();
    Y.applyUpdate(ws, (await host.stored(WORKSPACE_DOC_ID))!);
    expect([...pagesMap(ws).keys()].sort()).toEqual([...pageIds].sort());
    expect(progress.at(-1)).toBe(pageIds.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(await win.client.request('migration.state', {})).toEqual({ state: 'done', verified: pageIds.length, total: pageIds.length });
    // Done means done: a second run moves nothing.
    const again = await migrateJournal({
      host: win.client,
      pageIds: () => pageIds,
      moveDoc: () => Promise.reject(new Error('must not be called')),
      workspace: { id: WORKSPACE_DOC_ID, doc: win.workspace.doc },
    });
    expect(again.kind).toBe('done');
    await win.docs.flushAll();
  });

  it('resumes where it stopped when the app closes halfway', async () => {
    const { pageIds, texts } = await seedLegacyJournal(60);
    const host = await startTestHost();
    hosts.push(host);
    const win = await openWindow(host);
    const stop = new AbortController();
    const moved: string[] = [];
    const first = await migrateJournal({
      host: win.client,
      pageIds: () => pageIds,
      moveDoc: async (id) => {
        moved.push(id);
        if (moved.length === 40) stop.abort(); // the app is closed here
        return win.docs.syncDoc(id);
      },
      workspace: { id: WORKSPACE_DOC_ID, doc: win.workspace.doc },
      signal: stop.signal,
      concurrency: 1,
    });
    expect(first.kind).toBe('stopped');
    const recorded = await win.client.request('migration.state', {});
    expect(recorded.state).toBe('in-progress');
    expect(recorded.verified).toBe(40);
    expect(recorded.total).toBe(pageIds.length);

    const again: string[] = [];
    const second = await migrateJournal({
      host: win.client,
      pageIds: () => pageIds,
      moveDoc: (id) => {
        again.push(id);
        return win.docs.syncDoc(id);
      },
      workspace: { id: WORKSPACE_DOC_ID, doc: win.workspace.doc },
      concurrency: 3,
    });
    expect(second.kind).toBe('done');
    // Only the pages after the verified prefix were opened again.
    expect(again.length).toBe(pageIds.length - 40);
    expect(again.every((id) => !moved.slice(0, 40).includes(id))).toBe(true);
    for (const id of pageIds) expect((await storedText(host, id, 't')).trim()).toBe(texts.get(id)!.trim());
    await win.docs.flushAll();
  });

  it('a page the store cannot take stops the move with its name, and nothing is declared done', async () => {
    const { pageIds } = await seedLegacyJournal(5);
    const host = await startTestHost();
    hosts.push(host);
    const win = await openWindow(host);
    const outcome = await migrateJournal({
      host: win.client,
      pageIds: () => pageIds,
      moveDoc: async (id) => {
        if (id === [...pageIds].sort()[2]) throw new Error('the disk is full');
        return win.docs.syncDoc(id);
      },
      workspace: { id: WORKSPACE_DOC_ID, doc: win.workspace.doc },
      concurrency: 1,
    });
    expect(outcome).toMatchObject({ kind: 'failed', pageId: [...pageIds].sort()[2], message: 'the disk is full', verified: 2 });
    expect((await win.client.request('migration.state', {})).state).toBe('in-progress');
    await win.docs.flushAll();
  });
});
