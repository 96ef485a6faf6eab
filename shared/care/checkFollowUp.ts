import * as Y from 'yjs';
import { readPageBlocks, type Block } from '../pages/pageBlocks';
import { extractFollowUps } from './followUps';

/**
 * Ticks (or unticks) a follow-up's checkbox in the note itself, working on the page's Y.Doc
 * directly, so it works whether or not an editor has the page open (an open editor picks the
 * change up through its Yjs binding). Returns false when the item is no longer in the note.
 */
export function setFollowUpCheckedInDoc(doc: Y.Doc, pageId: string, pageDate: string, key: string, checked: boolean): boolean {
  const refs = new Map<Block, Y.XmlText>();
  const blocks = readPageBlocks(doc, refs);
  // The same items, in the same order, that extractFollowUps turns into follow-ups.
  const candidates = blocks.filter(
    (b) => b.type === 'listitem' && typeof b.checked === 'boolean' && b.inlines.some((i) => 'mention' in i),
  );
  const followUps = extractFollowUps(pageId, pageDate, candidates, () => '');
  const index = followUps.findIndex((f) => f.key === key);
  const target = index >= 0 ? refs.get(candidates[index]!) : undefined;
  if (!target) return false;
  if (target.getAttribute('__checked') !== (checked as unknown as string)) {
    doc.transact(() => target.setAttribute('__checked', checked as unknown as string));
  }
  return true;
}
