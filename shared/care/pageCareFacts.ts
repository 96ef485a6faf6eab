import type { SnippetPart, StoredFollowUp } from '../domain/types';
import type { Block } from '../pages/pageBlocks';
import { extractFollowUps } from './followUps';
import { isListeningPrompt, LISTENING_PROMPTS, normalizePrompt } from '../domain/listeningPrompts';

/**
 * What the registry keeps about a page for caring features, derived from its content:
 *  - contacts: people mentioned at least once *with* (not only "talked about") — counts as contact
 *    on the page's date;
 *  - followUps: checklist items that mention people, as snippet parts (names resolved when shown);
 *  - askNext: the lines under the "What to ask next time?" prompt.
 */
export type { StoredFollowUp };

export interface PageCareFacts {
  contacts: string[];
  followUps: StoredFollowUp[];
  askNext: SnippetPart[][];
}

export { LISTENING_PROMPTS };

const ASK_NEXT = 'what to ask next time';
const OPEN = '\uE000';
const CLOSE = '\uE001';

/**
 * Takes no date: nothing stored depends on it. A follow-up's due date is worked out when it is
 * shown, from its words (`followUpDateText`) and the page's current date, so the facts stay
 * right when the date changes, and deriving skips date parsing (most of the cost otherwise).
 */
export function deriveCareFacts(pageId: string, blocks: readonly Block[]): PageCareFacts {
  const contacts: string[] = [];
  for (const b of blocks) {
    for (const i of b.inlines) {
      if ('mention' in i && !i.about && !contacts.includes(i.mention)) contacts.push(i.mention);
    }
  }
  // No reference date: extractFollowUps then leaves `due` unparsed (it is not stored).
  const followUps = extractFollowUps(pageId, '', blocks, (id) => `${OPEN}${id}${CLOSE}`).map((f) => ({
    key: f.key,
    parts: markedTextToParts(f.text),
    personIds: f.personIds,
    checked: f.checked,
  }));
  return { contacts, followUps, askNext: askNextLines(blocks) };
}

/** The lines after the "What to ask next time?" prompt, up to the next heading or prompt. */
function askNextLines(blocks: readonly Block[]): SnippetPart[][] {
  const out: SnippetPart[][] = [];
  let inside = false;
  for (const b of blocks) {
    const text = plain(b);
    if (b.type === 'heading' || isListeningPrompt(text)) {
      inside = normalizePrompt(text) === ASK_NEXT;
      continue;
    }
    if (inside && text.trim()) {
      out.push(b.inlines.map((i) => ('text' in i ? i.text : { p: i.mention })));
    }
  }
  return out;
}

function plain(b: Block): string {
  return b.inlines.map((i) => ('text' in i ? i.text : '@')).join('');
}

function markedTextToParts(text: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const re = new RegExp(`@${OPEN}([^${CLOSE}]*)${CLOSE}`, 'g');
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > at) parts.push(text.slice(at, m.index));
    parts.push({ p: m[1]! });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

/** The follow-up's words with mentions as a neutral placeholder, for due-date parsing. */
export function followUpDateText(parts: readonly SnippetPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : 'someone')).join('');
}
