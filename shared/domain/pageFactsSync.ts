import * as Y from 'yjs';
import type { PageFacts } from '../pages/pageFacts';
import { derivePageFacts, sameFacts } from '../pages/pageFacts';
import { readPageBlocks } from '../pages/pageBlocks';
import { deriveCareFacts } from '../care/pageCareFacts';
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
  const blocks = readPageBlocks(pageDoc);
  const next = derivePageFacts(blocks);
  const date = typeof rec.get('date') === 'string' ? (rec.get('date') as string) : '';
  const care = deriveCareFacts(pageId, date, blocks);
  const prev: PageFacts = {
    preview: asSnippet(rec.get('preview')),
    mentions: (rec.get('mentions') as Record<string, never>) ?? {},
  };
  const prevCare = { contacts: rec.get('contacts'), followUps: rec.get('followUps'), askNext: rec.get('askNext') };
  const careChanged = JSON.stringify(prevCare) !== JSON.stringify(care);
  if (sameFacts(prev, next) && !careChanged) return false;
  ws.transact(() => {
    rec.set('preview', next.preview);
    rec.set('mentions', next.mentions);
    if (careChanged) {
      rec.set('contacts', care.contacts);
      rec.set('followUps', care.followUps);
      rec.set('askNext', care.askNext);
    }
    rec.set('updatedAt', now);
  });
  return true;
}
