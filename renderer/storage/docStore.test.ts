import 'fake-indexeddb/auto';
import { IndexeddbPersistence } from 'y-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { HostClient } from '../../shared/host/contract';
import { startTestHost, type TestHost } from '../replica/inProcessHost.testkit';
import { openTestWindow, storedText, uniquePage, waitFor, type OpenedTestWindow } from '../replica/testWindow.testkit';
import { LOAD_ORIGIN, REMOTE_ORIGIN, isLoadOrigin, pageDbName } from './docStore';

let host: TestHost;
const windows: OpenedTestWindow[] = [];
beforeEach(async () => {
  host = await startTestHost();
});
afterEach(async () => {
  for (const w of windows.splice(0)) {
    host.failWrites(false);
    await w.docs.flushAll();
    w.hub.dispose();
  }
  await host.dispose();
});

function newWindow(options: Parameters<typeof openTestWindow>[1] = {}): OpenedTestWindow {
  const w = openTestWindow(host, options);
  windows.push(w);
  return w;
}

/** An update as another device would send it: a doc with `text` typed into it. */
function typed(text: string, key = 't'): Uint8Array {
  const other = new Y.Doc();
  other.getText(key).insert(0, text);
  return Y.encodeStateAsUpdate(other);
}

/** Writes a page into the offline copy only, the way the app did before the store existed. */
async function seedCacheOnly(pageId: string, text: string): Promise<void> {
  const doc = new Y.Doc({ guid: pageId });
  const p = new IndexeddbPersistence(pageDbName(pageId), doc);
  await p.whenSynced;
  doc.getText('t').insert(0, text);
  // A read transaction after the write's transaction: the write has committed.
  await p.get('nothing');
  await p.destroy();
}

