import {
  $applyNodeReplacement,
  DecoratorNode,
  type DOMConversionMap,
  type DOMExportOutput,
  type LexicalNode,
  type NodeKey,
  type SerializedLexicalNode,
  type Spread,
} from 'lexical';
import type { JSX } from 'react';
import { MENTION_TYPE } from '../../../shared/pages/pageBlocks';
import { MentionChip, mentionName } from './MentionChip';

/**
 * An @mention of a person. It stores only the person's id; the chip shows the person's current
 * name from the registry, so a rename shows everywhere at once without touching any page.
 *
 * The Yjs binding creates nodes with `new MentionNode()` and syncs own `__` fields, so the
 * constructor takes optional arguments and all state is plain own fields.
 */
export type SerializedMentionNode = Spread<{ personId: string }, SerializedLexicalNode>;

export class MentionNode extends DecoratorNode<JSX.Element> {
  /** Synced to Yjs as the `__personId` attribute that shared/pages/pageBlocks.ts reads. */
  __personId: string;

  static override getType(): string {
    return MENTION_TYPE;
  }

  static override clone(node: MentionNode): MentionNode {
    return new MentionNode(node.__personId, node.__key);
  }

  constructor(personId = '', key?: NodeKey) {
    super(key);
    this.__personId = personId;
  }

  static override importJSON(json: SerializedMentionNode): MentionNode {
    return $createMentionNode(json.personId);
  }

  override exportJSON(): SerializedMentionNode {
    return { ...super.exportJSON(), type: MENTION_TYPE, version: 1, personId: this.__personId };
  }

  static override importDOM(): DOMConversionMap | null {
    return {
      span: (el: HTMLElement) =>
        el.hasAttribute('data-kindred-person')
          ? {
              conversion: (dom: HTMLElement) => ({
                node: $createMentionNode(dom.getAttribute('data-kindred-person') ?? ''),
              }),
              priority: 2,
            }
          : null,
    };
  }

  override exportDOM(): DOMExportOutput {
    const span = document.createElement('span');
    span.setAttribute('data-kindred-person', this.__personId);
    span.textContent = `@${mentionName(this.__personId)}`;
    return { element: span };
  }

  override createDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'mention-host';
    return span;
  }

  override updateDOM(): false {
    return false;
  }

  override isInline(): true {
    return true;
  }

  override isKeyboardSelectable(): boolean {
    return true;
  }

  override getTextContent(): string {
    return `@${mentionName(this.__personId)}`;
  }

  getPersonId(): string {
    return this.getLatest().__personId;
  }

  override decorate(): JSX.Element {
    return <MentionChip personId={this.__personId} />;
  }
}

export function $createMentionNode(personId: string): MentionNode {
  return $applyNodeReplacement(new MentionNode(personId));
}

export function $isMentionNode(node: LexicalNode | null | undefined): node is MentionNode {
  return node instanceof MentionNode;
}
