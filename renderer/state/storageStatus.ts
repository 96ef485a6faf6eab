import type { StorageFailure } from '../storage/guardedPersistence';

/**
 * What the user sees about saving: "Saved on this device", "Saving…", or an error that stays
 * on screen until storage works again. Never silent.
 */
export type SaveState = { kind: 'saved' } | { kind: 'saving' } | { kind: 'failed'; message: string };

export interface StorageStatus {
  get(): SaveState;
  subscribe(listener: () => void): () => void;
  reportFailure(failure: StorageFailure): void;
  /** That doc's storage works again (reconnected and everything re-saved). */
  reportRecovered(docName: string): void;
  /** Polled by the status indicator; cheap (counts in-flight writes). */
  refresh(pendingWrites: number): void;
}

export function createStorageStatus(): StorageStatus {
  let state: SaveState = { kind: 'saved' };
  const failing = new Map<string, string>();
  const listeners = new Set<() => void>();
  const set = (next: SaveState): void => {
    if (state.kind === next.kind && (state.kind !== 'failed' || state.message === (next as typeof state).message)) return;
    state = next;
    listeners.forEach((l) => l());
  };
  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reportFailure(failure) {
      console.error('[kindred storage]', failure.docName, failure.message);
      failing.set(failure.docName, failure.message);
      set({ kind: 'failed', message: failure.message });
    },
    reportRecovered(docName) {
      failing.delete(docName);
      const still = [...failing.values()][0];
      set(still ? { kind: 'failed', message: still } : { kind: 'saved' });
    },
    refresh(pendingWrites) {
      if (state.kind === 'failed') return;
      set(pendingWrites > 0 ? { kind: 'saving' } : { kind: 'saved' });
    },
  };
}
