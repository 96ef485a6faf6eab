import 'fake-indexeddb/auto';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { backlinksFor } from '../../shared/domain/backlinks';
import { createPerson, ensureJournalPage, getPageMeta, initWorkspace, listPages } from '../../shared/domain/workspace';
import { $createMentionNode, $isMentionNode } from '../editor/nodes/MentionNode';
import { bindHeadlessEditor } from '../editor/headlessBinding';
import { DocStore } from './docStore';
import type { StorageFailure } from './guardedPersistence';
import { startPageFactsUpdater } from './pageFactsUpdater';

/** A headless editor writing into `doc` through @lexical/yjs, as CollaborationPlugin does. */
const bindEditor = (doc: Y.Doc): LexicalEditor => bindHeadlessEditor(doc).editor;

/** Replaces the page with one paragraph per line; `@id` tokens become mentions. */
function writePage(editor: LexicalEditor, ...lines: string[]): void {
  editor.update(
    () => {
      const root = $getRoot().clear();
      for (const line of lines) {
        const p = $createParagraphNode();
        for (const token of line.split(/(@person-\w+)/)) {
          if (token.startsWith('@')) p.append($createMentionNode(token.slice(1)));
          else if (token) p.append($createTextNode(token));
        }
        root.append(p);
      }
    },
    { discrete: true },
  );
}

let seq = 0;
let clock = 1_000_000;
const DAY = '2026-11-23';

async function setup(delayMs: number) {
  const ws = new Y.Doc();
  initWorkspace(ws);
  const stamp = { now: clock, deviceId: 'dev-test' };
  const ada = createPerson(ws, 'Ada', DAY, stamp).id;
  const bob = createPerson(ws, 'Bob', DAY, stamp).id;
  // Journal ids are per day; a distinct day per test keeps the IndexedDB databases apart.
  const date = `2030-01-${String((++seq % 28) + 1).padStart(2, '0')}`;
  const pageId = ensureJournalPage(ws, date, stamp);
  const failures: StorageFailure[] = [];
  const store = new DocStore({ onFailure: (f) => failures.push(f) });
  const updater = startPageFactsUpdater(ws, store, () => clock, delayMs);
  const doc = new Y.Doc({ guid: pageId });
  const conn = store.connect(pageId, doc);
  await conn.loaded;
  const editor = bindEditor(doc);
  cleanups.push(async () => {
    updater.stop();
    conn.close();
    await store.flushAll();
    expect(failures).toEqual([]);
  });
  return { ws, store, updater, pageId, ada, bob, doc, editor, conn };
}

const cleanups: (() => Promise<void>)[] = [];
beforeEach(() => {
  clock = 1_000_000 + seq * 10_000_000;
});
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0)) await c();
});

