import type { DerivedPageFacts } from '../../../shared/domain/types';
import type { DerivedIndexState } from '../../../shared/host/slices/derived';
import { connectOverPort, serveOverPort, type MessagePortLike } from '../store/port/rpc';
import type { DerivedIndex } from './types';

/**
 * The derived index across the store process's port. It runs next to the store (reading page
 * docs there costs no trip across processes, and a rebuild never busies Electron's main
 * process); main holds this client. `seq()` and `state()` are synchronous in DerivedIndex, so the
 * client keeps the last values it heard (from `status` at connect, then from every change).
 */
type Change = { seq: number; pages: [string, DerivedPageFacts | null][]; state: DerivedIndexState };

type DerivedMethods = {
  status(): Promise<{ seq: number; state: DerivedIndexState }>;
  pages(after: string | undefined, limit: number): Promise<{ pages: [string, DerivedPageFacts][]; next: string | null; seq?: number }>;
};
type DerivedEvents = { change: Change };

export function serveDerivedOverPort(port: MessagePortLike, index: Promise<DerivedIndex>): () => void {
  index.catch(() => undefined); // reported to each caller
  const handlers: DerivedMethods = {
    status: async () => {
      const i = await index;
      return { seq: i.seq(), state: i.state() };
    },
    pages: async (after, limit) => (await index).pages(after, limit),
  };
  let stopped = false;
  return serveOverPort<DerivedMethods, DerivedEvents>(port, handlers, {
    change: (emit) => {
      let off: (() => void) | undefined;
      void index.then(
        (i) => {
          if (!stopped) off = i.onChange(emit);
        },
        () => undefined,
      );
      return () => {
        stopped = true;
        off?.();
      };
    },
  });
}

/** Resolves once the index in the other process has started (its status answered). */
export async function connectDerivedOverPort(port: MessagePortLike): Promise<DerivedIndex & { pages: DerivedMethods['pages'] }> {
  const rpc = connectOverPort<DerivedMethods, DerivedEvents>(port);
  const listeners = new Set<(change: Change) => void>();
  let last: { seq: number; state: DerivedIndexState } = { seq: 0, state: { kind: 'rebuilding', done: 0, total: 0 } };
  // Subscribed before asking for the status, so no change falls between the two.
  rpc.$on('change', (change) => {
    if (change.seq >= last.seq) last = { seq: change.seq, state: change.state };
    for (const l of [...listeners]) l(change);
  });
  const status = await rpc.status();
  if (status.seq >= last.seq) last = status;
  return {
    seq: () => last.seq,
    state: () => last.state,
    pages: (after, limit) => rpc.pages(after, limit),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      rpc.$dispose('The derived index connection was closed.');
    },
  };
}
