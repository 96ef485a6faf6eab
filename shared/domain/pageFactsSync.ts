import * as Y from 'yjs';
import type { PageFacts } from '../pages/pageFacts';
import { derivePageFacts, sameFacts } from '../pages/pageFacts';
import { readPageBlocks } from '../pages/pageBlocks';
import { asSnippet, pagesMap } from './workspace';

/**
 * Derives a page's registry entry (preview, mention edges) from its doc and writes it to the
 * workspace only when it changed. This is the one place the registry learns about content,
 * whether the change was typed here, arrived by sync or was imported.
 *
 * Returns true when the registry changed.
 */
export function syncPageFacts(ws: Y.Doc, pageId: string, pageDoc: Y.Doc, now: number): boolean {
  const rec = pagesMap(ws).get(pageId);
  if (!rec) return false;
  const next = derivePageFacts(readPageBlocks(pageDoc));
  const prev: PageFacts = {
    preview: asSnippet(rec.get('preview')),
    mentions: (rec.get('mentions') as Record<string, never>) ?? {},
  };
  if (sameFacts(prev, next)) return false;
  ws.transact(() => {
    rec.set('preview', next.preview);
    rec.set('mentions', next.mentions);
    rec.set('updatedAt', now);
  });
  return true;
}
