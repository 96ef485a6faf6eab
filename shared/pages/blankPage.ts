import * as Y from 'yjs';
import { ROOT_NAME } from './pageBlocks';

/**
 * Whether a page doc holds nothing a person wrote: no blocks at all, or only the single empty
 * paragraph an editor lays down when it opens an empty page. O(1): looks at most at one block,
 * so it can run on every update (renderer/replica/replicaLink.ts uses it so that opening an
 * empty page — which writes that first paragraph — does not say "Saving…").
 */
export function isBlankPage(doc: Y.Doc): boolean {
  // Anything outside the page's root (a person's photo, a doc that is not a page) is content.
  for (const [name, type] of doc.share) if (name !== ROOT_NAME && (type._start !== null || type._map.size > 0)) return false;
  const root = doc.share.get(ROOT_NAME);
  if (!root || root._length === 0) return true;
  if (root._length !== 1 || !(root instanceof Y.XmlText)) return false;
  const [only] = root.toDelta() as { insert: unknown }[];
  return only !== undefined && only.insert instanceof Y.XmlText && only.insert.length === 0;
}
