/** Public types of the search core. Pure data: no DOM, Node or React types. */

export type PageKind = 'journal' | 'conversation' | 'person';

export const PAGE_KINDS: readonly PageKind[] = ['journal', 'conversation', 'person'];

/** One searchable page: a journal entry, a conversation note or a person page. */
export interface SearchDoc {
  id: string;
  kind: PageKind;
  title: string;
  /** YYYY-MM-DD (person pages: creation or last-edit date). */
  date: string;
  /** Plain text of the page body. */
  text: string;
  /** Ids of the people mentioned on the page (a person page should include its own person). */
  people: string[];
}

/** Offsets into the string they accompany, `end` exclusive. */
export interface HighlightRange {
  start: number;
  end: number;
}

export interface Snippet {
  /** Excerpt of the page text; starts/ends with "…" when cut. Newlines replaced by spaces. */
  text: string;
  highlights: HighlightRange[];
}

export interface SearchHit {
  id: string;
  score: number;
  kind: PageKind;
  title: string;
  date: string;
  people: string[];
  snippet: Snippet;
  /** Matching words in `title`. */
  titleHighlights: HighlightRange[];
}

export interface SearchFilter {
  /** Pages mentioning ANY of these person ids (a picker selection). */
  people?: string[];
  kinds?: PageKind[];
  /** Inclusive YYYY-MM-DD bounds (a shorter prefix such as "2023" or "2023-04" also works). */
  from?: string;
  to?: string;
}

/** Maps a typed name (from `@maria`) to person ids; [] when nobody matches. */
export type PersonResolver = (name: string) => string[];

export interface QueryTerm {
  /** Normalised term (see tokenize). */
  term: string;
  /** Match as a prefix too (the word still being typed). */
  prefix: boolean;
}

export interface PersonFilterGroup {
  /** The name as typed after "@". */
  name: string;
  /** Resolved ids: a page must mention at least one of them. */
  ids: string[];
}

export interface ParsedQuery {
  /** Free words: optional, ranked (more matched words rank higher). */
  terms: QueryTerm[];
  /** Quoted phrases (and runs of CJK characters): required, words adjacent and in order. */
  phrases: string[][];
  /** One group per resolved `@name`; every group must match (AND), any id within a group (OR). */
  people: PersonFilterGroup[];
  /** `@name`s nobody matched; their words were added to `terms` instead. */
  unresolvedPeople: string[];
  /** From `kind:journal,conversation`; empty = all kinds. */
  kinds: PageKind[];
  /** Inclusive bounds from `from:`/`after:` and `to:`/`before:`. */
  from?: string;
  to?: string;
}

export interface SearchOptions {
  /** Maximum hits returned (default 20). */
  limit?: number;
  filter?: SearchFilter;
  /** Resolves `@name` when `query` is a string. Without it `@name` is searched as text. */
  resolvePerson?: PersonResolver;
  /** Typo tolerance (default true). */
  fuzzy?: boolean;
  /** Characters of context in snippets (default 160). */
  snippetLength?: number;
}

export interface IndexStats {
  docs: number;
  /** Replaced/removed docs whose postings await compaction. */
  deadDocs: number;
  terms: number;
  /** Integers held in postings (doc, weighted tf, count, positions…). */
  postingInts: number;
}

export interface BuildProgress {
  done: number;
  total: number;
}
