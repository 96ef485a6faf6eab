import { randomBytes } from 'node:crypto';
import { HostError } from '../../shared/host/errors';
import { toBase64 } from '../../shared/host/base64';
import { REPLICA_PART_BYTES, type TransferRef } from '../../shared/host/slices/replica';

/**
 * Replies too large for one part (`replica.open` of a big doc): part 0 goes with the reply, the
 * host keeps the bytes for `replica.part`, per client, for a minute after the last fetch. Total
 * memory is bounded: past the cap the oldest transfers are dropped (their client gets a clear
 * "open it again" error and simply re-opens). A transfer is freed as soon as every part has been
 * fetched, and with its client when that client goes away.
 */
export interface TransferCacheOptions {
  ttlMs?: number;
  /** Bytes kept across all clients. */
  maxBytes?: number;
  partBytes?: number;
  now?: () => number;
}

export interface TransferCache {
  /** Splits `bytes`; returns part 0 and, when there is more, the ref to fetch the rest by. */
  start(clientId: string, bytes: Uint8Array): { first: string; transfer: TransferRef | null };
  /** One part (1-based index beyond part 0), base64. */
  part(clientId: string, transferId: string, index: number): string;
  clientGone(clientId: string): void;
  /** Bytes held right now (for tests and diagnostics). */
  heldBytes(): number;
  dispose(): void;
}

interface Transfer {
  clientId: string;
  bytes: Uint8Array;
  parts: number;
  unfetched: Set<number>;
  expiresAt: number;
}

export const TRANSFER_TTL_MS = 60_000;
export const TRANSFER_MAX_BYTES = 256 * 1024 * 1024;

export function createTransferCache(options: TransferCacheOptions = {}): TransferCache {
  const ttl = options.ttlMs ?? TRANSFER_TTL_MS;
  const maxBytes = options.maxBytes ?? TRANSFER_MAX_BYTES;
  const partBytes = options.partBytes ?? REPLICA_PART_BYTES;
  const now = options.now ?? Date.now;
  // Insertion order is age order: the first entry is the oldest.
  const transfers = new Map<string, Transfer>();
  let held = 0;

  const drop = (id: string): void => {
    const t = transfers.get(id);
    if (!t) return;
    transfers.delete(id);
    held -= t.bytes.length;
  };
  const sweep = (): void => {
    const t = now();
    for (const [id, transfer] of transfers) if (transfer.expiresAt <= t) drop(id);
  };
  // Expired transfers would otherwise wait for the next request to be freed.
  const timer = setInterval(sweep, Math.max(1000, Math.floor(ttl / 4)));
  timer.unref?.();
  const slice = (bytes: Uint8Array, index: number): string =>
    toBase64(bytes.subarray(index * partBytes, (index + 1) * partBytes));

  return {
    start(clientId, bytes) {
      if (bytes.length <= partBytes) return { first: toBase64(bytes), transfer: null };
      sweep();
      for (const id of transfers.keys()) {
        if (held + bytes.length <= maxBytes) break;
        drop(id);
      }
      const parts = Math.ceil(bytes.length / partBytes);
      const id = randomBytes(16).toString('base64url');
      // Keep a copy: the caller's buffer may be reused (a message port, a pooled read).
      const copy = bytes.slice();
      transfers.set(id, {
        clientId,
        bytes: copy,
        parts,
        unfetched: new Set(Array.from({ length: parts - 1 }, (_, i) => i + 1)),
        expiresAt: now() + ttl,
      });
      held += copy.length;
      return { first: slice(copy, 0), transfer: { id, parts } };
    },
    part(clientId, transferId, index) {
      sweep();
      const t = transfers.get(transferId);
      // Another client's id is treated as unknown: ids are not capabilities to share.
      if (!t || t.clientId !== clientId) {
        throw new HostError('bad_request', `Transfer "${transferId}" is unknown or has expired; open the doc again.`);
      }
      if (index < 1 || index >= t.parts) {
        throw new HostError('bad_request', `Transfer "${transferId}" has parts 1 to ${t.parts - 1}, not ${index}.`);
      }
      const data = slice(t.bytes, index);
      t.unfetched.delete(index);
      t.expiresAt = now() + ttl;
      if (t.unfetched.size === 0) drop(transferId);
      return data;
    },
    clientGone(clientId) {
      for (const [id, t] of transfers) if (t.clientId === clientId) drop(id);
    },
    heldBytes: () => held,
    dispose() {
      clearInterval(timer);
      transfers.clear();
      held = 0;
    },
  };
}
