import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestHost, type TestHost } from '../replica/inProcessHost.testkit';
import { createStorageStatus } from '../state/storageStatus';
import { openTestWindow, storedText, uniquePage, waitFor, type OpenedTestWindow } from '../replica/testWindow.testkit';

let host: TestHost;
const windows: OpenedTestWindow[] = [];
beforeEach(async () => {
  host = await startTestHost();
});
afterEach(async () => {
  host.failWrites(false);
  for (const w of windows.splice(0)) w.hub.dispose();
  await host.dispose();
});

function newWindow(options: Parameters<typeof openTestWindow>[1] = {}): OpenedTestWindow {
  const w = openTestWindow(host, options);
  windows.push(w);
  return w;
}

describe('DocStore when the store fails', () => {
  it('keeps every update while writes fail, reports why, and acknowledges everything after recovery — even after the page closed', async () => {
    const w = newWindow();
    const page = uniquePage();
    const doc = new Y.Doc({ guid: page });
    const conn = w.docs.connect(page, doc);
    await conn.loaded;
    host.failWrites(true);
    doc.getText('t').insert(0, 'typed while the disk was full');
    await waitFor('the failure to be reported', () => w.log.saveFailures.length > 0);
    expect(w.log.saveFailures[0]).toMatchObject({ docId: page, code: 'unavailable' });
    expect(w.log.saveFailures[0]!.message).toMatch(/full/i);
    doc.getText('t').insert(doc.getText('t').length, ', and more');
    expect(w.docs.pendingWrites()).toBeGreaterThan(0);

    // Leaving the page keeps what was typed: the link stays alive and keeps retrying.
    conn.close();
    expect(w.docs.isOpen(page)).toBe(false);
    expect(w.docs.pendingWrites()).toBeGreaterThan(0);
    expect(w.hub.liveLinks()).toBe(1);
    expect(w.log.saveRecovered).toEqual([]);

    host.failWrites(false);
    await w.docs.flushAll();
    expect(await storedText(host, page)).toBe('typed while the disk was full, and more');
    expect(w.docs.pendingWrites()).toBe(0);
    await waitFor('the link to close once everything is acknowledged', () => w.hub.liveLinks() === 0);
    expect(w.log.saveRecovered).toContain(page);
  });

  it('flushAll waits for the acknowledgement, not just for the write to be sent', async () => {
    const w = newWindow();
    const page = uniquePage();
    const doc = new Y.Doc({ guid: page });
    const conn = w.docs.connect(page, doc);
    await conn.loaded;
    host.failWrites(true);
    doc.getText('t').insert(0, 'must be on disk before the window closes');
    let flushed = false;
    const flushing = w.docs.flushAll().then(() => (flushed = true));
    await waitFor('a failed push', () => w.log.saveFailures.length > 0);
    expect(flushed).toBe(false);
    host.failWrites(false);
    await flushing;
    expect(await storedText(host, page)).toBe('must be on disk before the window closes');
    conn.close();
  });

  it('editDoc rejects when saving fails, but the change is kept and saved once the store can', async () => {
    const w = newWindow();
    const page = uniquePage();
    host.failWrites(true);
    await expect(w.docs.editDoc(page, (d) => d.getText('t').insert(0, 'ticked'))).rejects.toMatchObject({ code: 'unavailable' });
    expect(w.docs.pendingWrites()).toBe(1);
    host.failWrites(false);
    await w.docs.flushAll();
    expect(await storedText(host, page)).toBe('ticked');
  });

  it('a host that goes away keeps the backlog pending; the offline copy pushes it from the next window', async () => {
    const w = newWindow();
    const page = uniquePage();
    const doc = new Y.Doc({ guid: page });
    const conn = w.docs.connect(page, doc);
    await conn.loaded;
    w.disconnect();
    doc.getText('t').insert(0, 'typed after the host stopped');
    await waitFor('the failure to be reported', () => w.log.saveFailures.length > 0);
    expect(w.log.saveFailures[0]!.message).toMatch(/connection to the Kindred host was lost/);
    expect(w.docs.pendingWrites()).toBeGreaterThan(0);
    // The offline copy has it (y-indexeddb wrote it as it happened).
    await waitFor('the cache write', async () => {
      const again = new Y.Doc();
      const { IndexeddbPersistence } = await import('y-indexeddb');
      const p = new IndexeddbPersistence(`kindred-page-${page}`, again);
      await p.whenSynced;
      const text = again.getText('t').toString();
      await p.destroy();
      return text === 'typed after the host stopped';
    });
    conn.close();

    // The window is reloaded once the host is back: the page is pushed from the offline copy.
    const next = newWindow();
    await next.docs.loadDoc(page);
    await next.docs.flushAll();
    await waitFor('the store to have it', async () => (await storedText(host, page)) === 'typed after the host stopped');
  });

  it('a page reopened while its old link still retries keeps hearing other windows after the old link closes', async () => {
    const a = newWindow();
    const b = newWindow();
    const page = uniquePage();
    const first = new Y.Doc({ guid: page });
    const c1 = a.docs.connect(page, first);
    await c1.loaded;
    host.failWrites(true);
    first.getText('t').insert(0, 'kept ');
    await waitFor('the failure', () => a.log.saveFailures.length > 0);
    c1.close(); // the old link stays alive, retrying
    const second = new Y.Doc({ guid: page });
    const c2 = a.docs.connect(page, second);
    await c2.loaded;
    expect(second.getText('t').toString()).toBe('kept ');
    host.failWrites(false);
    await a.docs.flushAll();
    await waitFor('the old link to close', () => a.hub.liveLinks() === 1);
    // Its `replica.close` must not have unsubscribed the page this window still has open.
    await b.docs.editDoc(page, (d) => d.getText('t').insert(d.getText('t').length, 'from b'));
    await waitFor('window a to hear window b', () => second.getText('t').toString() === 'kept from b');
    c2.close();
  });

  it('pages opened and closed 10–33 ms apart never raise a failure, and every link closes', async () => {
    // A short cache timeout: a load timer left running for a closed page would fire within the test.
    const w = newWindow({ loadTimeoutMs: 150 });
    const pages = Array.from({ length: 4 }, () => uniquePage());
    await w.docs.editDoc(pages[0]!, (d) => d.getText('t').insert(0, 'some content'));
    for (let i = 0; i < 24; i++) {
      const page = pages[i % pages.length]!;
      const conn = w.docs.connect(page, new Y.Doc({ guid: page }));
      // Holding Alt+←: the route changes again 10–33 ms later (this delay is the scenario).
      await new Promise((r) => setTimeout(r, 10 + ((i * 7) % 24)));
      conn.close();
    }
    await waitFor('every link to close', () => w.hub.liveLinks() === 0);
    // Past every load timeout of the pages above (asserting that something does NOT happen).
    await new Promise((r) => setTimeout(r, 400));
    expect(w.log.cacheFailures.map((f) => f.message)).toEqual([]);
    expect(w.log.saveFailures).toEqual([]);
    expect(w.docs.pendingWrites()).toBe(0);
  });

  it('an offline copy that fails is not data loss: the store still gets every update, and the status says so quietly', async () => {
    const w = newWindow();
    const status = createStorageStatus();
    const page = uniquePage();
    const doc = new Y.Doc({ guid: page });
    const conn = w.docs.connect(page, doc);
    await conn.loaded;
    doc.getText('t').insert(0, 'before ');
    // The browser closes the offline copy's connection underneath us (storage pressure, yjs#650).
    await waitFor('the offline copy to be open', () => !!w.docs.replicaOf(page)?.persistence?.persistence.db);
    const db = w.docs.replicaOf(page)!.persistence!.persistence.db!;
    forceCloseDatabase(db as unknown as Parameters<typeof forceCloseDatabase>[0]);
    await waitFor('the cache failure', () => w.log.cacheFailures.length > 0);
    w.log.cacheFailures.forEach((f) => status.reportCacheFailure(f));
    doc.getText('t').insert(7, 'while the offline copy was down');
    await w.docs.flushAll();
    expect(await storedText(host, page)).toBe('before while the offline copy was down');
    expect(w.log.saveFailures).toEqual([]);
    status.refresh(w.docs.pendingWrites());
    const state = status.get();
    expect(state.kind).toBe('saved');
    expect(state.notices[0]).toMatch(/^This window’s offline copy isn’t updating \(.*closed.*\); your journal is still saved\.$/);
    conn.close();
  });
});
