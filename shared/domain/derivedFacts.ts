import type * as Y from 'yjs';
import { clipSnippet, derivePageFacts } from '../pages/pageFacts';
import { readPageBlocks, type Block } from '../pages/pageBlocks';
import { deriveCareFacts } from '../care/pageCareFacts';
import type { DerivedPageFacts, SnippetPart, StoredFollowUp } from './types';

/**
 * What lists need from a page's *content* (preview, mention snippets, contacts, follow-ups,
 * ask-next lines). Derived, never authored: computed from the page's doc wherever it is needed
 * (the host's derived index follows the store's change log), never written to the workspace
 * doc and never synced. Old workspace docs may still hold these fields; readers ignore them.
 *
 * The facts depend on the page's content only, not on its date: a follow-up's due date is
 * worked out when it is shown (from its words and the page's *current* date), so changing a
 * page's date never requires re-reading its doc. `derivedFacts.test.ts` checks that.
 */
export const EMPTY_FACTS: DerivedPageFacts = Object.freeze({
  preview: [],
  mentions: {},
  contacts: [],
  followUps: [],
  askNext: [],
}) as DerivedPageFacts;

/** Bounds that keep one page's facts small whatever is written on it (≈ a few KB at most). */
export const FACT_LIMITS = {
  mentions: 200,
  followUps: 100,
  followUpChars: 300,
  askNextLines: 20,
  askNextChars: 200,
} as const;

/** A page's facts from its Y.Doc (read without an editor; the doc is not changed). */
export function deriveFacts(pageId: string, pageDoc: Y.Doc): DerivedPageFacts {
  return factsFromBlocks(pageId, readPageBlocks(pageDoc));
}

export function factsFromBlocks(pageId: string, blocks: Block[]): DerivedPageFacts {
  const { preview, mentions } = derivePageFacts(blocks);
  const care = deriveCareFacts(pageId, blocks);
  const boundedMentions: Record<string, SnippetPart[]> = {};
  for (const id of Object.keys(mentions).slice(0, FACT_LIMITS.mentions)) boundedMentions[id] = mentions[id]!;
  return {
    preview,
    mentions: boundedMentions,
    contacts: care.contacts.slice(0, FACT_LIMITS.mentions),
    followUps: care.followUps
      .slice(0, FACT_LIMITS.followUps)
      .map((f) => ({ ...f, parts: clipSnippet(f.parts, FACT_LIMITS.followUpChars) })),
    askNext: care.askNext.slice(0, FACT_LIMITS.askNextLines).map((l) => clipSnippet(l, FACT_LIMITS.askNextChars)),
  };
}

export function isEmptyFacts(f: DerivedPageFacts): boolean {
  return (
    f.preview.length === 0 &&
    Object.keys(f.mentions).length === 0 &&
    f.contacts.length === 0 &&
    f.followUps.length === 0 &&
    f.askNext.length === 0
  );
}

export function sameDerivedFacts(a: DerivedPageFacts, b: DerivedPageFacts): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Reads facts that crossed a boundary (the host contract, the index on disk) defensively:
 * anything malformed is dropped field by field rather than trusted.
 */
export function readDerivedFacts(v: unknown): DerivedPageFacts {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return EMPTY_FACTS;
  const r = v as Record<string, unknown>;
  return {
    preview: asSnippet(r.preview),
    mentions: asMentions(r.mentions),
    contacts: asStrings(r.contacts),
    followUps: asFollowUps(r.followUps),
    askNext: Array.isArray(r.askNext) ? r.askNext.map(asSnippet) : [],
  };
}

export function asSnippet(v: unknown): SnippetPart[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (p): p is SnippetPart =>
      typeof p === 'string' || (typeof p === 'object' && p !== null && typeof (p as { p?: unknown }).p === 'string'),
  );
}

function asMentions(v: unknown): Record<string, SnippetPart[]> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  // Only plain JSON objects: a shared type stored here would otherwise yield its internals.
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return {};
  const out: Record<string, SnippetPart[]> = {};
  for (const [k, s] of Object.entries(v as Record<string, unknown>)) out[k] = asSnippet(s);
  return out;
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function asFollowUps(v: unknown): StoredFollowUp[] {
  if (!Array.isArray(v)) return [];
  const out: StoredFollowUp[] = [];
  for (const f of v) {
    if (typeof f !== 'object' || f === null) continue;
    const r = f as Record<string, unknown>;
    if (typeof r.key !== 'string' || typeof r.checked !== 'boolean') continue;
    out.push({ key: r.key, parts: asSnippet(r.parts), personIds: asStrings(r.personIds), checked: r.checked });
  }
  return out;
}
