import { isListeningPrompt } from '../domain/listeningPrompts';
import type { SnippetPart } from '../domain/types';
import type { Block, Inline } from './pageBlocks';

/** What the registry keeps about a page's content: enough for lists and backlinks. */
export interface PageFacts {
  preview: SnippetPart[];
  mentions: Record<string, SnippetPart[]>;
}

const PREVIEW_CHARS = 140;
const BEFORE_CHARS = 50;
const AFTER_CHARS = 90;
/** A mention counts as this many characters when measuring a snippet. */
const MENTION_WIDTH = 10;

export function derivePageFacts(blocks: Block[]): PageFacts {
  const mentions: Record<string, SnippetPart[]> = {};
  let preview: SnippetPart[] = [];
  for (const block of blocks) {
    const parts = toParts(block.inlines);
    // The listening prompts are a template, not what the note is about.
    const isPrompt = block.inlines.length === 1 && 'text' in block.inlines[0]! && isListeningPrompt(block.inlines[0].text);
    if (preview.length === 0 && hasContent(parts) && !isPrompt) preview = trimEnds(clip(parts, PREVIEW_CHARS));
    parts.forEach((part, i) => {
      if (typeof part !== 'string' && !(part.p in mentions)) mentions[part.p] = around(parts, i);
    });
  }
  return { preview, mentions };
}

/** Plain text of a page with mentions written as "@Name", e.g. for search. */
export function blocksToText(blocks: Block[], nameOf: (personId: string) => string): string {
  return blocks
    .map((b) => b.inlines.map((i) => ('text' in i ? i.text : `@${nameOf(i.mention)}`)).join(''))
    .join('\n');
}

export function snippetToText(parts: SnippetPart[], nameOf: (personId: string) => string): string {
  return parts.map((p) => (typeof p === 'string' ? p : `@${nameOf(p.p)}`)).join('');
}

/** At most `max` characters of snippet (mentions count as a few), cut at a word, with "…". */
export function clipSnippet(parts: SnippetPart[], max: number): SnippetPart[] {
  return trimEnds(clip(parts, max));
}

export function sameFacts(a: PageFacts, b: PageFacts): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function toParts(inlines: Inline[]): SnippetPart[] {
  return inlines.map((i) => ('text' in i ? i.text.replace(/\s+/g, ' ') : { p: i.mention }));
}

function hasContent(parts: SnippetPart[]): boolean {
  return parts.some((p) => typeof p !== 'string' || p.trim() !== '');
}

function width(p: SnippetPart): number {
  return typeof p === 'string' ? p.length : MENTION_WIDTH;
}

/** The mention at `index` with up to BEFORE/AFTER characters of context, cut at word edges. */
function around(parts: SnippetPart[], index: number): SnippetPart[] {
  const before: SnippetPart[] = [];
  let budget = BEFORE_CHARS;
  let cut = false;
  let i = index - 1;
  for (; i >= 0 && budget > 0; i--) {
    const p = parts[i]!;
    if (typeof p === 'string' && p.length > budget) {
      before.unshift('…' + cutStart(p, budget));
      budget = 0;
      cut = true;
    } else {
      before.unshift(p);
      budget -= width(p);
    }
  }
  // The budget ran out on a whole part: still mark that earlier text was left out.
  if (!cut && hasContent(parts.slice(0, i + 1))) {
    if (typeof before[0] === 'string') before[0] = '…' + before[0].trimStart();
    else before.unshift('…');
  }
  // Not trimmed on its own: the space after the mention must stay.
  const after = clip(parts.slice(index + 1), AFTER_CHARS);
  return trimEnds([...before, parts[index]!, ...after]);
}

function clip(parts: SnippetPart[], max: number): SnippetPart[] {
  const out: SnippetPart[] = [];
  let budget = max;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (budget <= 0) {
      // The budget ran out on a whole part: still mark that the rest was left out.
      if (hasContent(parts.slice(i))) {
        const last = out[out.length - 1];
        if (typeof last === 'string') out[out.length - 1] = last.trimEnd() + '…';
        else out.push('…');
      }
      break;
    }
    if (typeof p === 'string' && p.length > budget) {
      out.push(cutEnd(p, budget) + '…');
      budget = 0;
    } else {
      out.push(p);
      budget -= width(p);
    }
  }
  return out;
}

function cutEnd(text: string, max: number): string {
  const slice = text.slice(0, max);
  const space = slice.lastIndexOf(' ');
  return (space > max / 2 ? slice.slice(0, space) : slice).trimEnd();
}

function cutStart(text: string, max: number): string {
  const slice = text.slice(text.length - max);
  const space = slice.indexOf(' ');
  return (space >= 0 && space < max / 2 ? slice.slice(space + 1) : slice).trimStart();
}

function trimEnds(parts: SnippetPart[]): SnippetPart[] {
  const out = parts.filter((p) => p !== '');
  if (typeof out[0] === 'string') out[0] = out[0].trimStart();
  const last = out.length - 1;
  if (typeof out[last] === 'string') out[last] = (out[last] as string).trimEnd();
  return out.filter((p) => p !== '');
}
