import type { SearchFilter, SearchHit } from '../../../shared/search';

/** Where search is: loading saved segments, indexing pages, or ready (everything reflected). */
export interface SearchHostState {
  kind: 'loading' | 'indexing' | 'ready';
  done: number;
  total: number;
}

export interface SearchQuery {
  q: string;
  filter?: SearchFilter;
  limit?: number;
}

export interface SearchQueryResult {
  hits: SearchHit[];
  /** False while loading or indexing: "nothing found" may only mean "not loaded yet". */
  complete: boolean;
  state: SearchHostState;
}

export interface SearchHost {
  query(query: SearchQuery): Promise<SearchQueryResult>;
  state(): SearchHostState;
  onState(listener: (state: SearchHostState) => void): () => void;
  /** Resolves once every change durable when called is indexed and saved (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface SearchHostOptions {
  /** Saving waits this long after the last change (default 1 s). */
  saveDelayMs?: number;
  /** Live changes are indexed this long after a store batch, so a burst is read once. */
  liveDelayMs?: number;
  /** Page docs read per step. */
  batchSize?: number;
  log?: (message: string, err?: unknown) => void;
}
