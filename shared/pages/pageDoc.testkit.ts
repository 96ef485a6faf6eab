/** Test and bench helpers for page docs (not shipped). */
import * as Y from 'yjs';
import { MENTION_ABOUT_ATTR, MENTION_PERSON_ATTR, MENTION_TYPE, ROOT_NAME, type Block } from './pageBlocks';

/**
 * Writes blocks into a page doc in @lexical/yjs's layout (see pageBlocks.ts), without Lexical,
 * so Node tests and benches (shared/, electron/) can produce real page docs. Appends to what is
 * there, in one transaction. The renderer's tests use the real binding (renderer/care/seedNote).
 */
export function appendBlocks(doc: Y.Doc, blocks: readonly Block[], origin: unknown = null): void {
  const root = doc.get(ROOT_NAME, Y.XmlText);
  doc.transact(() => {
    for (const block of blocks) {
      const el = new Y.XmlText();
      root.insertEmbed(root.length, el);
      el.setAttribute('__type', block.type);
      if (typeof block.checked === 'boolean') el.setAttribute('__checked', block.checked as unknown as string);
      for (const inline of block.inlines) {
        if ('text' in inline) {
          const props = new Y.Map<unknown>();
          el.insertEmbed(el.length, props);
          props.set('__type', 'text');
          el.insert(el.length, inline.text);
        } else {
          const mention = new Y.XmlElement(MENTION_TYPE);
          el.insertEmbed(el.length, mention);
          mention.setAttribute('__type', MENTION_TYPE);
          mention.setAttribute(MENTION_PERSON_ATTR, inline.mention);
          if (inline.about) mention.setAttribute(MENTION_ABOUT_ATTR, true as unknown as string);
        }
      }
    }
  }, origin);
}

/** A paragraph: strings are text, `{ m: id }` a mention (`about: true` for "talked about"). */
export function para(...parts: (string | { m: string; about?: true })[]): Block {
  return { type: 'paragraph', inlines: parts.map((p) => (typeof p === 'string' ? { text: p } : p.about ? { mention: p.m, about: true } : { mention: p.m })) };
}

/** A page doc holding `blocks`, as the store would give it back. */
export function pageDocWith(pageId: string, blocks: readonly Block[]): Y.Doc {
  const doc = new Y.Doc({ guid: pageId });
  appendBlocks(doc, blocks);
  return doc;
}
