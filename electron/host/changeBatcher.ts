import type { ReplicaChange } from '../../shared/host/slices/replica';

/**
 * Coalesces the store's change notifications into one `replica.changed` per window of `delayMs`
 * (a burst of typing or an import lands as one event), with at most one entry per doc: its
 * latest seq. Listeners only need "what to re-read", never every intermediate seq.
 */
export interface ChangeBatch {
  logId: string;
  head: number;
  changes: ReplicaChange[];
}

export interface ChangeBatcher {
  add(logId: string, changes: readonly ReplicaChange[]): void;
  /** Sends what is pending now (used on dispose so nothing is silently dropped). */
  flush(): void;
  dispose(): void;
}

export const CHANGE_COALESCE_MS = 16;

export function createChangeBatcher(send: (batch: ChangeBatch) => void, delayMs = CHANGE_COALESCE_MS): ChangeBatcher {
  let pending = new Map<string, number>();
  let pendingLogId = '';
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return;
    const changes = [...pending].map(([docId, seq]) => ({ docId, seq })).sort((a, b) => a.seq - b.seq);
    // Changes arrive in store order, so the largest seq pending is the log's head at this point.
    const head = changes[changes.length - 1]?.seq ?? 0;
    const batch = { logId: pendingLogId, head, changes };
    pending = new Map();
    send(batch);
  };

  return {
    add(logId, changes) {
      // A new log (rebuilt or restored) invalidates every cursor: never mix two logs in one event.
      if (pending.size > 0 && logId !== pendingLogId) flush();
      pendingLogId = logId;
      for (const { docId, seq } of changes) {
        pending.set(docId, Math.max(seq, pending.get(docId) ?? 0));
      }
      if (pending.size > 0 && timer === undefined) timer = setTimeout(flush, delayMs);
    },
    flush,
    dispose() {
      clearTimeout(timer);
      timer = undefined;
      pending.clear();
    },
  };
}
