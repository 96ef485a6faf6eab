import { $createLinkNode } from '@lexical/link';
import { $createListItemNode, $createListNode, $isListItemNode, $isListNode } from '@lexical/list';
import { $createHeadingNode, $createQuoteNode } from '@lexical/rich-text';
import {
  $createLineBreakNode,
  $createParagraphNode,
  $createTextNode,
  $getRoot,
  $isElementNode,
  type LexicalEditor,
  type LexicalNode,
} from 'lexical';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { derivePageFacts } from '../../shared/pages/pageFacts';
import { readPageBlocks, type Block } from '../../shared/pages/pageBlocks';
import { $createMentionNode, $isMentionNode } from './nodes/MentionNode';
import { bindHeadlessEditor, type HeadlessPage } from './headlessBinding';

type Bound = HeadlessPage;
const bindEditor = (doc: Y.Doc, id = 'page'): Bound => bindHeadlessEditor(doc, id);

const ADA = 'person-ada';
const BOB = 'person-bob';

/** A page with every block and inline type the journal uses. */
function writeSamplePage(editor: LexicalEditor): void {
  editor.update(
    () => {
      const root = $getRoot();
      root.clear();
      root.append(
        $createHeadingNode('h1').append($createTextNode('Saturday market')),
        $createParagraphNode().append(
          $createTextNode('Met '),
          $createMentionNode(ADA),
          $createTextNode(' by the '),
          $createTextNode('fish stall').toggleFormat('bold'),
          $createTextNode(', she recommended '),
          $createLinkNode('https://example.com/bakery').append($createTextNode('the bakery')),
          $createTextNode('.'),
        ),
        $createParagraphNode(),
        $createParagraphNode().append(
          $createTextNode('Line one'),
          $createLineBreakNode(),
          $createTextNode('line two with '),
          $createMentionNode(BOB),
        ),
        $createListNode('bullet').append(
          $createListItemNode().append($createTextNode('apples')),
          $createListItemNode().append($createTextNode('pears for '), $createMentionNode(BOB)),
        ),
        $createListNode('check').append(
          $createListItemNode(true).append($createTextNode('buy bread')),
          $createListItemNode(false).append($createTextNode('call '), $createMentionNode(ADA)),
        ),
        $createQuoteNode().append($createTextNode('Later, '), $createMentionNode(ADA), $createTextNode(' again.')),
      );
    },
    { discrete: true },
  );
}

const EXPECTED_BLOCKS: Block[] = [
  { type: 'heading', inlines: [{ text: 'Saturday market' }] },
  {
    type: 'paragraph',
    inlines: [
      { text: 'Met ' },
      { mention: ADA },
      { text: ' by the fish stall, she recommended the bakery.' },
    ],
  },
  { type: 'paragraph', inlines: [{ text: 'Line one\nline two with ' }, { mention: BOB }] },
  { type: 'listitem', inlines: [{ text: 'apples' }] },
  { type: 'listitem', inlines: [{ text: 'pears for ' }, { mention: BOB }] },
  { type: 'listitem', checked: true, inlines: [{ text: 'buy bread' }] },
  { type: 'listitem', checked: false, inlines: [{ text: 'call ' }, { mention: ADA }] },
  { type: 'quote', inlines: [{ text: 'Later, ' }, { mention: ADA }, { text: ' again.' }] },
];

const bound: Bound[] = [];
const track = (b: Bound): Bound => (bound.push(b), b);
afterEach(() => bound.splice(0).forEach((b) => b.dispose()));

