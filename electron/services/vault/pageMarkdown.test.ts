/**
 * Markdown → Lexical round trip: a page written through the app's own nodes (headless editor
 * bound to a Y.Doc, as the real editor writes it) is exported with pageToMarkdown, read back by
 * @lexical/markdown with the app's transformers and nodes, and must give the same blocks: types,
 * heading levels, list types, nesting and numbering, checklist state, code language, text,
 * formats and link URLs. Mentions come back as their wikilink text.
 */
import { $createCodeNode } from '@lexical/code';
import { $createLinkNode } from '@lexical/link';
import { $createListItemNode, $createListNode } from '@lexical/list';
import { $convertFromMarkdownString } from '@lexical/markdown';
import { $createHeadingNode, $createQuoteNode } from '@lexical/rich-text';
import { $createLineBreakNode, $createParagraphNode, $createTextNode, $getRoot, $isTextNode, type ElementNode, type LexicalNode } from 'lexical';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import fc from 'fast-check';
import { bindHeadlessEditor } from '../../../renderer/editor/headlessBinding';
import { KINDRED_MARKDOWN } from '../../../renderer/editor/markdown';
import { $createMentionNode, $isMentionNode } from '../../../renderer/editor/nodes/MentionNode';
import { createHeadlessEditor } from '@lexical/headless';
import { KINDRED_NODES } from '../../../renderer/editor/nodes';
import { escapeText, pageToMarkdown, type MarkdownOptions } from './pageMarkdown';

const PEOPLE: Record<string, string> = { 'person-a': 'Maria José', 'person-b': 'Sam: the builder' };
const opts: MarkdownOptions = {
  linkFor: (id) => (id === 'person-a' ? '[[Maria José]]' : id === 'person-b' ? '[[Sam - the builder|Sam: the builder]]' : null),
  nameFor: (id) => PEOPLE[id] ?? 'unknown person',
};

type Shape = { t: string; a?: Record<string, unknown>; c?: Shape[]; text?: string; f?: number };

/** The blocks as a comparable tree; adjacent text of one format merged, mentions as their link text. */
function $shape(node: LexicalNode): Shape {
  if ($isMentionNode(node)) return { t: 'text', text: opts.linkFor(node.__personId) ?? '', f: 0 };
  if ($isTextNode(node)) return { t: 'text', text: node.getTextContent(), f: node.getFormat() };
  if (node.getType() === 'linebreak') return { t: 'text', text: '\n', f: 0 };
  const el = node as ElementNode;
  const a: Record<string, unknown> = {};
  const n = el as unknown as Record<string, unknown>;
  for (const k of ['__tag', '__listType', '__checked', '__language', '__url']) if (n[k] !== undefined && n[k] !== null) a[k] = n[k];
  if (el.getType() === 'list') a.__start = n.__start;
  if (el.getType() === 'list') delete a.__tag;
  const c: Shape[] = [];
  for (const child of el.getChildren().map($shape)) {
    const last = c[c.length - 1];
    if (last && last.t === 'text' && child.t === 'text' && last.f === child.f) last.text += child.text!;
    else c.push(child);
  }
  return { t: el.getType(), a, c };
}

function shapeOf(build: () => void): { doc: Y.Doc; shape: Shape[] } {
  const doc = new Y.Doc();
  const page = bindHeadlessEditor(doc);
  page.editor.update(build, { discrete: true });
  const shape = page.editor.getEditorState().read(() => $getRoot().getChildren().map($shape));
  page.dispose();
  return { doc, shape };
}

function readBack(markdown: string): Shape[] {
  const editor = createHeadlessEditor({ nodes: KINDRED_NODES, onError: (e) => { throw e; } });
  editor.update(() => $convertFromMarkdownString(markdown, KINDRED_MARKDOWN), { discrete: true });
  return editor.getEditorState().read(() => $getRoot().getChildren().map($shape));
}

function text(s: string, format = 0): LexicalNode {
  return $createTextNode(s).setFormat(format);
}

function $para(...children: LexicalNode[]): ElementNode {
  return $createParagraphNode().append(...children);
}

describe('Markdown → Lexical round trip', () => {
  test('every block type and text format', () => {
    const { doc, shape } = shapeOf(() => {
      const root = $getRoot();
      root.append($createHeadingNode('h1').append(text('Title')));
      root.append($createHeadingNode('h2').append(text('Section '), text('two', 1)));
      root.append($createHeadingNode('h3').append(text('Third')));
      root.append(
        $para(
          text('plain, '),
          text('bold', 1),
          text(' '),
          text('italic', 2),
          text(' '),
          text('both', 3),
          text(' '),
          text('struck', 4),
          text(' '),
          text('code()', 16),
          text(' '),
          text('marked', 128),
          text(' and '),
          $createLinkNode('https://example.org/x?y=1').append(text('a link')),
          text(' with '),
          $createMentionNode('person-a'),
          text(' and '),
          $createMentionNode('person-b'),
          text('.'),
        ),
      );
      root.append($para(text('Literal *stars*, _under_, `ticks`, #tag, 50%, $5, [x], [[not a link]], <b>, a|b, 2^3 ~~no~~ ==no==')));
      root.append($para(text('1. not a list')));
      root.append($para(text('- not a bullet')));
      root.append($para(text('> not a quote')));
      root.append($para(text('# not a heading')));
      root.append($createQuoteNode().append(text('A quote with '), text('bold', 1)));
      const bullets = $createListNode('bullet');
      const nestedItem = $createListItemNode();
      const nested = $createListNode('bullet').append($createListItemNode().append(text('nested one')), $createListItemNode().append(text('nested two')));
      nestedItem.append(nested);
      bullets.append($createListItemNode().append(text('first')), $createListItemNode().append(text('second')), nestedItem, $createListItemNode().append(text('third')));
      root.append(bullets);
      root.append($createListNode('number', 3).append($createListItemNode().append(text('three')), $createListItemNode().append(text('four', 2))));
      root.append($createListNode('check').append($createListItemNode(false).append(text('to do')), $createListItemNode(true).append(text('done'), text(' '), $createMentionNode('person-a'))));
      root.append($createCodeNode('ts').append(text('const a = `x`;'), $createLineBreakNode(), text('  return **a**;')));
      root.append($para(text('after the code')));
    });
    const md = pageToMarkdown(doc, opts);
    expect(md.mentions).toBe(3);
    const back = readBack(md.markdown);
    expect(back).toEqual(shape);
  });

  test('any plain text survives escaping (property)', () => {
    const alphabet = fc.constantFrom(...'ab 1.-+*_`~=#%$<>|^[]()!\\:'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: 1, maxLength: 24 }).map((cs) => cs.join('')), (s) => {
        const t = s.trim();
        fc.pre(t.length > 0 && !/\s\s/.test(t));
        const back = readBack(`${escapeText(t)}\n`);
        expect(back).toEqual([{ t: 'paragraph', a: {}, c: [{ t: 'text', text: t, f: 0 }] }]);
      }),
      { numRuns: 300 },
    );
  });
});

