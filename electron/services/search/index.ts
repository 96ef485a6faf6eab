export { startSearchHost } from './searchHost';
export { connectSearchOverPort, createSearchSlot, serveSearchOverPort, type SearchSlot } from './searchOverPort';
export { SEARCH_SPACE } from './searchStorage';
export type { SearchHost, SearchHostOptions, SearchHostState, SearchQuery, SearchQueryResult } from './types';