describe('DocStore over the replica link', () => {
  it('an edit is acknowledged by the store, and another window opens it from there', async () => {
    const a = newWindow();
    const page = uniquePage();
    const doc = new Y.Doc({ guid: page });
    const conn = a.docs.connect(page, doc);
    expect(a.docs.isOpen(page)).toBe(true);
    await conn.loaded;
    doc.getText('t').insert(0, 'first visit');
    expect(a.docs.pendingWrites()).toBeGreaterThan(0);
    await a.docs.flushAll();
    expect(a.docs.pendingWrites()).toBe(0);
    expect(await storedText(host, page)).toBe('first visit');
    conn.close();
    expect(a.docs.isOpen(page)).toBe(false);

    const b = newWindow();
    expect((await b.docs.loadDoc(page)).getText('t').toString()).toBe('first visit');
    expect(b.docs.isOpen(page)).toBe(false);
  });

  it('two windows editing one page converge, and a window never hears its own pushes back', async () => {
    const a = newWindow();
    const b = newWindow();
    const page = uniquePage();
    const docA = new Y.Doc({ guid: page });
    const docB = new Y.Doc({ guid: page });
    const connA = a.docs.connect(page, docA);
    const connB = b.docs.connect(page, docB);
    await Promise.all([connA.loaded, connB.loaded]);
    const remoteInA: unknown[] = [];
    a.docs.subscribeUpdates((_id, _u, origin) => {
      if (origin === REMOTE_ORIGIN) remoteInA.push(origin);
    });
    docA.getText('t').insert(0, 'from A. ');
    docB.getText('t').insert(0, 'from B. ');
    await Promise.all([a.docs.flushAll(), b.docs.flushAll()]);
    await waitFor('both windows to hold both edits', () => docA.getText('t').toString().length === 16 && docB.getText('t').toString().length === 16);
    expect(docA.getText('t').toString()).toBe(docB.getText('t').toString());
    expect(await storedText(host, page)).toBe(docA.getText('t').toString());
    // A heard B's edit once; its own edit never came back as a remote update.
    expect(remoteInA).toHaveLength(1);
    connA.close();
    connB.close();
  });

  it('a page only in the store opens from it in a window with an empty cache, with content at once (no bootstrap)', async () => {
    const page = uniquePage('day');
    await host.store.applyUpdate(page, typed('written in another window'));
    const w = newWindow();
    const doc = new Y.Doc({ guid: page });
    const seen: unknown[] = [];
    w.docs.subscribeUpdates((_id, _u, origin) => seen.push(origin));
    const conn = w.docs.connect(page, doc);
    await conn.loaded;
    // The editor's provider reports sync now: an empty doc here would be seeded as a new page.
    expect(doc.getText('t').toString()).toBe('written in another window');
    // Loading is not a write: nothing to save, and nothing that looks like an edit.
    expect(w.docs.pendingWrites()).toBe(0);
    expect(seen.every((o) => isLoadOrigin(o))).toBe(true);
    expect(seen).toContain(LOAD_ORIGIN);
    conn.close();
  });

  it('a page only in the offline copy (the old IndexedDB journal) is pushed to the store when it opens', async () => {
    const page = uniquePage();
    await seedCacheOnly(page, 'typed before the store existed');
    expect(await host.stored(page)).toBeNull();
    const w = newWindow();
    // Already on this device's disk, so no "Saving…" for it at any point…
    const counts: number[] = [];
    const watch = setInterval(() => counts.push(w.docs.pendingWrites()), 1);
    const doc = await w.docs.syncDoc(page);
    clearInterval(watch);
    expect(doc.getText('t').toString()).toBe('typed before the store existed');
    expect(counts.every((n) => n === 0)).toBe(true);
    // …but syncDoc (what the migration and sync wait on) resolves only once the store has it.
    expect(await storedText(host, page)).toBe('typed before the store existed');
  });

  it('deletions made while the host was away reach the store too', async () => {
    const page = uniquePage();
    const a = newWindow();
    await a.docs.editDoc(page, (doc) => doc.getText('t').insert(0, 'keep this, drop that'));
    // Offline: delete in the cache only (no new clock: only the delete set differs).
    const doc = new Y.Doc({ guid: page });
    const p = new IndexeddbPersistence(pageDbName(page), doc);
    await p.whenSynced;
    doc.getText('t').delete(9, 11);
    await p.get('nothing');
    await p.destroy();
    const b = newWindow();
    await b.docs.loadDoc(page);
    await waitFor('the deletion to reach the store', async () => (await storedText(host, page)) === 'keep this');
  });

  it('the editor does not wait for the host when the cache has the page; an empty cache waits for the store', async () => {
    const cached = uniquePage();
    await seedCacheOnly(cached, 'in the cache');
    const missing = uniquePage();
    await host.store.applyUpdate(missing, typed('only in the store'));
    // A host that is slow to answer `replica.open` (held until released).
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const slow = (client: HostClient): HostClient => ({
      subscribe: client.subscribe.bind(client),
      async request(method, params) {
        if (method === 'replica.open') await held;
        return client.request(method, params);
      },
    });
    const w = newWindow({ client: slow });
    const docCached = new Y.Doc({ guid: cached });
    const docMissing = new Y.Doc({ guid: missing });
    const c1 = w.docs.connect(cached, docCached);
    const c2 = w.docs.connect(missing, docMissing);
    let missingLoaded = false;
    void c2.loaded.then(() => (missingLoaded = true));
    await c1.loaded;
    expect(docCached.getText('t').toString()).toBe('in the cache');
    expect(missingLoaded).toBe(false);
    release();
    await c2.loaded;
    expect(docMissing.getText('t').toString()).toBe('only in the store');
    c1.close();
    c2.close();
  });

  it('applyUpdate merges into the open doc and resolves once the store has it', async () => {
    const w = newWindow();
    const page = uniquePage();
    const doc = new Y.Doc({ guid: page });
    const conn = w.docs.connect(page, doc);
    await conn.loaded;
    const origins: unknown[] = [];
    w.docs.subscribeUpdates((_id, _u, origin) => origins.push(origin));
    await w.docs.applyUpdate(page, typed('imported'));
    expect(doc.getText('t').toString()).toBe('imported');
    expect(await storedText(host, page)).toBe('imported');
    expect(origins).toEqual([REMOTE_ORIGIN]);
    conn.close();
  });

  it('an update bigger than a part travels in parts and is stored whole', async () => {
    const w = newWindow({ partBytes: 1024 });
    const page = uniquePage();
    const text = 'lorem ipsum dolor sit amet '.repeat(400); // ~10 kB: ten parts
    await w.docs.editDoc(page, (doc) => doc.getText('t').insert(0, text));
    expect(await storedText(host, page)).toBe(text);
  });

  it('subscribeUpdates stops reporting a doc once its connection is closed', async () => {
    const w = newWindow();
    const page = uniquePage();
    const doc = new Y.Doc({ guid: page });
    const conn = w.docs.connect(page, doc);
    await conn.loaded;
    const seen: string[] = [];
    w.docs.subscribeUpdates((id) => seen.push(id));
    doc.getText('t').insert(0, 'a');
    conn.close();
    doc.getText('t').insert(1, 'b');
    expect(seen).toEqual([page]);
  });
});
