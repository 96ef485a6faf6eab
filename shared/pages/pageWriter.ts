import * as Y from 'yjs';
import { MENTION_PERSON_ATTR, MENTION_TYPE, ROOT_NAME, type Inline } from './pageBlocks';

/**
 * Edits made to a page doc without an editor (a merge of two people, run by the host), in
 * @lexical/yjs's layout (see pageBlocks.ts). Each is one transaction with the caller's origin;
 * the caller sends the resulting update through the store, so open windows receive it like
 * any other device's edit and their editors update in place.
 *
 * @lexical/yjs leaves attributes it does not know alone, so a block written here can carry a
 * marker (`MERGED_FROM_ATTR`) that makes copying a page's content idempotent.
 */
export const MERGED_FROM_ATTR = '__kindredMergedFrom';

type Embed = Y.XmlText | Y.XmlElement | Y.Map<unknown>;

/** Every mention element in the doc, in document order. */
function mentions(doc: Y.Doc): Y.XmlElement[] {
  const out: Y.XmlElement[] = [];
  const walk = (el: Y.XmlText): void => {
    for (const op of el.toDelta() as { insert: unknown }[]) {
      const ins = op.insert;
      if (ins instanceof Y.XmlText) walk(ins);
      else if (ins instanceof Y.XmlElement && ins.getAttribute('__type') === MENTION_TYPE) out.push(ins);
    }
  };
  walk(doc.get(ROOT_NAME, Y.XmlText));
  return out;
}

/** The person ids the doc's mentions name (each once). */
export function mentionedIds(doc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  for (const m of mentions(doc)) {
    const id = m.getAttribute(MENTION_PERSON_ATTR) as unknown;
    if (typeof id === 'string' && id) ids.add(id);
  }
  return ids;
}

/**
 * Points every mention whose person `to` maps to another id at that id (null: leave it). Only
 * the `__personId` attribute changes, so "talked about" marks and the text around stay. Returns
 * how many mentions changed.
 */
export function rewriteMentions(doc: Y.Doc, to: (personId: string) => string | null, origin: unknown = null): number {
  let changed = 0;
  doc.transact(() => {
    for (const m of mentions(doc)) {
      const id = m.getAttribute(MENTION_PERSON_ATTR) as unknown;
      if (typeof id !== 'string' || !id) continue;
      const next = to(id);
      if (next && next !== id) {
        m.setAttribute(MENTION_PERSON_ATTR, next);
        changed++;
      }
    }
  }, origin);
  return changed;
}

/** Whether a copy marked `marker` was already appended to the doc (by any device). */
export function hasCopyFrom(doc: Y.Doc, marker: string): boolean {
  for (const op of doc.get(ROOT_NAME, Y.XmlText).toDelta() as { insert: unknown }[]) {
    if (op.insert instanceof Y.XmlText && op.insert.getAttribute(MERGED_FROM_ATTR) === marker) return true;
  }
  return false;
}

/** Whether the doc has any block with text or a mention (an empty first paragraph is nothing). */
export function hasContent(doc: Y.Doc): boolean {
  const text = (el: Y.XmlText): boolean =>
    (el.toDelta() as { insert: unknown }[]).some((op) =>
      typeof op.insert === 'string' ? op.insert.trim() !== '' : op.insert instanceof Y.XmlElement || (op.insert instanceof Y.XmlText && text(op.insert)),
    );
  return text(doc.get(ROOT_NAME, Y.XmlText));
}

/**
 * Appends a paragraph of `heading` (marked with `marker`) and then a copy of every block of
 * `source` to the end of `target`, in one transaction. The copy is structural (lists, headings,
 * formats, links, checklist states and ids all come along). Does nothing and returns false when
 * a copy with that marker is already there or `source` has no content.
 */
export function appendCopyOf(target: Y.Doc, source: Y.Doc, heading: readonly Inline[], marker: string, origin: unknown = null): boolean {
  if (hasCopyFrom(target, marker) || !hasContent(source)) return false;
  const root = target.get(ROOT_NAME, Y.XmlText);
  const from = source.get(ROOT_NAME, Y.XmlText);
  target.transact(() => {
    const para = new Y.XmlText();
    root.insertEmbed(root.length, para);
    para.setAttribute('__type', 'paragraph');
    para.setAttribute(MERGED_FROM_ATTR, marker);
    writeInlines(para, heading);
    copyChildren(from, root);
  }, origin);
  return true;
}

/** Text and mentions into an element, as the binding lays them out (text node props, then characters). */
export function writeInlines(el: Y.XmlText, inlines: readonly Inline[]): void {
  for (const inline of inlines) {
    if ('text' in inline) {
      if (!inline.text) continue;
      const props = new Y.Map<unknown>();
      el.insertEmbed(el.length, props);
      props.set('__type', 'text');
      props.set('__format', 0);
      props.set('__style', '');
      props.set('__mode', 0);
      props.set('__detail', 0);
      el.insert(el.length, inline.text);
    } else {
      const mention = new Y.XmlElement(MENTION_TYPE);
      el.insertEmbed(el.length, mention);
      mention.setAttribute('__type', MENTION_TYPE);
      mention.setAttribute(MENTION_PERSON_ATTR, inline.mention);
      if (inline.about) mention.setAttribute('__about', true as unknown as string);
    }
  }
}

/** Copies `src`'s content (not its attributes) to the end of `dst`, deeply. */
function copyChildren(src: Y.XmlText, dst: Y.XmlText): void {
  for (const op of src.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    const ins = op.insert;
    if (typeof ins === 'string') {
      dst.insert(dst.length, ins, op.attributes ?? {});
      continue;
    }
    const copy = emptyLike(ins as Embed);
    if (!copy) continue;
    // Inserted first, then filled: a Y type can only be written once it is part of a doc.
    dst.insertEmbed(dst.length, copy, op.attributes ?? {});
    fill(ins as Embed, copy);
  }
}

function emptyLike(e: Embed): Embed | null {
  if (e instanceof Y.XmlText) return new Y.XmlText();
  if (e instanceof Y.XmlElement) return new Y.XmlElement(e.nodeName);
  if (e instanceof Y.Map) return new Y.Map<unknown>();
  return null;
}

function fill(src: Embed, dst: Embed): void {
  if (src instanceof Y.XmlText && dst instanceof Y.XmlText) {
    for (const [k, v] of Object.entries(src.getAttributes())) dst.setAttribute(k, v as string);
    copyChildren(src, dst);
  } else if (src instanceof Y.XmlElement && dst instanceof Y.XmlElement) {
    for (const [k, v] of Object.entries(src.getAttributes())) dst.setAttribute(k, v as string);
  } else if (src instanceof Y.Map && dst instanceof Y.Map) {
    src.forEach((v, k) => {
      if (!(v instanceof Y.AbstractType)) dst.set(k, v);
    });
  }
}
