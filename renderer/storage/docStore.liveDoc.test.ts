import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestHost, type TestHost } from '../replica/inProcessHost.testkit';
import { openTestWindow, storedText, uniquePage, waitFor, type OpenedTestWindow } from '../replica/testWindow.testkit';

let host: TestHost;
let w: OpenedTestWindow;
beforeEach(async () => {
  host = await startTestHost();
  w = openTestWindow(host);
});
afterEach(async () => {
  host.failWrites(false);
  w.hub.dispose();
  await host.dispose();
});

const words = (text: string): string[] => text.split(' ').filter(Boolean).sort();

describe('one live doc per page per window', () => {
  it('loadDoc and editDoc use the editor’s doc while an editor has the page', async () => {
    const page = uniquePage();
    const editorDoc = new Y.Doc({ guid: page });
    const conn = w.docs.connect(page, editorDoc);
    await conn.loaded;
    expect(await w.docs.loadDoc(page)).toBe(editorDoc);
    await w.docs.editDoc(page, (doc) => {
      expect(doc).toBe(editorDoc);
      doc.getText('t').insert(0, 'ticked ');
    });
    expect(editorDoc.getText('t').toString()).toBe('ticked ');
    expect(await storedText(host, page)).toBe('ticked ');
    conn.close();
  });

  it('an editor mounting while the indexer and a care action hold a temporary doc takes it over without forking', async () => {
    const page = uniquePage();
    await w.docs.editDoc(page, (d) => d.getText('t').insert(0, 'start '));
    // The indexer and a care action start on a temporary doc…
    const indexed = w.docs.loadDoc(page);
    const edited = w.docs.editDoc(page, (d) => {
      d.getText('t').insert(d.getText('t').length, 'followup ');
      return d;
    });
    // …and the editor mounts before they finish.
    const editorDoc = new Y.Doc({ guid: page });
    const conn = w.docs.connect(page, editorDoc);
    expect(w.docs.isOpen(page)).toBe(true);
    await conn.loaded;
    // Both ended up on the editor's doc: one live doc.
    expect(await indexed).toBe(editorDoc);
    expect(await edited).toBe(editorDoc);
    editorDoc.getText('t').insert(editorDoc.getText('t').length, 'typed ');
    await w.docs.flushAll();
    expect(words(editorDoc.getText('t').toString())).toEqual(['followup', 'start', 'typed']);
    expect(await storedText(host, page)).toBe(editorDoc.getText('t').toString());
    // And later users still get the editor's doc.
    expect(await w.docs.loadDoc(page)).toBe(editorDoc);
    conn.close();
    await waitFor('every link to close', () => w.hub.liveLinks() === 0);
  });

  it('a temporary doc’s unacknowledged change survives an editor taking over and is saved when the store recovers', async () => {
    const page = uniquePage();
    await w.docs.editDoc(page, (d) => d.getText('t').insert(0, 'start '));
    host.failWrites(true);
    const edit = w.docs.editDoc(page, (d) => d.getText('t').insert(d.getText('t').length, 'ticked '));
    await expect(edit).rejects.toMatchObject({ code: 'unavailable' });
    const editorDoc = new Y.Doc({ guid: page });
    const conn = w.docs.connect(page, editorDoc);
    await conn.loaded;
    expect(editorDoc.getText('t').toString()).toBe('start ticked ');
    host.failWrites(false);
    await w.docs.flushAll();
    expect(await storedText(host, page)).toBe('start ticked ');
    conn.close();
    await waitFor('every link to close', () => w.hub.liveLinks() === 0);
  });

  it('a second editor on the same page (StrictMode remount) stays in step with the first until it lets go', async () => {
    const page = uniquePage();
    const first = new Y.Doc({ guid: page });
    const c1 = w.docs.connect(page, first);
    await c1.loaded;
    first.getText('t').insert(0, 'one ');
    const second = new Y.Doc({ guid: page });
    const c2 = w.docs.connect(page, second);
    await c2.loaded;
    expect(second.getText('t').toString()).toBe('one ');
    // The host never echoes a window's own pushes, so the window keeps its two docs in step itself.
    first.getText('t').insert(4, 'two ');
    second.getText('t').insert(0, 'zero ');
    expect(second.getText('t').toString()).toBe('zero one two ');
    expect(first.getText('t').toString()).toBe('zero one two ');
    c1.close();
    await w.docs.flushAll();
    expect(await storedText(host, page)).toBe('zero one two ');
    c2.close();
  });

  it('three docs on one page at once (two editors and a care action) stay one page', async () => {
    const page = uniquePage();
    const first = new Y.Doc({ guid: page });
    const c1 = w.docs.connect(page, first);
    await c1.loaded;
    const second = new Y.Doc({ guid: page });
    const c2 = w.docs.connect(page, second);
    await c2.loaded;
    const third = new Y.Doc({ guid: page });
    const c3 = w.docs.connect(page, third);
    await c3.loaded;
    first.getText('t').insert(0, 'one ');
    second.getText('t').insert(0, 'two ');
    await w.docs.editDoc(page, (d) => d.getText('t').insert(0, 'care '));
    for (const d of [first, second, third]) expect(words(d.getText('t').toString())).toEqual(['care', 'one', 'two']);
    await w.docs.flushAll();
    expect(words(await storedText(host, page))).toEqual(['care', 'one', 'two']);
    c1.close();
    c2.close();
    c3.close();
    await waitFor('every link to close', () => w.hub.liveLinks() === 0);
  });

  it('property: any interleaving of editor mounts, indexer loads, care edits, typing and store failures loses nothing', async () => {
    type Op =
      | { kind: 'mount' }
      | { kind: 'unmount' }
      | { kind: 'type' }
      | { kind: 'careEdit' }
      | { kind: 'index' }
      | { kind: 'fail' }
      | { kind: 'recover' }
      | { kind: 'settle' };
    const op = fc.oneof(
      fc.constant<Op>({ kind: 'mount' }),
      fc.constant<Op>({ kind: 'unmount' }),
      fc.constant<Op>({ kind: 'type' }),
      fc.constant<Op>({ kind: 'type' }),
      fc.constant<Op>({ kind: 'careEdit' }),
      fc.constant<Op>({ kind: 'index' }),
      fc.constant<Op>({ kind: 'fail' }),
      fc.constant<Op>({ kind: 'recover' }),
      fc.constant<Op>({ kind: 'settle' }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 24 }), async (ops) => {
        const page = uniquePage();
        const typedWords: string[] = [];
        const inFlight: Promise<unknown>[] = [];
        let editor: { doc: Y.Doc; close(): void; loaded: Promise<void> } | null = null;
        let n = 0;
        for (const o of ops) {
          switch (o.kind) {
            case 'mount': {
              editor?.close();
              const doc = new Y.Doc({ guid: page });
              const conn = w.docs.connect(page, doc);
              editor = { doc, close: conn.close, loaded: conn.loaded };
              break;
            }
            case 'unmount':
              editor?.close();
              editor = null;
              break;
            case 'type':
              if (editor) {
                await editor.loaded;
                const word = `e${++n}`;
                typedWords.push(word);
                const t = editor.doc.getText('t');
                t.insert(t.length, `${word} `);
              }
              break;
            case 'careEdit': {
              const word = `c${++n}`;
              typedWords.push(word);
              inFlight.push(w.docs.editDoc(page, (d) => d.getText('t').insert(d.getText('t').length, `${word} `)).catch(() => undefined));
              break;
            }
            case 'index':
              inFlight.push(w.docs.loadDoc(page));
              break;
            case 'fail':
              host.failWrites(true);
              break;
            case 'recover':
              host.failWrites(false);
              break;
            case 'settle':
              await Promise.race([Promise.all(inFlight), waitFor('a short while', () => false, 30).catch(() => undefined)]);
              break;
          }
        }
        host.failWrites(false);
        await Promise.all(inFlight);
        const live = editor as { doc: Y.Doc; close(): void; loaded: Promise<void> } | null;
        if (live) await live.loaded;
        await w.docs.flushAll();
        const stored = await storedText(host, page);
        expect(words(stored)).toEqual([...typedWords].sort());
        if (live) {
          expect(w.docs.isOpen(page)).toBe(true);
          expect(await w.docs.loadDoc(page)).toBe(live.doc);
          expect(live.doc.getText('t').toString()).toBe(stored);
          live.close();
        }
        await waitFor('every link to close', () => w.hub.liveLinks() === 0);
      }),
      { numRuns: 40 },
    );
  });
});
