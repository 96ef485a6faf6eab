import { createHeadlessEditor } from '@lexical/headless';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deriveFacts } from '../../shared/domain/derivedFacts';
import { journalPageId } from '../../shared/domain/ids';
import { createPerson, getPageMeta, pagesMap, peopleMap, readPerson } from '../../shared/domain/workspace';
import { readPageBlocks, type Block } from '../../shared/pages/pageBlocks';
import { bindHeadlessEditor } from '../editor/headlessBinding';
import { KINDRED_NODES } from '../editor/nodes';
import { setMentionNameResolver } from '../editor/nodes/mentionNames';
import { $createMentionNode } from '../editor/nodes/MentionNode';
import { startTestHost, type TestHost } from '../replica/inProcessHost.testkit';
import { createReplicaHub, type ReplicaHub } from '../replica/replicaHub';
import type { CacheEvents } from '../replica/replicaDoc';
import { DocStore } from '../storage/docStore';
import { openWorkspace, type OpenedWorkspace } from '../storage/openWorkspace';
import { CaptureNotSavedError, EmptyCaptureError, captureIsEmpty, mentionedPeople, saveCapture, type CaptureTarget } from './saveCapture';

/**
 * Saving a capture over real Y.Docs, a real in-process host and its real store (memory backend),
 * through windows opened the way capture opens them: `offlineCache: false`. Node has no
 * IndexedDB, so a window that tried to open one would report cache failures: none may appear.
 */

const NOW = new Date(2026, 10, 30, 9, 15); // 30 Nov 2026, 09:15 local
const TODAY = '2026-11-30';

interface TestWindow {
  hub: ReplicaHub;
  docs: DocStore;
  workspace: OpenedWorkspace;
  target: CaptureTarget;
  cacheEvents: string[];
  disconnect(): void;
}

let host: TestHost;
const windows: TestWindow[] = [];

async function openWindow(offlineCache = false): Promise<TestWindow> {
  const conn = host.connect();
  const hub = createReplicaHub(conn.client, { onSaveFailure: () => undefined, onSaveRecovered: () => undefined }, { retryDelaysMs: [5, 20] });
  const cacheEvents: string[] = [];
  const events: CacheEvents = {
    onCacheFailure: (f) => cacheEvents.push(`failure ${f.docName}`),
    onCacheRecovered: (n) => cacheEvents.push(`recovered ${n}`),
    onCacheDamaged: (d) => cacheEvents.push(`damaged ${d}`),
  };
  const workspace = await openWorkspace(hub, events, 5_000, { offlineCache });
  const docs = new DocStore({ hub, ...events, offlineCache });
  const target: CaptureTarget = {
    ws: workspace.doc,
    deviceId: workspace.deviceId,
    editDoc: (id, edit) => docs.editDoc(id, edit),
    flushWorkspace: () => workspace.replica.link.whenSettled({ rejectOnFailure: true }),
  };
  const win = { hub, docs, workspace, target, cacheEvents, disconnect: conn.disconnect };
  windows.push(win);
  return win;
}

/** The store's copy of a doc (what a restart or another window would read). */
async function stored(docId: string): Promise<Y.Doc> {
  const doc = new Y.Doc({ guid: docId });
  const update = await host.stored(docId);
  if (update) Y.applyUpdate(doc, update);
  return doc;
}

const texts = (blocks: Block[]): string[] =>
  blocks.map((b) => b.inlines.map((i) => ('text' in i ? i.text : `@${i.mention}`)).join(''));

/** A capture editor's state, as the capture page serializes it. */
function captureState(write: (editor: LexicalEditor) => void): string {
  const editor = createHeadlessEditor({ nodes: KINDRED_NODES, onError: (e) => { throw e; } });
  write(editor);
  return JSON.stringify(editor.getEditorState().toJSON());
}

function paragraphs(...lines: Array<Array<string | { mention: string }>>): string {
  return captureState((editor) =>
    editor.update(
      () => {
        const root = $getRoot();
        root.clear();
        for (const line of lines) {
          const p = $createParagraphNode();
          for (const part of line) p.append(typeof part === 'string' ? $createTextNode(part) : $createMentionNode(part.mention));
          root.append(p);
        }
      },
      { discrete: true },
    ),
  );
}

beforeEach(async () => {
  host = await startTestHost();
});

afterEach(async () => {
  for (const w of windows.splice(0)) w.hub.dispose();
  setMentionNameResolver(() => undefined);
  await host.dispose();
});

