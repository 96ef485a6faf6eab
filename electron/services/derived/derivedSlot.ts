import { createServiceSlot } from '../serviceSlot';
import type { DerivedIndex } from './types';

/**
 * A DerivedIndex that stays the same object while the index behind it comes and goes
 * (serviceSlot.ts): `pages` waits for an index rather than answering "no facts", which lists
 * would show as empty previews.
 */
export interface DerivedSlot extends DerivedIndex {
  attach(index: DerivedIndex): void;
  detach(): void;
}

export function createDerivedSlot(waitMs = 15_000): DerivedSlot {
  const slot = createServiceSlot<DerivedIndex, Parameters<Parameters<DerivedIndex['onChange']>[0]>[0]>({
    subscribe: (index, emit) => index.onChange(emit),
    notRunning: 'The list index is not running (the journal store is restarting).',
    waitMs,
  });
  return {
    seq: () => slot.current()?.seq() ?? 0,
    state: () => slot.current()?.state() ?? { kind: 'rebuilding', done: 0, total: 0 },
    pages: async (after, limit) => (await slot.live()).pages(after, limit),
    onChange: slot.listen,
    attach: slot.attach,
    detach: slot.detach,
    close: slot.close,
  };
}
