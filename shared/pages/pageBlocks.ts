import * as Y from 'yjs';

/**
 * Reads a page doc written by @lexical/yjs without an editor, so the registry, search and sync
 * can use page content in plain Node or for docs no editor has open.
 *
 * The binding's layout: the root is a Y.XmlText named 'root'; each element node is a nested
 * Y.XmlText whose attributes hold its properties (`__type`, `__checked`…); each text node is
 * a Y.Map of its properties followed by its characters; a decorator (our mention) is a
 * Y.XmlElement with its properties as attributes; a line break is a Y.Map with
 * `__type: 'linebreak'`.
 */
/** A mention may be marked "talked about, not with": it links the person but is not contact. */
export type Inline = { text: string } | { mention: string; about?: true };

export interface Block {
  /** Lexical node type: paragraph, heading, quote, listitem, code… */
  type: string;
  /** Checklist items only: whether the box is ticked. */
  checked?: boolean;
  /** Checklist items only: a stable id stamped on the item once (see FOLLOW_UP_ID_ATTR). */
  id?: string;
  inlines: Inline[];
}

export const ROOT_NAME = 'root';
export const MENTION_TYPE = 'mention';
export const MENTION_PERSON_ATTR = '__personId';
export const MENTION_ABOUT_ATTR = '__about';
/**
 * A checklist item's own id, an attribute on its Y.XmlText set once (when its follow-up first
 * gets a hand-set date). @lexical/yjs leaves attributes it does not know alone, so the id
 * survives every edit of the item's words and edits elsewhere on the page.
 */
export const FOLLOW_UP_ID_ATTR = '__followUpId';

/** Element types whose content flows inside the surrounding block rather than starting one. */
const INLINE_ELEMENTS = new Set(['link', 'autolink', 'mark']);

/**
 * `refs`, when given, receives each block's Y.XmlText, for the rare edit made without an editor
 * (ticking a follow-up from a person page).
 */
export function readPageBlocks(doc: Y.Doc, refs?: Map<Block, Y.XmlText>): Block[] {
  const root = doc.get(ROOT_NAME, Y.XmlText);
  const blocks: Block[] = [];
  readChildren(root, null, blocks, refs);
  return blocks.filter((b) => b.inlines.length > 0 || b.type === 'listitem');
}

function readChildren(el: Y.XmlText, current: Block | null, blocks: Block[], refs?: Map<Block, Y.XmlText>): void {
  const delta = el.toDelta() as { insert: unknown }[];
  for (const op of delta) {
    const ins = op.insert;
    if (typeof ins === 'string') {
      if (current) pushText(current, ins);
    } else if (ins instanceof Y.XmlText) {
      const type = String(ins.getAttribute('__type') ?? '');
      if (INLINE_ELEMENTS.has(type) && current) {
        readChildren(ins, current, blocks, refs);
      } else {
        const block: Block = { type, inlines: [] };
        if (type === 'listitem' && typeof ins.getAttribute('__checked') === 'boolean') {
          block.checked = ins.getAttribute('__checked') as unknown as boolean;
          const id = ins.getAttribute(FOLLOW_UP_ID_ATTR) as unknown;
          if (typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id)) block.id = id;
        }
        blocks.push(block);
        refs?.set(block, ins);
        readChildren(ins, block, blocks, refs);
      }
    } else if (ins instanceof Y.XmlElement) {
      if (ins.getAttribute('__type') === MENTION_TYPE && current) {
        const personId = ins.getAttribute(MENTION_PERSON_ATTR) as unknown;
        if (typeof personId === 'string' && personId) {
          const about = (ins.getAttribute(MENTION_ABOUT_ATTR) as unknown) === true;
          current.inlines.push(about ? { mention: personId, about: true } : { mention: personId });
        }
      }
    } else if (ins instanceof Y.Map) {
      if (ins.get('__type') === 'linebreak' && current) pushText(current, '\n');
    }
  }
}

function pushText(block: Block, text: string): void {
  const last = block.inlines[block.inlines.length - 1];
  if (last && 'text' in last) last.text += text;
  else block.inlines.push({ text });
}