describe('page content written through Lexical + @lexical/yjs', () => {
  it('the binding syncs every edit into the doc', () => {
    const { editor, doc } = track(bindEditor(new Y.Doc()));
    writeSamplePage(editor);
    expect(doc.get('root', Y.XmlText).length).toBeGreaterThan(0);
  });

  it('readPageBlocks reads block types, texts, mentions and checked flags', () => {
    const { editor, doc } = track(bindEditor(new Y.Doc()));
    writeSamplePage(editor);
    expect(readPageBlocks(doc)).toEqual(EXPECTED_BLOCKS);
  });

  it('derivePageFacts gives the preview and a snippet around each first mention', () => {
    const { editor, doc } = track(bindEditor(new Y.Doc()));
    writeSamplePage(editor);
    const facts = derivePageFacts(readPageBlocks(doc));
    expect(facts.preview).toEqual(['Saturday market']);
    expect(facts.mentions).toEqual({
      [ADA]: ['Met ', { p: ADA }, ' by the fish stall, she recommended the bakery.'],
      [BOB]: ['Line one line two with ', { p: BOB }],
    });
  });

  it('follows later edits: removing a mention, ticking a box, retyping text', () => {
    const { editor, doc } = track(bindEditor(new Y.Doc()));
    writeSamplePage(editor);
    editor.update(
      () => {
        const [, paragraph, , , , checklist] = $getRoot().getChildren();
        if (!$isElementNode(paragraph) || !$isListNode(checklist)) throw new Error('unexpected page structure');
        paragraph
          .getChildren()
          .filter($isMentionNode)
          .forEach((n) => n.remove());
        const item = checklist.getChildren()[1];
        if (!$isListItemNode(item)) throw new Error('unexpected checklist');
        item.setChecked(true);
        $getRoot().getFirstChildOrThrow<ReturnType<typeof $createHeadingNode>>().clear().append($createTextNode('Sunday'));
      },
      { discrete: true },
    );
    const blocks = readPageBlocks(doc);
    expect(blocks[0]).toEqual({ type: 'heading', inlines: [{ text: 'Sunday' }] });
    expect(blocks[1]!.inlines).toEqual([{ text: 'Met  by the fish stall, she recommended the bakery.' }]);
    expect(blocks[6]).toMatchObject({ checked: true });
    // Ada is still mentioned in the checklist, so her snippet moves there.
    expect(derivePageFacts(blocks).mentions[ADA]).toEqual(['call ', { p: ADA }]);
  });

  it('an empty editor yields no blocks', () => {
    const { editor, doc } = track(bindEditor(new Y.Doc()));
    editor.update(() => $getRoot().clear().append($createParagraphNode()), { discrete: true });
    expect(readPageBlocks(doc)).toEqual([]);
    expect(derivePageFacts(readPageBlocks(doc))).toEqual({ preview: [], mentions: {} });
  });
});

describe('reading a doc no editor has open', () => {
  it('a fresh Y.Doc fed the encoded state reads the same blocks', () => {
    const { editor, doc } = track(bindEditor(new Y.Doc()));
    writeSamplePage(editor);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(readPageBlocks(copy)).toEqual(EXPECTED_BLOCKS);
    expect(derivePageFacts(readPageBlocks(copy))).toEqual(derivePageFacts(readPageBlocks(doc)));
  });

  it('incremental updates sent one by one give the same result as the whole state', () => {
    const source = track(bindEditor(new Y.Doc()));
    const copy = new Y.Doc();
    source.doc.on('update', (u: Uint8Array) => Y.applyUpdate(copy, u));
    writeSamplePage(source.editor);
    source.editor.update(() => $getRoot().append($createParagraphNode().append($createTextNode('P.S.'))), {
      discrete: true,
    });
    expect(readPageBlocks(copy)).toEqual([...EXPECTED_BLOCKS, { type: 'paragraph', inlines: [{ text: 'P.S.' }] }]);
  });
});

describe('round trip into a second editor', () => {
  it('an editor bound to a fresh doc shows the same content after receiving the update', async () => {
    const first = track(bindEditor(new Y.Doc()));
    writeSamplePage(first.editor);
    const second = track(bindEditor(new Y.Doc()));
    Y.applyUpdate(second.doc, Y.encodeStateAsUpdate(first.doc));
    await settle(); // syncYjsChangesToLexical schedules a (non-discrete) editor update

    const textOf = (e: LexicalEditor) => e.getEditorState().read(() => $getRoot().getTextContent());
    const mentionsOf = (e: LexicalEditor) => e.getEditorState().read(() => collectMentions($getRoot()));
    expect(textOf(second.editor)).toBe(textOf(first.editor));
    expect(textOf(second.editor)).toContain('Saturday market');
    expect(mentionsOf(second.editor)).toEqual([ADA, BOB, BOB, ADA, ADA]);
    expect(readPageBlocks(second.doc)).toEqual(EXPECTED_BLOCKS);

    // And back: an edit in the second editor reaches the first.
    second.editor.update(() => $getRoot().append($createParagraphNode().append($createTextNode('From the other side'))), {
      discrete: true,
    });
    Y.applyUpdate(first.doc, Y.encodeStateAsUpdate(second.doc, Y.encodeStateVector(first.doc)));
    await settle();
    expect(textOf(first.editor)).toContain('From the other side');
    expect(readPageBlocks(first.doc).at(-1)).toEqual({ type: 'paragraph', inlines: [{ text: 'From the other side' }] });
  });
});

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function collectMentions(node: LexicalNode): string[] {
  if ($isMentionNode(node)) return [node.getPersonId()];
  return $isElementNode(node) ? node.getChildren().flatMap(collectMentions) : [];
}
