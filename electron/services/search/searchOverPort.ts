import { connectOverPort, serveOverPort, type MessagePortLike } from '../store/port/rpc';
import { createServiceSlot } from '../serviceSlot';
import type { SearchHost, SearchHostState, SearchQuery, SearchQueryResult } from './types';

/**
 * The search index across the journal process's port (it runs beside the store, like the
 * derived index), and a slot in main that stays the same object while that process restarts.
 */
type SearchMethods = {
  status(): Promise<SearchHostState>;
  query(query: SearchQuery): Promise<SearchQueryResult>;
};
type SearchEvents = { state: SearchHostState };

export function serveSearchOverPort(port: MessagePortLike, search: Promise<SearchHost>): () => void {
  search.catch(() => undefined); // reported to each caller
  let stopped = false;
  return serveOverPort<SearchMethods, SearchEvents>(
    port,
    {
      status: async () => (await search).state(),
      query: async (query) => (await search).query(query),
    },
    {
      state: (emit) => {
        let off: (() => void) | undefined;
        void search.then(
          (s) => {
            if (!stopped) off = s.onState(emit);
          },
          () => undefined,
        );
        return () => {
          stopped = true;
          off?.();
        };
      },
    },
  );
}

/** Resolves once the index in the other process answered its status. */
export async function connectSearchOverPort(port: MessagePortLike): Promise<SearchHost> {
  const rpc = connectOverPort<SearchMethods, SearchEvents>(port);
  const listeners = new Set<(s: SearchHostState) => void>();
  let last: SearchHostState = { kind: 'loading', done: 0, total: 0 };
  rpc.$on('state', (state) => {
    last = state;
    for (const l of [...listeners]) l(state);
  });
  last = await rpc.status();
  return {
    state: () => last,
    query: (query) => rpc.query(query),
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    idle: async () => undefined, // the other process owns the index: nothing to wait for here
    async close() {
      rpc.$dispose('The search connection was closed.');
    },
  };
}

export interface SearchSlot extends SearchHost {
  attach(search: SearchHost): void;
  detach(): void;
}

/** Queries wait (up to `waitMs`) for an index rather than answering "nothing found" (serviceSlot.ts). */
export function createSearchSlot(waitMs = 15_000): SearchSlot {
  const slot = createServiceSlot<SearchHost, SearchHostState>({
    subscribe: (search, emit) => search.onState(emit),
    notRunning: 'Search is not running (the journal store is restarting).',
    waitMs,
  });
  return {
    state: () => slot.current()?.state() ?? { kind: 'loading', done: 0, total: 0 },
    query: async (query) => (await slot.live()).query(query),
    onState: slot.listen,
    idle: async () => (await slot.live()).idle(),
    attach: slot.attach,
    detach: slot.detach,
    close: slot.close,
  };
}
