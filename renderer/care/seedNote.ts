import { $createListItemNode, $createListNode } from '@lexical/list';
import { $createHeadingNode } from '@lexical/rich-text';
import { $createParagraphNode, $createTextNode, $getRoot, type ElementNode } from 'lexical';
import * as Y from 'yjs';
import { ROOT_NAME } from '../../shared/pages/pageBlocks';
import { bindHeadlessEditor } from '../editor/headlessBinding';
import { $createMentionNode } from '../editor/nodes/MentionNode';

/**
 * Writes the first content of a brand-new page through a headless Lexical editor bound to its
 * Y.Doc, so the result is exactly what the real editor would have written (and the registry,
 * search and sync see it like any typed note). Only for empty docs: a headless editor bound to a
 * doc that already has content would start empty and could overwrite it (lexical#4999).
 */
export type SeedInline = string | { mention: string; about?: boolean };
export type SeedBlock =
  | { type: 'paragraph'; inlines: SeedInline[] }
  | { type: 'heading'; inlines: SeedInline[] }
  | { type: 'check'; inlines: SeedInline[] };

export function writeSeed(doc: Y.Doc, blocks: readonly SeedBlock[]): void {
  if (doc.get(ROOT_NAME, Y.XmlText).length > 0) throw new Error('Only an empty page can be seeded.');
  const page = bindHeadlessEditor(doc);
  try {
    page.editor.update(
      () => {
        const root = $getRoot();
        let checklist: ElementNode | null = null;
        for (const block of blocks) {
          if (block.type === 'check') {
            if (!checklist) root.append((checklist = $createListNode('check')));
            const item = $createListItemNode(false);
            appendInlines(item, block.inlines);
            checklist.append(item);
            continue;
          }
          checklist = null;
          const el = block.type === 'heading' ? $createHeadingNode('h3') : $createParagraphNode();
          appendInlines(el, block.inlines);
          root.append(el);
        }
      },
      { discrete: true },
    );
  } finally {
    page.dispose();
  }
}

function appendInlines(el: ElementNode, inlines: readonly SeedInline[]): void {
  for (const inline of inlines) {
    if (typeof inline === 'string') {
      if (inline) el.append($createTextNode(inline));
    } else el.append($createMentionNode(inline.mention, inline.about === true));
  }
}
