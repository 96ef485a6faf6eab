import { z } from 'zod';
import type { SearchFilter, SearchHit } from '../../search/types';

/**
 * `search.*`: full-text search, answered by the host's index (electron/services/search), which
 * follows the store's change log off every window's UI thread. While the index is loading or
 * indexing, answers say `complete: false`: an empty answer then means "not loaded yet", never
 * "nothing found". `search.state` tells every window where the index is.
 */
export interface SearchState {
  kind: 'loading' | 'indexing' | 'ready';
  done: number;
  total: number;
}

export interface SearchRequests {
  'search.query': {
    params: { q: string; filter?: SearchFilter; limit?: number };
    result: { hits: SearchHit[]; complete: boolean; state: SearchState };
  };
}

export interface SearchEvents {
  'search.state': SearchState;
}

const date = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'Not a date (YYYY, YYYY-MM or YYYY-MM-DD).');
const kind = z.enum(['journal', 'conversation', 'person']);

export const searchRequestSchemas = {
  'search.query': z
    .object({
      q: z.string().max(1_000, 'A search can be at most 1,000 characters.'),
      filter: z
        .object({
          people: z.array(z.string().min(1).max(200)).max(200).optional(),
          kinds: z.array(kind).max(3).optional(),
          from: date.optional(),
          to: date.optional(),
        })
        .strict()
        .optional(),
      limit: z.number().int().min(1).max(500).optional(),
    })
    .strict(),
};

const count = z.number().int().min(0);

export const searchEventSchemas = {
  'search.state': z.object({ kind: z.enum(['loading', 'indexing', 'ready']), done: count, total: count }).strict(),
};
