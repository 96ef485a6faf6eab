import type { HostClient } from '../../shared/host/contract';
import type { ReplicaChange } from '../../shared/host/slices/replica';

/**
 * The store's change log as search follows it: what changed since a cursor (paged), and each
 * durable batch as it lands. A cursor is only meaningful with the log it came from (`logId`):
 * a store whose log was rebuilt or restored has another logId, and the index starts over.
 */
export interface ChangeFeed {
  changes(since: number, limit: number): Promise<{ logId: string; head: number; changes: ReplicaChange[]; more: boolean }>;
  subscribe(listener: (batch: { logId: string; head: number; changes: ReplicaChange[] }) => void): () => void;
}

export interface LogCursor {
  logId: string;
  seq: number;
}

/** The host's `replica.changes` / `replica.changed`. */
export function hostChangeFeed(host: HostClient): ChangeFeed {
  return {
    changes: (since, limit) => host.request('replica.changes', { since, limit }),
    subscribe: (listener) => host.subscribe('replica.changed', listener),
  };
}

/** Everything in the log after `since`, page by page; the head and logId of the last page. */
export async function readChangesSince(
  feed: ChangeFeed,
  since: number,
  pageSize = 5_000,
): Promise<{ logId: string; head: number; changes: ReplicaChange[] }> {
  const all: ReplicaChange[] = [];
  let at = since;
  let logId: string | null = null;
  for (;;) {
    const res = await feed.changes(at, pageSize);
    // The log was replaced between two pages: report the new one; the caller starts over.
    if (logId !== null && res.logId !== logId) return { logId: res.logId, head: res.head, changes: [] };
    logId = res.logId;
    all.push(...res.changes);
    if (!res.more || res.changes.length === 0) return { logId, head: Math.max(res.head, at), changes: all };
    at = res.changes[res.changes.length - 1]!.seq;
  }
}
