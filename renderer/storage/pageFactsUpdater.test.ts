import 'fake-indexeddb/auto';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, ensureJournalPage, getPageMeta, initWorkspace, pagesMap } from '../../shared/domain/workspace';
import { readPageBlocks } from '../../shared/pages/pageBlocks';
import { $createMentionNode } from '../editor/nodes/MentionNode';
import { bindHeadlessEditor } from '../editor/headlessBinding';
import { createTestDocStore } from '../replica/testWindow.testkit';
import { LOAD_ORIGIN, REMOTE_ORIGIN } from './docStore';
import { isLocalEdit, startPageFactsUpdater } from './pageFactsUpdater';

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
  // A real in-process host and store behind the window's replica (renderer/replica testkit).
  const { docs: store, dispose } = createTestDocStore();
  const updater = startPageFactsUpdater(ws, store, () => clock, delayMs);
  const doc = new Y.Doc({ guid: pageId });
  const conn = store.connect(pageId, doc);
  await conn.loaded;
  const editor = bindEditor(doc);
  cleanups.push(async () => {
    updater.stop();
    conn.close();
    await dispose();
  });
  return { ws, store, updater, pageId, ada, bob, doc, editor, conn };
}

const cleanups: (() => Promise<void>)[] = [];
beforeEach(() => {
  clock = 1_000_000 + seq * 10_000_000;
});
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('startPageFactsUpdater: "last edited" follows local edits only', () => {
  it('typing in the editor marks the page edited, at most once a minute', async () => {
    const { ws, pageId, editor } = await setup(60_000);
    const created = getPageMeta(ws, pageId)!.updatedAt;
    clock = created + 120_000;
    writePage(editor, 'First line', 'second');
    const t0 = getPageMeta(ws, pageId)!.updatedAt;
    expect(t0).toBe(clock);
    clock = t0 + 30_000;
    writePage(editor, 'First line', 'second, longer');
    expect(getPageMeta(ws, pageId)!.updatedAt).toBe(t0);
    clock = t0 + 61_000;
    writePage(editor, 'First line', 'second, longer still');
    expect(getPageMeta(ws, pageId)!.updatedAt).toBe(t0 + 61_000);
  });

  it('writes nothing derived into the workspace doc: preview and mentions stay out of the record', async () => {
    const { ws, pageId, ada, editor } = await setup(60_000);
    clock += 120_000;
    writePage(editor, `Walked with @${ada} by the river.`);
    const rec = pagesMap(ws).get(pageId)!;
    for (const key of ['preview', 'mentions', 'contacts', 'followUps', 'askNext']) expect(rec.has(key)).toBe(false);
    // Lists read content facts from the derived index: without one they are empty.
    expect(getPageMeta(ws, pageId)).toMatchObject({ preview: [], mentions: {}, updatedAt: clock });
  });

  it('undo and redo are edits', async () => {
    const { ws, pageId, doc } = await setup(60_000);
    const text = doc.get('scratch', Y.Text);
    const undo = new Y.UndoManager(text);
    text.insert(0, 'typed');
    undo.stopCapturing();
    clock += 120_000;
    undo.undo();
    expect(getPageMeta(ws, pageId)!.updatedAt).toBe(clock);
    clock += 120_000;
    undo.redo();
    expect(getPageMeta(ws, pageId)!.updatedAt).toBe(clock);
  });

  it('a page loaded from storage is not counted as edited', async () => {
    const { ws, store, pageId, ada, editor, conn } = await setup(60_000);
    writePage(editor, `Hello @${ada}`);
    conn.close();
    await store.flushAll();
    const before = getPageMeta(ws, pageId)!.updatedAt;
    clock = before + 3_600_000;
    const reopened = new Y.Doc({ guid: pageId });
    const conn2 = store.connect(pageId, reopened);
    await conn2.loaded;
    expect(readPageBlocks(reopened)).toHaveLength(1); // it did load the content
    expect(getPageMeta(ws, pageId)!.updatedAt).toBe(before);
    conn2.close();
  });

  it('an update from another device or window (REMOTE_ORIGIN) is not an edit, open or not', async () => {
    const { ws, store, pageId, bob, conn } = await setup(60_000);
    const before = getPageMeta(ws, pageId)!.updatedAt;
    clock = before + 3_600_000;
    const remote = new Y.Doc({ guid: pageId });
    writePage(bindEditor(remote), `Synced note about @${bob}`);
    // Into the open doc…
    await store.applyUpdate(pageId, Y.encodeStateAsUpdate(remote));
    expect(getPageMeta(ws, pageId)!.updatedAt).toBe(before);
    // …and straight to storage.
    conn.close();
    await store.flushAll();
    writePage(bindEditor(remote), `More from @${bob}`);
    await store.applyUpdate(pageId, Y.encodeStateAsUpdate(remote));
    expect(store.isOpen(pageId)).toBe(false);
    expect(getPageMeta(ws, pageId)!.updatedAt).toBe(before);
  });

  it('an edit made without an editor (ticking a follow-up, seeding a note) is an edit', async () => {
    const { ws, store, pageId, conn } = await setup(60_000);
    conn.close();
    await store.flushAll();
    clock += 3_600_000;
    await store.editDoc(pageId, (doc) => doc.transact(() => doc.get('scratch', Y.Text).insert(0, 'x')));
    expect(getPageMeta(ws, pageId)!.updatedAt).toBe(clock);
  });

  it('stop() ignores later edits', async () => {
    const { ws, pageId, editor, updater } = await setup(60_000);
    const before = getPageMeta(ws, pageId)!.updatedAt;
    updater.stop();
    clock += 3_600_000;
    writePage(editor, 'After stop');
    expect(getPageMeta(ws, pageId)!.updatedAt).toBe(before);
  });
});

