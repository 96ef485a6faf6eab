import { fromBase64, toBase64 } from '../../shared/host/base64';
import type { HostHandlers } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import type { ReplicaRequests, StoreFailureCode, StoreStatus } from '../../shared/host/slices/replica';
import type { AppliedChange, JournalStore, StoreHealth } from '../services/store/types';
import { createChangeBatcher, type ChangeBatcher } from './changeBatcher';
import type { HostEmitter } from './emitter';
import { isClientFault, STORE_FAULTS, toHostError, viaStore } from './storeErrors';
import { createTransferCache, type TransferCacheOptions } from './transfers';
import { createUploadAssembler, type UploadOptions } from './uploads';

/**
 * The replica link (docs/replica-protocol.md) mapped onto the journal store. State lives for one
 * host run: which client has which doc open, multi-part transfers both ways. After every durable
 * batch, each client with the doc open — except the one that sent it — gets `replica.updated`,
 * and every client gets a coalesced `replica.changed`.
 */
export interface ReplicaServices extends HostEmitter {
  store: JournalStore;
  /** Where rejected input is reported (with the client id); console.warn by default. */
  log?: (line: string) => void;
  transfers?: TransferCacheOptions;
  uploads?: UploadOptions;
  coalesceMs?: number;
}

export type ReplicaHandlers = Pick<HostHandlers, keyof ReplicaRequests>;

export interface ReplicaSlice {
  handlers: ReplicaHandlers;
  clientGone(clientId: string): void;
  /** Which clients have `docId` open (for tests and diagnostics). */
  subscribers(docId: string): string[];
  dispose(): void;
}

export function storeStatusOf(health: StoreHealth, dataDir: string | null): StoreStatus {
  if (health.ok) return { ok: true, dataDir };
  // Health only ever reports write-side failures; anything else reads as a failed write.
  const code = STORE_FAULTS.has(health.code) ? (health.code as StoreFailureCode) : 'write_failed';
  return { ok: false, dataDir, code, message: health.message };
}

export function createReplicaSlice(services: ReplicaServices): ReplicaSlice {
  const { store } = services;
  const log = services.log ?? ((line: string) => console.warn(line));
  const transfers = createTransferCache(services.transfers);
  const uploads = createUploadAssembler(services.uploads);
  /** docId → clients that have it open. */
  const openDocs = new Map<string, Set<string>>();
  const batcher: ChangeBatcher = createChangeBatcher(
    (batch) => services.emitAll('replica.changed', batch),
    services.coalesceMs,
  );

  const unsubscribe = (clientId: string, docId: string): void => {
    const clients = openDocs.get(docId);
    if (!clients) return;
    clients.delete(clientId);
    if (clients.size === 0) openDocs.delete(docId);
  };

  /** Rejected input is logged with who sent it; the client gets the same reason. */
  const rejected = (clientId: string, what: string, err: unknown): unknown => {
    const error = toHostError(err);
    if (error instanceof HostError && error.code === 'bad_request') {
      log(`kindred: refused ${what} from client ${clientId}: ${error.message}`);
    }
    return error;
  };

  const decode = (clientId: string, field: string, text: string): Uint8Array => {
    try {
      return fromBase64(text);
    } catch {
      throw rejected(clientId, field, new HostError('bad_request', `"${field}" is not valid base64.`));
    }
  };

  const onChange = (changes: AppliedChange[]): void => {
    for (const change of changes) {
      const clients = openDocs.get(change.docId);
      if (!clients) continue;
      let update: string | undefined;
      for (const clientId of clients) {
        if (clientId === change.origin) continue;
        update ??= toBase64(change.update);
        services.emitTo(clientId, 'replica.updated', { docId: change.docId, update, seq: change.seq });
      }
    }
    batcher.add(
      store.logId,
      changes.map(({ docId, seq }) => ({ docId, seq })),
    );
  };
  const offChange = store.onChange(onChange);
  const offHealth = store.onHealth((health) =>
    services.emitAll('store.statusChanged', storeStatusOf(health, store.dataDir)),
  );

  const handlers: ReplicaHandlers = {
    'replica.open': async ({ docId, sv }, { clientId }) => {
      const theirs = decode(clientId, 'sv', sv);
      // Subscribe before reading, so a change landing meanwhile is heard (Yjs applies it twice harmlessly).
      let clients = openDocs.get(docId);
      if (!clients) openDocs.set(docId, (clients = new Set()));
      const wasOpen = clients.has(clientId);
      clients.add(clientId);
      try {
        // The store's sv is read before the diff: the diff may hold more than it claims, never less.
        const ours = await store.stateVector(docId);
        const [diff, seq, damaged] = await Promise.all([
          store.diff(docId, theirs),
          store.seqOf(docId),
          store.damaged(docId),
        ]);
        const { first, transfer } = transfers.start(clientId, diff);
        return { update: first, sv: toBase64(ours), seq, transfer, damaged };
      } catch (err) {
        if (!wasOpen) unsubscribe(clientId, docId);
        throw rejected(clientId, `replica.open of "${docId}"`, err);
      }
    },

    'replica.part': async ({ transferId, index }, { clientId }) => ({
      data: transfers.part(clientId, transferId, index),
    }),

    'replica.push': async ({ docId, update, upload }, { clientId }) => {
      const bytes = decode(clientId, 'update', update);
      let whole: Uint8Array | null = bytes;
      if (upload) {
        try {
          whole = uploads.add(clientId, { docId, id: upload.id, index: upload.index, count: upload.count, bytes });
        } catch (err) {
          throw rejected(clientId, `upload "${upload.id}" of "${docId}"`, err);
        }
        if (whole === null) return { acked: false, seq: await viaStore(() => store.seqOf(docId)) };
      }
      try {
        const result = await store.applyUpdate(docId, whole, clientId);
        return { acked: true, seq: result.seq };
      } catch (err) {
        if (!isClientFault(err)) log(`kindred: could not store an update to "${docId}": ${String(err)}`);
        throw rejected(clientId, `an update to "${docId}"`, err);
      }
    },

    'replica.close': async ({ docId }, { clientId }) => {
      unsubscribe(clientId, docId);
      return { ok: true };
    },

    'replica.changes': async ({ since, limit }) => {
      const r = await viaStore(() => store.changesSince(since, limit));
      return { logId: r.logId, head: r.head, changes: r.changes.map(({ docId, seq }) => ({ docId, seq })), more: r.more };
    },

    'store.status': async () => storeStatusOf(store.health(), store.dataDir),
  };

  return {
    handlers,
    clientGone(clientId) {
      for (const docId of [...openDocs.keys()]) unsubscribe(clientId, docId);
      transfers.clientGone(clientId);
      uploads.clientGone(clientId);
    },
    subscribers: (docId) => [...(openDocs.get(docId) ?? [])],
    dispose() {
      offChange();
      offHealth();
      batcher.flush();
      batcher.dispose();
      transfers.dispose();
      uploads.dispose();
      openDocs.clear();
    },
  };
}
