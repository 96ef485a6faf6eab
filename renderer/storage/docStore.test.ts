import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocStore, pageDbName, REMOTE_ORIGIN } from './docStore';
import type { StorageFailure } from './guardedPersistence';

let seq = 0;
/** Unique per test: each page id maps to its own IndexedDB database. */
const uniquePage = () => `note-docstore-${Date.now()}-${++seq}`;

const stores: DocStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.flushAll();
});

function newStore() {
  const failures: StorageFailure[] = [];
  const store = new DocStore({ onFailure: (f) => failures.push(f), loadTimeoutMs: 5_000 });
  stores.push(store);
  return { store, failures };
}

/** An update as another device would send it: a doc with `text` typed into it. */
function remoteUpdate(text: string, key = 't'): Uint8Array {
  const other = new Y.Doc();
  other.getText(key).insert(0, text);
  return Y.encodeStateAsUpdate(other);
}

async function countRecords(pageId: string): Promise<number> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(pageDbName(pageId));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  try {
    return await new Promise<number>((resolve) => {
      const req = db.transaction('updates', 'readonly').objectStore('updates').count();
      req.onsuccess = () => resolve(req.result);
    });
  } finally {
    db.close();
  }
}

describe('DocStore', () => {
  it('connects a doc, loads it, and persists edits across connections', async () => {
    const { store, failures } = newStore();
    const page = uniquePage();
    const doc = new Y.Doc({ guid: page });
    const conn = store.connect(page, doc);
    expect(store.isOpen(page)).toBe(true);
    await conn.loaded;
    doc.getText('t').insert(0, 'first visit');
    conn.close();
    expect(store.isOpen(page)).toBe(false);

    const again = new Y.Doc({ guid: page });
    const conn2 = store.connect(page, again);
    await conn2.loaded;
    expect(again.getText('t').toString()).toBe('first visit');
    conn2.close();
    await store.flushAll();
    expect(failures).toEqual([]);
  });

  it('loadDoc of a closed doc returns its content and leaves it closed', async () => {
    const { store } = newStore();
    const page = uniquePage();
    const doc = new Y.Doc();
    const conn = store.connect(page, doc);
    await conn.loaded;
    doc.getText('t').insert(0, 'stored text');
    conn.close(); // loadDoc waits for this close to finish

    const loaded = await store.loadDoc(page);
    expect(loaded).not.toBe(doc);
    expect(loaded.guid).toBe(page);
    expect(loaded.getText('t').toString()).toBe('stored text');
    expect(store.isOpen(page)).toBe(false);
    expect(store.pendingWrites()).toBe(0);
  });

  it('loadDoc of an open doc returns that very doc', async () => {
    const { store } = newStore();
    const page = uniquePage();
    const doc = new Y.Doc();
    const conn = store.connect(page, doc);
    doc.getText('t').insert(0, 'typed before load finished');
    expect(await store.loadDoc(page)).toBe(doc);
    expect(store.isOpen(page)).toBe(true);
    conn.close();
  });

  it('applyUpdate to a closed doc is stored, and a later loadDoc sees it', async () => {
    const { store, failures } = newStore();
    const page = uniquePage();
    await store.applyUpdate(page, remoteUpdate('from another device'));
    expect(store.isOpen(page)).toBe(false);
    expect((await store.loadDoc(page)).getText('t').toString()).toBe('from another device');
    // Merges with what is already there rather than replacing it.
    await store.applyUpdate(page, remoteUpdate('more', 'u'));
    const doc = await store.loadDoc(page);
    expect(doc.getText('t').toString()).toBe('from another device');
    expect(doc.getText('u').toString()).toBe('more');
    expect(failures).toEqual([]);
  });

  it('applyUpdate to an open doc merges into it and is stored before resolving', async () => {
    const { store } = newStore();
    const page = uniquePage();
    const doc = new Y.Doc();
    const conn = store.connect(page, doc);
    await conn.loaded;
    doc.getText('local').insert(0, 'mine');
    const origins: unknown[] = [];
    doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));

    const before = await countRecords(page);
    await store.applyUpdate(page, remoteUpdate('theirs'));
    expect(doc.getText('t').toString()).toBe('theirs');
    expect(doc.getText('local').toString()).toBe('mine');
    expect(origins).toEqual([REMOTE_ORIGIN]);
    expect(store.pendingWrites()).toBe(0);
    expect(await countRecords(page)).toBe(before + 1);
    conn.close();
    expect((await store.loadDoc(page)).getText('t').toString()).toBe('theirs');
  });

  it('subscribeUpdates reports (pageId, update, origin) for local edits until unsubscribed', async () => {
    const { store } = newStore();
    const pageA = uniquePage();
    const pageB = uniquePage();
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const seen: { pageId: string; update: Uint8Array; origin: unknown; doc: Y.Doc }[] = [];
    const unsubscribe = store.subscribeUpdates((pageId, update, origin, doc) => seen.push({ pageId, update, origin, doc }));
    const a = store.connect(pageA, docA);
    const b = store.connect(pageB, docB);
    await Promise.all([a.loaded, b.loaded]);
    seen.length = 0; // forget what loading reported

    docA.transact(() => docA.getText('t').insert(0, 'typed in A'), 'keyboard');
    docB.getText('t').insert(0, 'typed in B');
    expect(seen.map((s) => [s.pageId, s.origin, s.doc])).toEqual([
      [pageA, 'keyboard', docA],
      [pageB, null, docB],
    ]);
    // The update is the real Yjs update: replaying it elsewhere reproduces the edit.
    const replay = new Y.Doc();
    Y.applyUpdate(replay, seen[0]!.update);
    expect(replay.getText('t').toString()).toBe('typed in A');

    unsubscribe();
    docA.getText('t').insert(0, '!');
    expect(seen).toHaveLength(2);
    a.close();
    b.close();
  });

  it('stops reporting a doc once its connection is closed', async () => {
    const { store } = newStore();
    const page = uniquePage();
    const doc = new Y.Doc();
    const seen: string[] = [];
    store.subscribeUpdates((pageId) => seen.push(pageId));
    const conn = store.connect(page, doc);
    await conn.loaded;
    conn.close();
    seen.length = 0;
    doc.getText('t').insert(0, 'after close');
    expect(seen).toEqual([]);
  });

  it('flushAll waits until pending writes are committed', async () => {
    const { store } = newStore();
    const page = uniquePage();
    const doc = new Y.Doc();
    const conn = store.connect(page, doc);
    await conn.loaded;
    const text = doc.getText('t');
    for (let i = 0; i < 25; i++) text.insert(text.length, `${i} `);
    expect(store.pendingWrites()).toBeGreaterThan(0);
    await store.flushAll();
    expect(store.pendingWrites()).toBe(0);
    expect(await countRecords(page)).toBe(1 + 25);
    conn.close();
  });

  it('connecting a second doc for the same page releases the first', async () => {
    const { store, failures } = newStore();
    const page = uniquePage();
    const seen: Y.Doc[] = [];
    store.subscribeUpdates((_p, _u, _o, d) => seen.push(d));
    const first = new Y.Doc();
    const conn1 = store.connect(page, first);
    await conn1.loaded;
    first.getText('t').insert(0, 'from the first editor');

    const second = new Y.Doc();
    const conn2 = store.connect(page, second);
    await conn2.loaded;
    await store.flushAll(); // includes the first persistence's close
    expect(second.getText('t').toString()).toBe('from the first editor');
    expect(await store.loadDoc(page)).toBe(second);

    // The first doc is detached: its edits are neither reported nor stored.
    seen.length = 0;
    first.getText('t').insert(0, 'stale ');
    expect(seen).toEqual([]);
    await store.flushAll();
    // Closing the stale connection must not close the page's current one.
    conn1.close();
    expect(store.isOpen(page)).toBe(true);
    second.getText('t').insert(0, 'fresh ');
    conn2.close();
    expect(store.isOpen(page)).toBe(false);
    expect((await store.loadDoc(page)).getText('t').toString()).toBe('fresh from the first editor');
    expect(failures).toEqual([]);
  });

  it('reports a load that never answers through onFailure and rejects loaded', async () => {
    const failures: StorageFailure[] = [];
    const store = new DocStore({ onFailure: (f) => failures.push(f), loadTimeoutMs: 100 });
    const page = uniquePage();
    // Simulation: a connection that ignores a pending upgrade blocks every later open.
    const holder = await new Promise<IDBDatabase>((resolve) => {
      const req = indexedDB.open(pageDbName(page));
      req.onsuccess = () => resolve(req.result);
    });
    const upgrade = indexedDB.open(pageDbName(page), 2);
    upgrade.onupgradeneeded = () => upgrade.result.createObjectStore('updates', { autoIncrement: true });
    const conn = store.connect(page, new Y.Doc());
    await expect(conn.loaded).rejects.toThrow(/did not answer/);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.docName).toBe(pageDbName(page));
    holder.close();
    await new Promise<void>((resolve) => (upgrade.onsuccess = () => (upgrade.result.close(), resolve())));
    conn.close();
  });
});