describe('isLocalEdit', () => {
  it('knows the origins of edits from those of loads and remote updates', () => {
    const doc = new Y.Doc();
    expect(isLocalEdit(null)).toBe(true);
    expect(isLocalEdit(undefined)).toBe(true);
    expect(isLocalEdit(bindHeadlessEditor(doc).binding)).toBe(true);
    expect(isLocalEdit(new Y.UndoManager(doc.get('t', Y.Text)))).toBe(true);
    expect(isLocalEdit(REMOTE_ORIGIN)).toBe(false);
    expect(isLocalEdit(LOAD_ORIGIN)).toBe(false);
    expect(isLocalEdit('store')).toBe(false);
    expect(isLocalEdit({ whenSynced: Promise.resolve() })).toBe(false);
    expect(isLocalEdit({ editor: 1, doc: 'not a doc', docMap: 1 })).toBe(false);
  });
});

describe('startPageFactsUpdater: a day is registered by its first real edit, not by a visit', () => {
  async function visit(date: string) {
    const ws = new Y.Doc();
    initWorkspace(ws);
    const { docs: store, dispose } = createTestDocStore();
    const updater = startPageFactsUpdater(ws, store, () => clock, 60_000, 'dev-visit');
    const pageId = `day-${date}`;
    const doc = new Y.Doc({ guid: pageId });
    const conn = store.connect(pageId, doc);
    await conn.loaded;
    const editor = bindEditor(doc);
    cleanups.push(async () => {
      updater.stop();
      conn.close();
      await dispose();
    });
    return { ws, pageId, editor };
  }

  it('opening a day and seeding its empty first paragraph leaves the workspace doc unchanged', async () => {
    const { ws, editor } = await visit('2031-02-03');
    const before = Y.encodeStateAsUpdate(ws);
    // What CollaborationPlugin's bootstrap writes into an empty page: one empty paragraph.
    writePage(editor, '');
    writePage(editor, '   ');
    expect(pagesMap(ws).size).toBe(0);
    expect(Y.encodeStateAsUpdate(ws)).toEqual(before);
  });

  it('the first typed words create the day\'s record, dated from its id and stamped by this device', async () => {
    const { ws, pageId, editor } = await visit('2031-02-04');
    writePage(editor, '');
    clock += 5_000;
    writePage(editor, 'Rain all day.');
    expect(getPageMeta(ws, pageId)).toMatchObject({ kind: 'journal', date: '2031-02-04', createdAt: clock, createdOn: 'dev-visit' });
  });

  it('only journal day ids are registered this way', async () => {
    const { ws, editor } = await visit('not-a-date');
    writePage(editor, 'Typed into a page nobody registered');
    expect(pagesMap(ws).size).toBe(0);
  });
});
