import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pageDbName } from '../storage/docStore';
import { QUARANTINE_PREFIX, quarantineDamagedRows } from './cacheQuarantine';
import { startTestHost, type TestHost } from './inProcessHost.testkit';
import { openTestWindow, uniquePage, type OpenedTestWindow } from './testWindow.testkit';

/** Two updates as y-indexeddb would log them: the first state, then an edit that depends on it. */
function twoRows(): { first: Uint8Array; second: Uint8Array; full: Uint8Array } {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'hello');
  const first = Y.encodeStateAsUpdate(doc);
  let second: Uint8Array = new Uint8Array();
  doc.once('update', (u: Uint8Array) => (second = u));
  doc.getText('t').insert(5, ' world');
  return { first, second, full: Y.encodeStateAsUpdate(doc) };
}

/** Writes rows into a doc's cache database exactly as y-indexeddb lays it out. */
async function writeRows(dbName: string, rows: unknown[]): Promise<void> {
  const db = await openDb(dbName);
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(['updates'], 'readwrite');
    rows.forEach((r) => tx.objectStore('updates').add(r));
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

async function readStore(dbName: string, store: 'updates' | 'custom'): Promise<Array<[IDBValidKey, unknown]>> {
  const db = await openDb(dbName);
  const out = await new Promise<Array<[IDBValidKey, unknown]>>((resolve, reject) => {
    const tx = db.transaction([store], 'readonly');
    const keys = tx.objectStore(store).getAllKeys();
    const values = tx.objectStore(store).getAll();
    tx.oncomplete = () => resolve(keys.result.map((k, i) => [k, values.result[i]]));
    tx.onerror = () => reject(tx.error);
  });
  db.close();
  return out;
}

function openDb(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('updates', { autoIncrement: true });
      req.result.createObjectStore('custom');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

describe('quarantineDamagedRows', () => {
  it('sets aside a garbage row and keeps every readable row, in order', async () => {
    const name = `kindred-page-${uniquePage()}`;
    const { first, second } = twoRows();
    const garbage = new Uint8Array([7, 200, 13, 99, 1, 2, 3, 250, 251, 252]);
    await writeRows(name, [first, garbage, second]);
    const result = await quarantineDamagedRows(name);
    expect(result).toEqual({ quarantined: 1, kept: 2 });
    const kept = await readStore(name, 'updates');
    expect(kept.map(([k]) => k)).toEqual([1, 3]);
    const aside = await readStore(name, 'custom');
    expect(aside).toEqual([[`${QUARANTINE_PREFIX}2`, garbage]]);
  });

  it('sets aside a zero-filled row and the rows that depended on it (never deleting them)', async () => {
    const name = `kindred-page-${uniquePage()}`;
    const { first, second } = twoRows();
    const zeroed = new Uint8Array(first.length);
    await writeRows(name, [zeroed, second]);
    const result = await quarantineDamagedRows(name);
    expect(result.quarantined).toBe(2);
    expect(await readStore(name, 'updates')).toEqual([]);
    const aside = await readStore(name, 'custom');
    expect(aside.map(([k]) => k).sort()).toEqual([`${QUARANTINE_PREFIX}1`, `${QUARANTINE_PREFIX}2`]);
  });

  it('leaves a sound cache alone, and creates a missing database the way y-indexeddb would', async () => {
    const name = `kindred-page-${uniquePage()}`;
    const { first, second } = twoRows();
    await writeRows(name, [first, second, new Uint8Array([0, 0])]);
    expect(await quarantineDamagedRows(name)).toEqual({ quarantined: 0, kept: 3 });
    const fresh = `kindred-page-${uniquePage()}`;
    expect(await quarantineDamagedRows(fresh)).toEqual({ quarantined: 0, kept: 0 });
    expect(await readStore(fresh, 'updates')).toEqual([]);
  });
});

describe('a damaged offline copy when a page opens', () => {
  let host: TestHost;
  let w: OpenedTestWindow;
  beforeEach(async () => {
    host = await startTestHost();
    w = openTestWindow(host);
  });
  afterEach(async () => {
    w.hub.dispose();
    await host.dispose();
  });

  it('a zero-filled first row does not show an empty page: it opens from the store and says "damaged"', async () => {
    const page = uniquePage('day');
    const { first, second, full } = twoRows();
    await host.store.applyUpdate(page, full);
    await writeRows(pageDbName(page), [new Uint8Array(first.length), second]);

    const doc = new Y.Doc({ guid: page });
    const conn = w.docs.connect(page, doc);
    await conn.loaded;
    // Editable only now, and with the page's content: never an empty, editable page.
    expect(doc.getText('t').toString()).toBe('hello world');
    await expect.poll(() => w.log.damaged).toEqual([{ docId: page, where: 'cache' }]);
    expect(w.log.cacheFailures).toEqual([]);
    conn.close();
    const aside = await readStore(pageDbName(page), 'custom');
    expect(aside.filter(([k]) => String(k).startsWith(QUARANTINE_PREFIX))).toHaveLength(2);
  });

  it('a garbage row in the middle hides nothing after it', async () => {
    const page = uniquePage();
    const { first, second, full } = twoRows();
    await host.store.applyUpdate(page, full);
    await writeRows(pageDbName(page), [first, new Uint8Array([1, 255, 255, 255, 255, 15, 3, 9]), second]);
    const doc = await w.docs.loadDoc(page);
    expect(doc.getText('t').toString()).toBe('hello world');
    await expect.poll(() => w.log.damaged).toEqual([{ docId: page, where: 'cache' }]);
  });
});
