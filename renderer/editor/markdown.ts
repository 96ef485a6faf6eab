import { CHECK_LIST, ELEMENT_TRANSFORMERS, MULTILINE_ELEMENT_TRANSFORMERS, TEXT_FORMAT_TRANSFORMERS, TEXT_MATCH_TRANSFORMERS, type Transformer } from '@lexical/markdown';

/** Markdown shortcuts while typing: `# `, `- `, `1. `, `[] `, `> `, `**bold**`, `[text](url)`…
 *  CHECK_LIST comes first so `[] ` and `- [ ] ` make a checklist, not a bullet. */
export const KINDRED_MARKDOWN: Transformer[] = [
  CHECK_LIST,
  ...ELEMENT_TRANSFORMERS,
  ...MULTILINE_ELEMENT_TRANSFORMERS,
  ...TEXT_FORMAT_TRANSFORMERS,
  ...TEXT_MATCH_TRANSFORMERS,
];
