import {
  $applyNodeReplacement,
  $createTextNode,
  DecoratorNode,
  type DOMConversionMap,
  type DOMExportOutput,
  type LexicalNode,
  type NodeKey,
  type SerializedLexicalNode,
  type Spread,
  type TextNode,
} from 'lexical';
import type { JSX } from 'react';
import { MENTION_TYPE } from '../../../shared/pages/pageBlocks';
import { MentionChip } from './MentionChip';
import { isKnownPerson, mentionName } from './mentionNames';

/**
 * An @mention of a person. It stores only the person's id; the chip shows the person's current
 * name from the registry, so a rename shows everywhere at once without touching any page.
 *
 * The Yjs binding creates nodes with `new MentionNode()` and syncs own `__` fields, so the
 * constructor takes optional arguments and all state is plain own fields.
 */
export type SerializedMentionNode = Spread<{ personId: string; about?: boolean }, SerializedLexicalNode>;

export class MentionNode extends DecoratorNode<JSX.Element> {
  /** Synced to Yjs as the `__personId` attribute that shared/pages/pageBlocks.ts reads. */
  __personId: string;
  /** "Talked about, not with": the mention links the person but does not count as contact. */
  __about: boolean;

  static override getType(): string {
    return MENTION_TYPE;
  }

  static override clone(node: MentionNode): MentionNode {
    return new MentionNode(node.__personId, node.__about, node.__key);
  }

  constructor(personId = '', about = false, key?: NodeKey) {
    super(key);
    this.__personId = personId;
    this.__about = about;
  }

  /**
   * Only Lexical's clipboard and Markdown call this (the Yjs binding never does), so what comes
   * in is pasted: an id of someone not in this workspace is forged or foreign, and becomes text.
   */
  static override importJSON(json: SerializedMentionNode): MentionNode | TextNode {
    const personId = typeof json.personId === 'string' ? json.personId : '';
    if (!isKnownPerson(personId)) return $createTextNode(`@${mentionName(personId)}`);
    return $createMentionNode(personId, json.about === true);
  }

  override exportJSON(): SerializedMentionNode {
    return { ...super.exportJSON(), type: MENTION_TYPE, version: 1, personId: this.__personId, about: this.__about };
  }

  static override importDOM(): DOMConversionMap | null {
    return {
      span: (el: HTMLElement) =>
        el.hasAttribute('data-kindred-person')
          ? {
              conversion: (dom: HTMLElement) => {
                // Pasted HTML can carry any id: unknown ones are pasted as the text they show.
                const personId = dom.getAttribute('data-kindred-person') ?? '';
                if (!isKnownPerson(personId)) return { node: $createTextNode(dom.textContent ?? '') };
                return { node: $createMentionNode(personId) };
              },
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

  isAbout(): boolean {
    return this.getLatest().__about;
  }

  setAbout(about: boolean): this {
    const writable = this.getWritable();
    writable.__about = about;
    return writable;
  }

  override decorate(): JSX.Element {
    return <MentionChip personId={this.__personId} about={this.__about} nodeKey={this.__key} />;
  }
}

export function $createMentionNode(personId: string, about = false): MentionNode {
  return $applyNodeReplacement(new MentionNode(personId, about));
}

export function $isMentionNode(node: LexicalNode | null | undefined): node is MentionNode {
  return node instanceof MentionNode;
}
