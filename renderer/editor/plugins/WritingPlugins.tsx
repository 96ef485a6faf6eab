import { AutoLinkPlugin } from '@lexical/react/LexicalAutoLinkPlugin';
import { CheckListPlugin } from '@lexical/react/LexicalCheckListPlugin';
import { LinkPlugin } from '@lexical/react/LexicalLinkPlugin';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { MarkdownShortcutPlugin } from '@lexical/react/LexicalMarkdownShortcutPlugin';
import type { JSX } from 'react';
import { emailMatcher, urlMatcher } from '../autoLinkMatchers';
import { KINDRED_MARKDOWN } from '../markdown';
import { ListTabPlugin } from './ListTabPlugin';
import { MentionAboutPlugin } from './MentionAboutPlugin';
import { MentionsPlugin } from './MentionsPlugin';

const LINK_MATCHERS = [urlMatcher, emailMatcher];
/** Only web and mail links are kept as links; anything else (`javascript:`, `file:`) stays text. */
const isSafeUrl = (url: string): boolean => /^(https?:|mailto:)/i.test(url);

/**
 * What writing in Kindred is, wherever an editor appears (a page, the quick-capture window):
 * lists and checklists, links (safe ones only), Markdown shortcuts, Tab in lists, and @mentions
 * with "talked about". One list, so the two editors never drift apart.
 */
export function WritingPlugins({ onCreatePerson }: { onCreatePerson(name: string): string }): JSX.Element {
  return (
    <>
      <ListPlugin />
      <CheckListPlugin />
      <LinkPlugin validateUrl={isSafeUrl} />
      <AutoLinkPlugin matchers={LINK_MATCHERS} />
      <MarkdownShortcutPlugin transformers={KINDRED_MARKDOWN} />
      <ListTabPlugin />
      <MentionsPlugin onCreatePerson={onCreatePerson} />
      <MentionAboutPlugin />
    </>
  );
}
