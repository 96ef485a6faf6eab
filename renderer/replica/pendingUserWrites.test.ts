import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isBlankPage } from '../../shared/pages/blankPage';
import { ROOT_NAME } from '../../shared/pages/pageBlocks';
import { appendBlocks, para } from '../../shared/pages/pageDoc.testkit';
import { startTestHost, type TestHost } from './inProcessHost.testkit';
import { openTestWindow, uniquePage, type OpenedTestWindow } from './testWindow.testkit';

/**
 * "Saving…" tells the truth (issue 14): the save indicator counts DocStore.pendingWrites(),
 * which leaves out the empty first paragraph an editor lays down when an empty page opens, and
 * counts everything a person wrote — including deleting all of a page's text.
 */
let host: TestHost;
let win: OpenedTestWindow;
beforeEach(async () => {
  host = await startTestHost();
  win = openTestWindow(host);
});
afterEach(async () => {
  await win.docs.flushAll();
  win.hub.dispose();
  await host.dispose();
});

async function open(pageId: string): Promise<Y.Doc> {
  const doc = new Y.Doc({ guid: pageId });
  await win.docs.connect(pageId, doc).loaded;
  return doc;
}

describe('pending writes the save indicator counts', () => {
  it('opening an empty page and laying down its first paragraph is written but not counted', async () => {
    const id = uniquePage();
    const doc = await open(id);
    appendBlocks(doc, [{ type: 'paragraph', inlines: [] }]);
    expect(win.docs.replicaOf(id)!.pending()).toBeGreaterThan(0);
    expect(win.docs.pendingWrites()).toBe(0);
    await win.docs.flushAll();
    expect(await host.stored(id)).not.toBeNull();
  });

  it('typing is counted from the first character, the seed paragraph with it', async () => {
    const id = uniquePage();
    const doc = await open(id);
    appendBlocks(doc, [{ type: 'paragraph', inlines: [] }]);
    appendBlocks(doc, [para('H')]);
    expect(win.docs.pendingWrites()).toBe(win.docs.replicaOf(id)!.pending());
    expect(win.docs.pendingWrites()).toBeGreaterThan(0);
    await win.docs.flushAll();
    expect(win.docs.pendingWrites()).toBe(0);
  });

  it('deleting everything from a page that had text is counted until the store has it', async () => {
    const id = uniquePage();
    const first = await open(id);
    appendBlocks(first, [para('Something worth keeping')]);
    await win.docs.flushAll();
    // A second window opens the page (it loads with text), then the person deletes it all.
    const other = openTestWindow(host);
    const doc = new Y.Doc({ guid: id });
    await other.docs.connect(id, doc).loaded;
    const root = doc.get(ROOT_NAME, Y.XmlText);
    root.delete(0, root.length);
    expect(other.docs.pendingWrites()).toBeGreaterThan(0);
    await other.docs.flushAll();
    expect(other.docs.pendingWrites()).toBe(0);
    other.hub.dispose();
  });
});

/** IndexedDB databases this window made (fake-indexeddb). */
async function databases(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '');
}

describe('a page never written (a day only visited)', () => {
  async function openUnwritten(pageId: string): Promise<Y.Doc> {
    const doc = new Y.Doc({ guid: pageId });
    await win.docs.connect(pageId, doc, { persistWhenWritten: true }).loaded;
    return doc;
  }

  it('makes no store record and no offline database while blank, and nothing waits on it', async () => {
    const id = uniquePage();
    const doc = await openUnwritten(id);
    appendBlocks(doc, [{ type: 'paragraph', inlines: [] }]);
    expect(win.docs.pendingWrites()).toBe(0);
    expect(win.docs.replicaOf(id)!.pending()).toBe(0);
    await win.docs.flushAll();
    expect(await host.stored(id)).toBeNull();
    expect((await databases()).some((name) => name.includes(id))).toBe(false);
  });

  it('the first words send everything (the held first paragraph too) and open its offline copy', async () => {
    const id = uniquePage();
    const doc = await openUnwritten(id);
    appendBlocks(doc, [{ type: 'paragraph', inlines: [] }]);
    appendBlocks(doc, [para('Snow all morning.')]);
    expect(win.docs.pendingWrites()).toBeGreaterThan(0);
    await win.docs.flushAll();
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await host.stored(id))!);
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(doc));
    await expect.poll(async () => (await databases()).some((name) => name.includes(id))).toBe(true);
  });

  it('content written on another device and arriving later sends what was held', async () => {
    const id = uniquePage();
    const doc = await openUnwritten(id);
    appendBlocks(doc, [{ type: 'paragraph', inlines: [] }]);
    const other = openTestWindow(host);
    const there = new Y.Doc({ guid: id });
    await other.docs.connect(id, there).loaded;
    appendBlocks(there, [para('Written elsewhere')]);
    await other.docs.flushAll();
    other.hub.dispose();
    await expect.poll(() => isBlankPage(doc)).toBe(false);
    await win.docs.flushAll();
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await host.stored(id))!);
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(doc));
  });
});

