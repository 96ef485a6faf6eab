import { $getRoot, $parseSerializedNode, type SerializedLexicalNode } from 'lexical';
import * as Y from 'yjs';
import { toLocalISODate } from '../../shared/domain/dates';
import { createConversation, currentJournalPageId, ensureJournalPage, pagesMap, touchPage } from '../../shared/domain/workspace';
import { isLive } from '../../shared/domain/trashState';
import type { CaptureMode } from '../../shared/host/slices/capture';
import { MENTION_TYPE } from '../../shared/pages/pageBlocks';
import { bindHeadlessEditor } from '../editor/headlessBinding';

/**
 * Turns a capture (the capture editor's serialized state) into page content, the way the app
 * itself writes: the workspace record through shared/domain (`createConversation` for a note,
 * `ensureJournalPage` for today's entry — the same calls the app's "New conversation note" and
 * Today make) and the text through a headless Lexical editor bound to the page's Y.Doc, so the
 * stored structure is exactly what the app's editor would have written. People mentioned become
 * the note's participants the way they do in the app: a mention ("with", not "about") is what
 * the derived index counts as contact.
 */

export interface CaptureInput {
  /** `JSON.stringify(editorState.toJSON())` of the capture editor. */
  editorState: string;
  mode: CaptureMode;
}

/** What saving needs of the window: its workspace replica and its pages (a DocStore). */
export interface CaptureTarget {
  ws: Y.Doc;
  deviceId: string;
  /** Runs `edit` on the page's doc and resolves once the store has acknowledged it (DocStore.editDoc). */
  editDoc<T>(pageId: string, edit: (doc: Y.Doc) => T): Promise<T>;
  /** Resolves once the store has acknowledged every workspace update; rejects on a failure. */
  flushWorkspace(): Promise<void>;
}

export interface SavedCapture {
  pageId: string;
  mode: CaptureMode;
  /** People mentioned, in order of first mention. */
  people: string[];
}

/**
 * Saving did not finish. `written`: the capture is in this window's replicas and their links keep
 * pushing it (waiting again is enough: `CaptureTarget.settle`); otherwise nothing was written.
 */
export class CaptureNotSavedError extends Error {
  constructor(
    readonly written: boolean,
    readonly pageId: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'CaptureNotSavedError';
  }
}

export class EmptyCaptureError extends Error {
  constructor() {
    super('There is nothing to save yet: type something first.');
    this.name = 'EmptyCaptureError';
  }
}

/**
 * Writes the capture and resolves once the store has acknowledged every update it made (page and
 * workspace). Rejects when saving fails: what was written stays in this window's replicas, whose
 * links keep retrying, and the caller keeps the draft.
 */
export async function saveCapture(target: CaptureTarget, input: CaptureInput, now: Date): Promise<SavedCapture> {
  const blocks = captureBlocks(input.editorState);
  if (blocks.length === 0) throw new EmptyCaptureError();
  const date = toLocalISODate(now);
  const stamp = { now: now.getTime(), deviceId: target.deviceId };
  // Today's entry in Trash or emptied from it cannot take words (they would be hidden, or
  // erased by the purge): the capture becomes a new note instead, so nothing typed is lost.
  const today = pagesMap(target.ws).get(currentJournalPageId(target.ws, date));
  const isNew = input.mode === 'note' || (today !== undefined && !isLive(today));
  const pageId = isNew ? createConversation(target.ws, date, '', stamp) : ensureJournalPage(target.ws, date, stamp);
  let written = false;
  try {
    await target.editDoc(pageId, (doc) => {
      appendBlocksToDoc(doc, blocks);
      written = true;
    });
    // A capture is an edit typed on this device: the page's "last edited" time moves, as typing does.
    touchPage(target.ws, pageId, stamp.now, 0);
    await target.flushWorkspace();
  } catch (err) {
    // The page could not even be opened: take back the new note's record, so a retry does not
    // leave an empty note behind. (Today's entry is the same record whoever creates it: kept.)
    if (!written && isNew) pagesMap(target.ws).delete(pageId);
    throw new CaptureNotSavedError(written, pageId, err);
  }
  return { pageId, mode: input.mode, people: mentionedPeople(input.editorState) };
}

/** The capture's top-level blocks, without empty paragraphs at its start and end. Throws on JSON that is not an editor state. */
export function captureBlocks(editorState: string): SerializedLexicalNode[] {
  const parsed = JSON.parse(editorState) as { root?: { children?: unknown } };
  const children = parsed.root?.children;
  if (!Array.isArray(children)) throw new Error('The capture is not a Lexical editor state.');
  const blocks = children as SerializedLexicalNode[];
  let start = 0;
  let end = blocks.length;
  while (start < end && isBlank(blocks[start]!)) start++;
  while (end > start && isBlank(blocks[end - 1]!)) end--;
  return blocks.slice(start, end);
}

export function captureIsEmpty(editorState: string): boolean {
  try {
    return captureBlocks(editorState).length === 0;
  } catch {
    return true;
  }
}

/** Person ids mentioned anywhere in the capture, each once, in order. */
export function mentionedPeople(editorState: string): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as { type?: unknown; personId?: unknown; children?: unknown };
    if (n.type === MENTION_TYPE && typeof n.personId === 'string' && !out.includes(n.personId)) out.push(n.personId);
    if (Array.isArray(n.children)) n.children.forEach(visit);
  };
  try {
    visit((JSON.parse(editorState) as { root?: unknown }).root);
  } catch {
    return [];
  }
  return out;
}

/**
 * Appends serialized blocks at the end of a page doc, empty or not. A headless editor bound to a
 * doc that already has content starts empty (lexical#4999), so it is bound to a fresh mirror
 * first, the page's state is loaded into the mirror through the binding, the blocks are appended
 * there, and only what that append added goes back into the page doc — as an ordinary local
 * edit, which the page's replica link pushes. Concurrent edits elsewhere merge (it is one Yjs
 * insert after the page's last block).
 */
export function appendBlocksToDoc(doc: Y.Doc, blocks: readonly SerializedLexicalNode[]): void {
  const mirror = new Y.Doc({ guid: doc.guid });
  const page = bindHeadlessEditor(mirror);
  try {
    Y.applyUpdate(mirror, Y.encodeStateAsUpdate(doc));
    // The binding brings the page's content into Lexical as a pending "collaboration" update;
    // commit it on its own, or the append below would share its tag and never reach Yjs.
    page.editor.update(() => undefined, { discrete: true });
    const before = Y.encodeStateVector(mirror);
    page.editor.update(
      () => {
        // Only appended, never replacing an empty last paragraph: another window may be typing
        // into it right now, and text typed into a removed paragraph would be lost.
        $getRoot().append(...blocks.map((b) => $parseSerializedNode(b)));
      },
      { discrete: true },
    );
    const added = Y.encodeStateAsUpdate(mirror, before);
    Y.applyUpdate(doc, added);
  } finally {
    page.dispose();
    mirror.destroy();
  }
}

function isBlank(node: SerializedLexicalNode): boolean {
  if (node.type !== 'paragraph') return false;
  const children = (node as { children?: unknown }).children;
  if (!Array.isArray(children)) return true;
  return children.every((c: { type?: unknown; text?: unknown }) => c.type === 'text' && typeof c.text === 'string' && c.text.trim() === '');
}
