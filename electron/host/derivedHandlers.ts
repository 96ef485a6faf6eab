import type { HostHandlers } from '../../shared/host/contract';
import type { DerivedRequests } from '../../shared/host/slices/derived';
import type { DerivedIndex } from '../services/derived/types';
import type { HostEmitter } from './emitter';

/**
 * `derived.pages` over the local derived index, and its changes as `derived.changed` to every
 * client. Without an index (a host that runs none) the answer is an empty, ready result, so
 * lists show what the workspace doc has. An index still starting is waited for: answering
 * "empty" meanwhile would tell the renderer there are no facts at all.
 */
export type DerivedHandlers = Pick<HostHandlers, keyof DerivedRequests>;

export interface DerivedSlice {
  handlers: DerivedHandlers;
  dispose(): void;
}

export type DerivedSource = DerivedIndex | null | Promise<DerivedIndex | null>;

export const DERIVED_PAGE_LIMIT = 1_000;

export function createDerivedSlice(source: DerivedSource, emitter: HostEmitter, log: (line: string) => void): DerivedSlice {
  let disposed = false;
  let off: (() => void) | undefined;
  const ready: Promise<DerivedIndex | null> = Promise.resolve(source).then(
    (derived) => {
      if (derived && !disposed) off = derived.onChange((change) => emitter.emitAll('derived.changed', change));
      return derived;
    },
    (err: unknown) => {
      log(`kindred: the derived index did not start; lists show what the workspace has: ${String(err)}`);
      return null;
    },
  );
  return {
    handlers: {
      'derived.pages': async ({ after, limit }) => {
        const derived = await ready;
        if (!derived) return { seq: 0, pages: [], next: null, state: { kind: 'ready' } };
        // Read before the pages: they may then be newer than `seq`, never older, and a
        // `derived.changed` heard later applies on top harmlessly. An index that reports the
        // seq its pages were read at (under its own lock) is taken at its word.
        const seqBefore = derived.seq();
        const state = derived.state();
        const page: { pages: DerivedIndexPage; next: string | null; seq?: unknown } = await derived.pages(
          after,
          limit ?? DERIVED_PAGE_LIMIT,
        );
        const seq = typeof page.seq === 'number' ? page.seq : seqBefore;
        return { seq, pages: page.pages, next: page.next, state };
      },
    },
    dispose() {
      disposed = true;
      off?.();
    },
  };
}

type DerivedIndexPage = Awaited<ReturnType<DerivedIndex['pages']>>['pages'];
