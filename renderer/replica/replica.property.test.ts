import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestHost, type TestHost } from './inProcessHost.testkit';
import { openTestWindow, storedText, uniquePage, waitFor, type OpenedTestWindow } from './testWindow.testkit';

let host: TestHost;
beforeEach(async () => {
  host = await startTestHost();
});
afterEach(async () => {
  host.failWrites(false);
  await host.dispose();
});

const words = (text: string): string[] => text.split(' ').filter(Boolean).sort();

type Op =
  | { kind: 'type'; win: 0 | 1 }
  | { kind: 'close'; win: 0 | 1 }
  | { kind: 'fail' }
  | { kind: 'recover' }
  | { kind: 'pause' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('type' as const), win: fc.constantFrom(0 as const, 1 as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), win: fc.constantFrom(0 as const, 1 as const) }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'fail' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'recover' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'pause' }) },
);

describe('two windows, one store: nothing typed is lost', () => {
  it('property: random typing in two windows, pages opened and closed, store failures and recoveries → the store holds exactly what was typed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 30 }), async (ops) => {
        const windows: OpenedTestWindow[] = [openTestWindow(host), openTestWindow(host)];
        const page = uniquePage();
        const editors: Array<{ doc: Y.Doc; loaded: Promise<void>; close(): void } | null> = [null, null];
        const typed: string[] = [];
        let n = 0;
        try {
          for (const o of ops) {
            if (o.kind === 'type') {
              let editor = editors[o.win];
              if (!editor) {
                const doc = new Y.Doc({ guid: page });
                const conn = windows[o.win]!.docs.connect(page, doc);
                editor = editors[o.win] = { doc, loaded: conn.loaded, close: conn.close };
              }
              await editor.loaded;
              const word = `w${o.win}x${++n}`;
              typed.push(word);
              const t = editor.doc.getText('t');
              t.insert(t.length, `${word} `);
            } else if (o.kind === 'close') {
              editors[o.win]?.close();
              editors[o.win] = null;
            } else if (o.kind === 'fail') host.failWrites(true);
            else if (o.kind === 'recover') host.failWrites(false);
            else await new Promise((r) => setTimeout(r, 3)); // lets pushes and events interleave
          }
          host.failWrites(false);
          await Promise.all(windows.map((w) => w.docs.flushAll()));
          const stored = await storedText(host, page);
          expect(words(stored)).toEqual([...typed].sort());
          // Every window still showing the page converges on the store's text.
          for (const editor of editors) {
            if (editor) await waitFor('the window to converge', () => editor.doc.getText('t').toString() === stored);
          }
          editors.forEach((e) => e?.close());
          await waitFor('every link to close', () => windows.every((w) => w.hub.liveLinks() === 0));
        } finally {
          windows.forEach((w) => w.hub.dispose());
        }
      }),
      { numRuns: 40 },
    );
  });
});
