import type { HostHandlers } from '../../shared/host/contract';
import type { SearchRequests } from '../../shared/host/slices/search';
import type { SearchHost } from '../services/search/types';
import type { HostEmitter } from './emitter';

/**
 * `search.query` over the host's search index, and its progress as `search.state` to every
 * client. An index still starting is waited for (its answer then says `complete: false` until it
 * has loaded); a host without one refuses clearly rather than answering "nothing found".
 */
export type SearchHandlers = Pick<HostHandlers, keyof SearchRequests>;

export interface SearchSlice {
  handlers: SearchHandlers;
  dispose(): void;
}

export type SearchSource = SearchHost | null | Promise<SearchHost | null>;

export function createSearchSlice(source: SearchSource, emitter: HostEmitter, log: (line: string) => void): SearchSlice {
  let disposed = false;
  let off: (() => void) | undefined;
  const ready: Promise<SearchHost | null> = Promise.resolve(source).then(
    (search) => {
      if (search && !disposed) off = search.onState((state) => emitter.emitAll('search.state', state));
      return search;
    },
    (err: unknown) => {
      log(`kindred: search did not start: ${String(err)}`);
      return null;
    },
  );
  return {
    handlers: {
      'search.query': async (params) => {
        const search = await ready;
        if (!search) throw new Error('Search is not available: its index did not start.');
        return search.query(params);
      },
    },
    dispose() {
      disposed = true;
      off?.();
    },
  };
}
