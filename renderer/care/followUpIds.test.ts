/**
 * A follow-up's hand-set due date stays with its checklist item: the item gets its own id once
 * (an attribute on its Y.XmlText), and real Lexical edits through @lexical/yjs — a headless
 * editor bound exactly as the app's — keep it.
 */
import { $createListItemNode, $createListNode, $isListItemNode, type ListItemNode } from '@lexical/list';
import { $createTextNode, $getRoot, type LexicalEditor, type TextNode } from 'lexical';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  applyOverrides,
  extractFollowUps,
  followUpOverrides,
  moveFollowUpOverride,
  setFollowUpDue,
  stampFollowUpId,
  type FollowUp,
} from '../../shared/care';
import { initWorkspace } from '../../shared/domain/workspace';
import { readPageBlocks } from '../../shared/pages/pageBlocks';
import { bindHeadlessEditor, type HeadlessPage } from '../editor/headlessBinding';
import { $createMentionNode } from '../editor/nodes/MentionNode';

const PAGE = 'note-followups';
const DATE = '2026-11-02';
const pages: HeadlessPage[] = [];
afterEach(() => pages.splice(0).forEach((p) => p.dispose()));

function open(): { doc: Y.Doc; editor: LexicalEditor } {
  const doc = new Y.Doc({ guid: PAGE });
  const page = bindHeadlessEditor(doc);
  pages.push(page);
  return { doc, editor: page.editor };
}

/** One checklist; each item is "<text> @maria". */
function writeChecklist(editor: LexicalEditor, ...items: string[]): void {
  editor.update(
    () => {
      const list = $createListNode('check');
      for (const text of items) list.append($createListItemNode(false).append($createTextNode(text), $createMentionNode('maria')));
      $getRoot().clear().append(list);
    },
    { discrete: true },
  );
}

/** Inside an update: the checklist's items. */
function $items(): ListItemNode[] {
  return $getRoot().getFirstChildOrThrow<ListItemNode>().getChildren().filter($isListItemNode);
}

/**
 * Stamps as the app does (on the doc, outside the editor), then waits for the editor to take the
 * change in (its Yjs → Lexical sync commits as its own update), as it would before a keystroke.
 */
async function stamp(editor: LexicalEditor, doc: Y.Doc, key: string, id: string): Promise<string> {
  const synced = new Promise<void>((resolve) => {
    const off = editor.registerUpdateListener(() => {
      off();
      resolve();
    });
  });
  const idKey = stampFollowUpId(doc, PAGE, DATE, key, id);
  await synced;
  if (!idKey) throw new Error('item not found');
  return idKey;
}

const followUps = (doc: Y.Doc): FollowUp[] => extractFollowUps(PAGE, DATE, readPageBlocks(doc), () => 'Maria');

function withDue(doc: Y.Doc, ws: Y.Doc): FollowUp[] {
  return applyOverrides(followUps(doc), followUpOverrides(ws));
}

function newWorkspace(): Y.Doc {
  const ws = new Y.Doc();
  initWorkspace(ws);
  return ws;
}

describe('hand-set due dates follow the checklist item', () => {
  it('fixing a typo in the item keeps its date', async () => {
    const { doc, editor } = open();
    const ws = newWorkspace();
    writeChecklist(editor, 'send the recipie to ');
    const key = await stamp(editor, doc, followUps(doc)[0]!.key, 'item1');
    setFollowUpDue(ws, key, '2026-12-01');
    // The typo fixed through the editor, as typing would.
    editor.update(
      () => {
        const text = $items()[0]!.getFirstChildOrThrow<TextNode>();
        text.setTextContent('send the recipe to ');
      },
      { discrete: true },
    );
    const [f] = withDue(doc, ws);
    expect(f!.text).toBe('send the recipe to @Maria');
    expect(f!.due).toBe('2026-12-01');
  });

  it('deleting an earlier identical item does not move the date to another item', async () => {
    const { doc, editor } = open();
    const ws = newWorkspace();
    writeChecklist(editor, 'call ', 'call ', 'call ');
    const keys = followUps(doc).map((f) => f.key);
    expect(new Set(keys).size).toBe(3);
    const second = await stamp(editor, doc, keys[1]!, 'item2');
    setFollowUpDue(ws, second, '2026-12-24');
    editor.update(() => $items()[0]!.remove(), { discrete: true });
    const after = withDue(doc, ws);
    expect(after).toHaveLength(2);
    // The item that was second is now first, and the date is still its own; the last has none.
    expect(after.map((f) => f.due)).toEqual(['2026-12-24', null]);
    expect(after[0]!.key).toBe(second);
  });

  it('stamps an item once: a second stamp returns the same key, and a gone item gives null', () => {
    const { doc, editor } = open();
    writeChecklist(editor, 'bring soup to ');
    const first = stampFollowUpId(doc, PAGE, DATE, followUps(doc)[0]!.key, 'a1');
    expect(first).toBe(`${PAGE}:id-a1`);
    expect(stampFollowUpId(doc, PAGE, DATE, first!, 'other')).toBe(first);
    expect(followUps(doc)[0]!.key).toBe(first);
    expect(stampFollowUpId(doc, PAGE, DATE, `${PAGE}:nope`, 'x')).toBeNull();
  });

  it('a date stored under the old hash key still applies, then moves to the id (and lands on no other item)', async () => {
    const { doc, editor } = open();
    const ws = newWorkspace();
    writeChecklist(editor, 'water the plants for ');
    const legacy = followUps(doc)[0]!.key;
    expect(legacy).not.toContain(':id-');
    setFollowUpDue(ws, legacy, '2026-11-20');
    expect(withDue(doc, ws)[0]!.due).toBe('2026-11-20');

    const idKey = await stamp(editor, doc, legacy, 'w1');
    moveFollowUpOverride(ws, legacy, idKey);
    expect(Object.keys(followUpOverrides(ws))).toEqual([idKey]);
    expect(withDue(doc, ws)[0]!.due).toBe('2026-11-20');
    // An identical item added later has the old hash key's words, but not its date.
    editor.update(
      () => {
        const list = $getRoot().getFirstChildOrThrow<ListItemNode>();
        list.append($createListItemNode(false).append($createTextNode('water the plants for '), $createMentionNode('maria')));
      },
      { discrete: true },
    );
    expect(withDue(doc, ws).map((f) => f.due)).toEqual(['2026-11-20', null]);
  });

  it('the id survives the doc being reloaded from its update (another device, a restart)', () => {
    const { doc, editor } = open();
    writeChecklist(editor, 'ask about the trip, ');
    const key = stampFollowUpId(doc, PAGE, DATE, followUps(doc)[0]!.key, 'r1')!;
    const copy = new Y.Doc({ guid: PAGE });
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(followUps(copy)[0]!.key).toBe(key);
  });
});
