// @vitest-environment jsdom
import { $generateNodesFromDOM } from '@lexical/html';
import { $generateNodesFromSerializedNodes } from '@lexical/clipboard';
import { $isElementNode, $isTextNode, createEditor, type LexicalNode, type SerializedLexicalNode } from 'lexical';
import { afterEach, describe, expect, it } from 'vitest';
import { KINDRED_NODES } from './index';
import { setMentionNameResolver } from './mentionNames';
import { $isMentionNode } from './MentionNode';

/**
 * Pasted content is read by MentionNode.importDOM (HTML from any app) and importJSON (Lexical's
 * own clipboard format). Either can carry any person id: only ids of people in this workspace
 * may become mention chips; anything else is pasted as its text.
 */
const PEOPLE = new Map([['person-ana', 'Ana']]);

afterEach(() => setMentionNameResolver(() => undefined));

/** What was pasted, flattened: mention chips as {mention: id}, text as strings. */
type Pasted = ({ mention: string } | string)[];

function summarise(nodes: LexicalNode[]): Pasted {
  const out: Pasted = [];
  const walk = (n: LexicalNode): void => {
    if ($isMentionNode(n)) out.push({ mention: n.getPersonId() });
    else if ($isTextNode(n)) out.push(n.getTextContent());
    else if ($isElementNode(n)) n.getChildren().forEach(walk);
  };
  nodes.forEach(walk);
  return out;
}

function pasteHtml(html: string): Pasted {
  const editor = createEditor({ nodes: KINDRED_NODES, onError: (e) => { throw e; } });
  let out: Pasted = [];
  editor.update(
    () => {
      const dom = new DOMParser().parseFromString(html, 'text/html');
      out = summarise($generateNodesFromDOM(editor, dom));
    },
    { discrete: true },
  );
  return out;
}

function pasteLexical(serialized: SerializedLexicalNode[]): Pasted {
  const editor = createEditor({ nodes: KINDRED_NODES, onError: (e) => { throw e; } });
  let out: Pasted = [];
  editor.update(() => {
    out = summarise($generateNodesFromSerializedNodes(serialized));
  }, { discrete: true });
  return out;
}

describe('pasted mentions', () => {
  it('an id of someone in the workspace becomes a chip', () => {
    setMentionNameResolver((id) => PEOPLE.get(id));
    expect(pasteHtml('<span data-kindred-person="person-ana">@Ana</span>')).toEqual([{ mention: 'person-ana' }]);
  });

  it('a forged id is pasted as its text, not as a chip', () => {
    setMentionNameResolver((id) => PEOPLE.get(id));
    const pasted = pasteHtml('<p>hi <span data-kindred-person="person-forged">@Mallory</span>!</p>');
    expect(pasted.every((p) => typeof p === 'string')).toBe(true);
    expect(pasted.join('')).toBe('hi @Mallory!');
  });

  it('the same holds for Lexical’s own clipboard format', () => {
    setMentionNameResolver((id) => PEOPLE.get(id));
    const mention = (personId: string) => ({ type: 'mention', version: 1, personId, about: false }) as SerializedLexicalNode;
    expect(pasteLexical([mention('person-forged')])).toEqual(['@someone']);
    expect(pasteLexical([mention('person-ana')])).toEqual([{ mention: 'person-ana' }]);
  });
});
