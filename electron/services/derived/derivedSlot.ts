import type { DerivedIndex } from './types';

/**
 * A DerivedIndex that stays the same object while the index behind it comes and goes (in
 * Electron it lives in the store process, which is restarted if it dies). Listeners stay
 * subscribed across restarts; `pages` waits for an index (up to `waitMs`) rather than answering
 * "no facts", which lists would show as empty previews.
 */
export interface DerivedSlot extends DerivedIndex {
  attach(index: DerivedIndex): void;
  detach(): void;
}

export function createDerivedSlot(waitMs = 15_000): DerivedSlot {
  let inner: DerivedIndex | null = null;
  let offInner: (() => void) | null = null;
  const waiters: (() => void)[] = [];
  let closed = false;
  const listeners = new Set<Parameters<DerivedIndex['onChange']>[0]>();

  const live = async (): Promise<DerivedIndex> => {
    if (!inner && !closed) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        timer = setTimeout(resolve, waitMs);
      });
      clearTimeout(timer);
    }
    if (!inner) throw new Error('The list index is not running (the journal store is restarting).');
    return inner;
  };

  return {
    seq: () => inner?.seq() ?? 0,
    state: () => inner?.state() ?? { kind: 'rebuilding', done: 0, total: 0 },
    pages: async (after, limit) => (await live()).pages(after, limit),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    attach(index) {
      if (closed) return void index.close();
      offInner?.();
      inner = index;
      offInner = index.onChange((change) => listeners.forEach((l) => l(change)));
      waiters.splice(0).forEach((w) => w());
    },
    detach() {
      offInner?.();
      offInner = null;
      inner = null;
    },
    async close() {
      closed = true;
      const current = inner;
      offInner?.();
      inner = null;
      waiters.splice(0).forEach((w) => w());
      await current?.close();
    },
  };
}
