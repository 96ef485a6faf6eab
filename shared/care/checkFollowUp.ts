import * as Y from 'yjs';
import { randomId } from '../domain/ids';
import { FOLLOW_UP_ID_ATTR, readPageBlocks, type Block } from '../pages/pageBlocks';
import { extractFollowUps, followUpIdKey } from './followUps';

/** The checklist item behind a follow-up key, found the way extractFollowUps numbers them. */
function findItem(doc: Y.Doc, pageId: string, pageDate: string, key: string): { block: Block; ref: Y.XmlText } | null {
  const refs = new Map<Block, Y.XmlText>();
  const blocks = readPageBlocks(doc, refs);
  // The same items, in the same order, that extractFollowUps turns into follow-ups.
  const candidates = blocks.filter(
    (b) => b.type === 'listitem' && typeof b.checked === 'boolean' && b.inlines.some((i) => 'mention' in i),
  );
  const followUps = extractFollowUps(pageId, pageDate, candidates, () => '');
  const index = followUps.findIndex((f) => f.key === key);
  const block = index >= 0 ? candidates[index] : undefined;
  const ref = block ? refs.get(block) : undefined;
  return block && ref ? { block, ref } : null;
}

/**
 * Ticks (or unticks) a follow-up's checkbox in the note itself, working on the page's Y.Doc
 * directly, so it works whether or not an editor has the page open (an open editor picks the
 * change up through its Yjs binding). Returns false when the item is no longer in the note.
 */
export function setFollowUpCheckedInDoc(doc: Y.Doc, pageId: string, pageDate: string, key: string, checked: boolean): boolean {
  const target = findItem(doc, pageId, pageDate, key)?.ref;
  if (!target) return false;
  if (target.getAttribute('__checked') !== (checked as unknown as string)) {
    doc.transact(() => target.setAttribute('__checked', checked as unknown as string));
  }
  return true;
}

/**
 * Gives the follow-up's checklist item its own id (once: an item that has one keeps it) and
 * returns the follow-up's key from now on, or null when the item is no longer in the note.
 * Hand-set dates are stored under that key, so they stay with the item when its words change.
 */
export function stampFollowUpId(doc: Y.Doc, pageId: string, pageDate: string, key: string, newId: string = randomId()): string | null {
  const found = findItem(doc, pageId, pageDate, key);
  if (!found) return null;
  if (found.block.id) return followUpIdKey(pageId, found.block.id);
  doc.transact(() => found.ref.setAttribute(FOLLOW_UP_ID_ATTR, newId));
  return followUpIdKey(pageId, newId);
}
