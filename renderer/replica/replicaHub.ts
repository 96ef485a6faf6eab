import type * as Y from 'yjs';
import { fromBase64 } from '../../shared/host/base64';
import type { HostClient, HostEvents } from '../../shared/host/contract';
import type { HostError } from '../../shared/host/errors';
import { ReplicaLink, type LinkEvents } from './replicaLink';

/**
 * This window's side of the replica link for every doc: one subscription to the host's
 * `replica.updated` / `store.statusChanged` events, routed to the links by doc id. A doc may
 * briefly have two links (an editor's fresh doc taking over from a temporary one whose pushes
 * are still in flight); `replica.close` goes out only when the last of them has closed.
 */
export interface HubEvents {
  /** Saving `docId` to the store failed; what was typed is kept and retried. */
  onSaveFailure(docId: string, error: HostError): void;
  /** Everything of `docId` is acknowledged again. */
  onSaveRecovered(docId: string): void;
  /** The store set aside damaged records of `docId`. */
  onStoreDamaged?(docId: string): void;
}

export interface ReplicaHubOptions {
  retryDelaysMs?: readonly number[];
  partBytes?: number;
}

export interface ReplicaHub {
  /** Links `doc` with the store; call `start()` on the link once the cache has loaded. */
  link(docId: string, doc: Y.Doc): ReplicaLink;
  /** Updates not yet acknowledged, across every link (closing ones included). */
  pending(): number;
  /** Waits until every link has nothing unacknowledged. */
  flush(): Promise<void>;
  /** Whether this window has a live link for `docId` (its `replica.close` is the hub's to send). */
  isLinked(docId: string): boolean;
  /** Links still alive (open, or closing with a backlog), for tests and diagnostics. */
  liveLinks(): number;
  /** Stops listening and stops every link (unacknowledged updates stay in the offline copy). */
  dispose(): void;
}

export function createReplicaHub(host: HostClient, events: HubEvents, options: ReplicaHubOptions = {}): ReplicaHub {
  const links = new Map<string, Set<ReplicaLink>>();
  const all = new Set<ReplicaLink>();

  const linkEvents: LinkEvents = {
    onFailure: (docId, error) => events.onSaveFailure(docId, error),
    onRecovered: (docId) => events.onSaveRecovered(docId),
    onStoreDamaged: (docId) => events.onStoreDamaged?.(docId),
    onClosed(link) {
      all.delete(link);
      const set = links.get(link.docId);
      set?.delete(link);
      if (set && set.size === 0) {
        links.delete(link.docId);
        // Messages keep their order on the connection, so a later open re-subscribes after this.
        host.request('replica.close', { docId: link.docId }).catch(() => undefined);
      }
    },
  };

  const onUpdated = (payload: HostEvents['replica.updated']): void => {
    const set = links.get(payload.docId);
    if (!set) return;
    let update: Uint8Array;
    try {
      update = fromBase64(payload.update);
    } catch {
      console.error('[kindred replica] an update from the host was not base64', payload.docId);
      return;
    }
    set.forEach((link) => {
      try {
        link.applyRemote(update);
      } catch (err) {
        console.error('[kindred replica] could not apply an update from the host', payload.docId, err);
      }
    });
  };
  const stopUpdated = host.subscribe('replica.updated', onUpdated);
  // The store can write again: retry every waiting backlog at once rather than after the backoff.
  const stopStatus = host.subscribe('store.statusChanged', (status) => {
    if (status.ok) all.forEach((link) => link.retryNow());
  });

  return {
    link(docId, doc) {
      const link = new ReplicaLink({
        host,
        docId,
        doc,
        events: linkEvents,
        retryDelaysMs: options.retryDelaysMs,
        partBytes: options.partBytes,
      });
      all.add(link);
      const set = links.get(docId) ?? new Set<ReplicaLink>();
      links.set(docId, set);
      set.add(link);
      return link;
    },
    pending() {
      let n = 0;
      all.forEach((link) => (n += link.pending()));
      return n;
    },
    async flush() {
      while ([...all].some((l) => l.pending() > 0)) {
        await Promise.all([...all].map((l) => l.whenSettled()));
      }
    },
    isLinked: (docId) => (links.get(docId)?.size ?? 0) > 0,
    liveLinks: () => all.size,
    dispose() {
      stopUpdated();
      stopStatus();
      all.forEach((link) => link.stop());
      all.clear();
      links.clear();
    },
  };
}