/**
 * A page open in a window's editor: a fresh doc made the page's live doc, with a headless editor
 * bound the way CollaborationPlugin binds the real one. `type` adds a paragraph at the end.
 */
function liveEditor(win: TestWindow, pageId: string) {
  const doc = new Y.Doc({ guid: pageId });
  const editor = bindHeadlessEditor(doc).editor;
  const connection = win.docs.connect(pageId, doc);
  const type = (line: string): void => {
    // Let what arrived from the store reach Lexical first (it commits on its own, as in a browser
    // between keystrokes), then type.
    editor.update(() => undefined, { discrete: true });
    editor.update(() => void $getRoot().append($createParagraphNode().append($createTextNode(line))), { discrete: true });
  };
  return { doc, editor, connection, type };
}

/** Mentions resolve against this window's workspace, as the capture page sets it up. */
function resolveFrom(ws: Y.Doc): void {
  setMentionNameResolver((id) => {
    const rec = peopleMap(ws).get(id);
    return rec ? readPerson(id, rec).name : undefined;
  });
}

describe('saveCapture', () => {
  it('saves into a new note when today’s entry is in Trash or was emptied from it (nothing typed is hidden or erased)', async () => {
    const capture = await openWindow();
    const ws = capture.workspace.doc;
    const day = journalPageId(TODAY);
    pagesMap(ws).set(day, new Y.Map<unknown>());
    pagesMap(ws).get(day)!.set('kind', 'journal');
    pagesMap(ws).get(day)!.set('date', TODAY);
    pagesMap(ws).get(day)!.set('deletedAt', 1);
    const saved = await saveCapture(capture.target, { editorState: paragraphs(['Still here.']), mode: 'today' }, NOW);
    expect(saved.pageId).not.toBe(day);
    expect(getPageMeta(ws, saved.pageId)?.kind).toBe('conversation');
    expect(texts(readPageBlocks(await stored(saved.pageId)))).toEqual(['Still here.']);
    expect(await host.stored(day)).toBeNull();
  });

  it('saves a conversation note dated now whose mentioned people are its participants', async () => {
    const capture = await openWindow();
    resolveFrom(capture.workspace.doc);
    const maria = createPerson(capture.workspace.doc, 'Maria', TODAY, { now: NOW.getTime(), deviceId: capture.workspace.deviceId });
    const state = paragraphs(['Coffee with ', { mention: maria.id }, ' about the bakery.'], ['Ask about Lisbon.']);

    const saved = await saveCapture(capture.target, { editorState: state, mode: 'note' }, NOW);

    expect(saved.mode).toBe('note');
    expect(saved.people).toEqual([maria.id]);
    // Acknowledged means in the store: read it back from there, as a restart would.
    const ws = await stored('kindred-workspace');
    const meta = getPageMeta(ws, saved.pageId);
    expect(meta).toMatchObject({ kind: 'conversation', date: TODAY, place: '', createdAt: NOW.getTime(), createdOn: capture.workspace.deviceId });
    const blocks = readPageBlocks(await stored(saved.pageId));
    expect(texts(blocks)).toEqual([`Coffee with @${maria.id} about the bakery.`, 'Ask about Lisbon.']);
    expect(blocks[0]!.inlines.find((i) => 'mention' in i)).toEqual({ mention: maria.id });
    // What the host's derived index makes of it: Maria is a participant (contact on that day).
    const facts = deriveFacts(saved.pageId, await stored(saved.pageId));
    expect(facts.contacts).toEqual([maria.id]);
    expect(Object.keys(facts.mentions)).toEqual([maria.id]);
    expect(capture.cacheEvents).toEqual([]);
  });

  it('a person created in the capture is in the store with the note', async () => {
    const capture = await openWindow();
    resolveFrom(capture.workspace.doc);
    const ode = createPerson(capture.workspace.doc, 'Ode', TODAY, { now: NOW.getTime(), deviceId: capture.workspace.deviceId });
    const saved = await saveCapture(capture.target, { editorState: paragraphs(['Called ', { mention: ode.id }]), mode: 'note' }, NOW);
    const ws = await stored('kindred-workspace');
    expect(readPerson(ode.id, peopleMap(ws).get(ode.id)!).name).toBe('Ode');
    expect(pagesMap(ws).has(saved.pageId)).toBe(true);
  });

  it('appends to the end of today’s entry, creating it the way the app does when missing', async () => {
    const capture = await openWindow();
    resolveFrom(capture.workspace.doc);
    const first = await saveCapture(capture.target, { editorState: paragraphs(['First capture.']), mode: 'today' }, NOW);
    expect(first.pageId).toBe(journalPageId(TODAY));
    expect(getPageMeta(await stored('kindred-workspace'), first.pageId)).toMatchObject({ kind: 'journal', date: TODAY });

    // The app types into the day in its own live editor.
    const app = await openWindow();
    const live = liveEditor(app, first.pageId);
    await live.connection.loaded;
    await expect.poll(() => texts(readPageBlocks(live.doc))).toEqual(['First capture.']);
    live.type('Typed in the app.');
    await app.docs.flushAll();

    await saveCapture(capture.target, { editorState: paragraphs(['Second capture.'], ['Its second line.']), mode: 'today' }, NOW);
    expect(texts(readPageBlocks(await stored(first.pageId)))).toEqual(['First capture.', 'Typed in the app.', 'Second capture.', 'Its second line.']);
    live.connection.close();
    expect(pagesMap(await stored('kindred-workspace')).size).toBe(1);
  });

  it('keeps both when another window types into today while the capture appends', async () => {
    const app = await openWindow();
    const capture = await openWindow();
    resolveFrom(capture.workspace.doc);
    const dayId = journalPageId(TODAY);
    // The app has today open in a live editor (a headless one bound like CollaborationPlugin).
    const live = liveEditor(app, dayId);
    const type = live.type;
    await live.connection.loaded;
    type('Morning: the market.');
    await app.docs.flushAll();

    // The app keeps typing while the capture is saved; nothing waits for the other.
    const saving = saveCapture(capture.target, { editorState: paragraphs(['Captured in between.']), mode: 'today' }, NOW);
    type('Typed during the capture.');
    await saving;
    type('Typed after it.');
    await app.docs.flushAll();

    const expected = ['Morning: the market.', 'Typed during the capture.', 'Captured in between.', 'Typed after it.'];
    const storedTexts = texts(readPageBlocks(await stored(dayId)));
    expect([...storedTexts].sort()).toEqual([...expected].sort());
    // The app's live doc has the capture too (it came through the store, no reload).
    await expect.poll(() => [...texts(readPageBlocks(live.doc))].sort()).toEqual([...expected].sort());
    expect(storedTexts[0]).toBe('Morning: the market.');
    live.connection.close();
  });

  it('says "not saved" while the store cannot write, and settles once it can; nothing is written twice', async () => {
    const capture = await openWindow();
    resolveFrom(capture.workspace.doc);
    host.failWrites(true);
    const error = await saveCapture(capture.target, { editorState: paragraphs(['Kept through a full disk.']), mode: 'note' }, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureNotSavedError);
    expect((error as CaptureNotSavedError).written).toBe(true);
    expect((error as CaptureNotSavedError).message).toMatch(/disk is full/i);
    host.failWrites(false);
    // A retry only waits for the links that keep pushing.
    await Promise.all([capture.docs.flushAll(), capture.workspace.replica.link.whenSettled()]);
    const pageId = (error as CaptureNotSavedError).pageId;
    expect(texts(readPageBlocks(await stored(pageId)))).toEqual(['Kept through a full disk.']);
    expect([...pagesMap(await stored('kindred-workspace')).keys()]).toEqual([pageId]);
  });

  it('leaves no empty note behind when the page cannot be opened at all', async () => {
    const capture = await openWindow();
    resolveFrom(capture.workspace.doc);
    capture.disconnect();
    const error = await saveCapture(capture.target, { editorState: paragraphs(['Host gone.']), mode: 'note' }, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureNotSavedError);
    expect((error as CaptureNotSavedError).written).toBe(false);
    expect(pagesMap(capture.workspace.doc).size).toBe(0);
  });

  it('refuses an empty capture and writes nothing', async () => {
    const capture = await openWindow();
    const blank = paragraphs([], ['   '], []);
    expect(captureIsEmpty(blank)).toBe(true);
    await expect(saveCapture(capture.target, { editorState: blank, mode: 'note' }, NOW)).rejects.toBeInstanceOf(EmptyCaptureError);
    expect(pagesMap(capture.workspace.doc).size).toBe(0);
    expect(captureIsEmpty('not json')).toBe(true);
  });

  it('lists mentioned people once each, in order', () => {
    const state = paragraphs([{ mention: 'p-b' }, ' and ', { mention: 'p-a' }], [{ mention: 'p-b' }]);
    expect(mentionedPeople(state)).toEqual(['p-b', 'p-a']);
    expect(mentionedPeople('{')).toEqual([]);
  });
});
