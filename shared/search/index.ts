/**
 * Search core (pure TypeScript, no Node/DOM/React imports).
 *
 * - SearchIndex: full-text engine (hand-written inverted index with positions, BM25, prefix and
 *   typo expansion, phrases, filters, snippets, one-record persistence).
 * - QuickSwitcher: fuse.js over names and titles for Ctrl/Cmd+K.
 * - createPersonResolver: turns `@maria` into person ids for SearchIndex.search.
 */
export type {
  BuildProgress, HighlightRange, IndexStats, PageKind, ParsedQuery, PersonFilterGroup, PersonResolver,
  QueryTerm, SearchDoc, SearchFilter, SearchHit, SearchOptions, Snippet,
} from './types';
export { PAGE_KINDS } from './types';
export { SearchIndex, type BuildAsyncOptions } from './fullTextIndex';
export { SearchIndexFormatError, INDEX_FORMAT, INDEX_VERSION, type SerializedIndex } from './persist';
export { parseQuery, isFilterOnly, type ParseQueryOptions } from './parseQuery';
export { tokenize, tokenTerms, foldTerm, foldText, MAX_TERM_LENGTH, type Token } from './tokenize';
export { makeSnippet, highlightRanges, type MatchSpec } from './snippet';
export { QuickSwitcher, type SwitcherItem, type SwitcherResult, type SwitcherSearchOptions, type QuickSwitcherOptions } from './quickSwitcher';
export { createPersonResolver, type PersonName } from './people';
export { TermDictionary, osaDistance } from './termDictionary';
