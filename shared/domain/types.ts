/** The kinds of page a user writes. A person's own page is a page too (kind 'person'). */
export type PageKind = 'journal' | 'conversation' | 'person';

/**
 * A run of snippet text: plain text, or a reference to a person that is rendered with the
 * person's *current* name. Storing ids (not names) keeps every snippet right after a rename
 * without touching any page.
 */
export type SnippetPart = string | { p: string };

/** What the workspace registry knows about a page, without opening its doc. */
export interface PageMeta {
  id: string;
  kind: PageKind;
  /** Local calendar date the page is about, YYYY-MM-DD. */
  date: string;
  /** Conversation notes: where or in what context (optional). */
  place: string;
  createdAt: number;
  updatedAt: number;
  /** The device that created the page: only it seeds the empty doc (see README, Storage). */
  createdOn: string;
  /** First line of the page, for lists. */
  preview: SnippetPart[];
  /** Person id → the text around the first mention of them on this page. */
  mentions: Record<string, SnippetPart[]>;
  /** People mentioned *with* (not only "talked about"): contact on `date`. */
  contacts: string[];
  /** Checklist items that mention people. */
  followUps: StoredFollowUp[];
  /** Lines under "What to ask next time?". */
  askNext: SnippetPart[][];
  /** Set on introduction notes: who was introduced to whom, and why. */
  introduction: Introduction | null;
}

/**
 * What is derived from a page's content (never authored, never synced): computed by the host
 * from the page doc, following the store's change log, and merged into PageMeta for lists.
 */
export interface DerivedPageFacts {
  preview: SnippetPart[];
  mentions: Record<string, SnippetPart[]>;
  contacts: string[];
  followUps: StoredFollowUp[];
  askNext: SnippetPart[][];
}

export interface StoredFollowUp {
  /** `${pageId}:${hash of the item's text}` (+ `#n` for repeats): stable across other edits. */
  key: string;
  parts: SnippetPart[];
  personIds: string[];
  checked: boolean;
}

export interface Introduction {
  a: string;
  b: string;
  why: string;
}

export interface Person {
  id: string;
  name: string;
  createdAt: number;
}

/** A page as the Conversations section of a person page shows it. */
export interface Backlink {
  pageId: string;
  kind: PageKind;
  date: string;
  updatedAt: number;
  snippet: SnippetPart[];
}