describe('startPageFactsUpdater', () => {
  it('writes preview and mentions to the registry once typing pauses', async () => {
    const { ws, pageId, ada, editor } = await setup(300);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    clock += 5_000;
    writePage(editor, `Walked with @${ada} by the river.`);
    vi.advanceTimersByTime(299);
    expect(getPageMeta(ws, pageId)).toMatchObject({ preview: [], mentions: {} });
    vi.advanceTimersByTime(1);
    const meta = getPageMeta(ws, pageId)!;
    expect(meta.preview).toEqual(['Walked with ', { p: ada }, ' by the river.']);
    expect(meta.mentions).toEqual({ [ada]: ['Walked with ', { p: ada }, ' by the river.'] });
    expect(meta.updatedAt).toBe(clock);
    expect(backlinksFor(ada, listPages(ws)).map((b) => b.pageId)).toEqual([pageId]);
  });

  it('debounces: each edit restarts the wait', async () => {
    const { ws, pageId, ada, editor } = await setup(300);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    writePage(editor, 'Draft');
    vi.advanceTimersByTime(200);
    writePage(editor, `Draft with @${ada}`);
    vi.advanceTimersByTime(200);
    expect(getPageMeta(ws, pageId)?.preview).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(getPageMeta(ws, pageId)?.preview).toEqual(['Draft with ', { p: ada }]);
  });

  it('removing a mention removes the edge; other mentions stay', async () => {
    const { ws, pageId, ada, bob, editor, updater } = await setup(60_000);
    writePage(editor, `Lunch with @${ada} and @${bob}.`);
    updater.flush();
    expect(Object.keys(getPageMeta(ws, pageId)!.mentions).sort()).toEqual([ada, bob].sort());

    editor.update(
      () => {
        for (const node of $getRoot().getFirstChildOrThrow<import('lexical').ElementNode>().getChildren()) {
          if ($isMentionNode(node) && node.getPersonId() === ada) node.remove();
        }
      },
      { discrete: true },
    );
    updater.flush();
    const meta = getPageMeta(ws, pageId)!;
    expect(Object.keys(meta.mentions)).toEqual([bob]);
    expect(backlinksFor(ada, listPages(ws))).toEqual([]);
    expect(backlinksFor(bob, listPages(ws)).map((b) => b.pageId)).toEqual([pageId]);
  });

  it('flush() runs pending derivations at once and leaves nothing pending', async () => {
    const { ws, pageId, ada, editor, updater } = await setup(60_000);
    writePage(editor, `Called @${ada}`);
    expect(getPageMeta(ws, pageId)?.mentions).toEqual({});
    updater.flush();
    expect(getPageMeta(ws, pageId)?.mentions).toEqual({ [ada]: ['Called ', { p: ada }] });
    // Nothing left to run: a second flush writes nothing.
    let writes = 0;
    ws.on('update', () => writes++);
    updater.flush();
    expect(writes).toBe(0);
  });

  it('an edit that changes no facts still marks the page edited, at most once a minute', async () => {
    const { ws, pageId, editor, updater } = await setup(60_000);
    writePage(editor, 'First line', 'second');
    updater.flush();
    const t0 = getPageMeta(ws, pageId)!.updatedAt;
    clock = t0 + 30_000;
    writePage(editor, 'First line', 'second, longer');
    updater.flush();
    expect(getPageMeta(ws, pageId)!.updatedAt).toBe(t0);
    clock = t0 + 61_000;
    writePage(editor, 'First line', 'second, longer still');
    updater.flush();
    expect(getPageMeta(ws, pageId)!.updatedAt).toBe(t0 + 61_000);
  });

  it('a page loaded from storage is not counted as edited', async () => {
    const { ws, store, pageId, ada, editor, updater, conn } = await setup(60_000);
    writePage(editor, `Hello @${ada}`);
    updater.flush();
    conn.close();
    await store.flushAll();
    const before = getPageMeta(ws, pageId)!.updatedAt;
    clock = before + 3_600_000;
    const reopened = new Y.Doc({ guid: pageId });
    const conn2 = store.connect(pageId, reopened);
    await conn2.loaded;
    updater.flush();
    expect(getPageMeta(ws, pageId)!.updatedAt).toBe(before);
    conn2.close();
  });

  it('changes arriving by sync for a page no editor has open reach the registry', async () => {
    const { ws, store, pageId, bob, conn, updater } = await setup(60_000);
    conn.close();
    await store.flushAll();
    // Another device wrote the page; its update arrives here.
    const remote = new Y.Doc({ guid: pageId });
    writePage(bindEditor(remote), `Synced note about @${bob}`);
    await store.applyUpdate(pageId, Y.encodeStateAsUpdate(remote));
    expect(store.isOpen(pageId)).toBe(false);
    updater.flush();
    expect(getPageMeta(ws, pageId)?.mentions).toEqual({ [bob]: ['Synced note about ', { p: bob }] });
  });

  it('stop() cancels pending work and ignores later edits', async () => {
    const { ws, pageId, ada, editor, updater } = await setup(20);
    writePage(editor, `Before stop @${ada}`);
    updater.stop();
    writePage(editor, `After stop @${ada}`);
    await new Promise((r) => setTimeout(r, 60));
    updater.flush();
    expect(getPageMeta(ws, pageId)?.mentions).toEqual({});
  });
});
