import { z } from 'zod';
import { DOC_ID_PATTERN, REPLICA_PART_BYTES, MAX_PARTS } from '../limits';
export { DOC_ID_PATTERN, REPLICA_PART_BYTES, MAX_UPDATE_BYTES, MAX_PARTS } from '../limits';

/**
 * `replica.*`: every window is a live replica of the host's journal store, one Y.Doc per page
 * plus the workspace doc. The link is the Yjs sync protocol spread over requests:
 *   step 1 + 2: `replica.open {docId, sv}` → the store's diff for that state vector and the
 *               store's own state vector (the window then pushes what the store lacks);
 *   updates:    `replica.push` (window → store, acknowledged once durable) and the
 *               `replica.updated` event (store → every *other* window that has the doc open).
 * Followers of the change log (search, lists) catch up with `replica.changes {since}` and hear
 * `replica.changed` after every durable batch. Bytes are base64; anything larger than
 * REPLICA_PART_BYTES travels in parts (frames stay under the web host's 1 MiB cap).
 * Wire format documented in docs/replica-protocol.md.
 */


export interface ReplicaChange {
  docId: string;
  /** The store's sequence number of the doc's latest change. */
  seq: number;
}

/** A multi-part transfer: the first part came with the reply, fetch the others by index. */
export interface TransferRef {
  id: string;
  parts: number;
}

export interface ReplicaRequests {
  /**
   * Sync steps 1 and 2 for one doc, and subscribes this window to its live updates.
   * `update` is what the store has beyond `sv` (base64; part 0 when `transfer` is set).
   * `seq` is 0 and `sv` the empty state vector for a doc the store has never seen.
   */
  'replica.open': {
    params: { docId: string; sv: string };
    result: { update: string; sv: string; seq: number; transfer: TransferRef | null; damaged: boolean };
  };
  /** One more part of a transfer started by `replica.open` (kept by the host for a minute). */
  'replica.part': { params: { transferId: string; index: number }; result: { data: string } };
  /**
   * Stores an update. Resolves once it is durable (`acked: true`, with the seq it got, or the
   * current seq when it changed nothing). Large updates come in parts with one `upload.id`:
   * every part but the last answers `acked: false`.
   */
  'replica.push': {
    params: { docId: string; update: string; upload?: { id: string; index: number; count: number } };
    result: { acked: boolean; seq: number };
  };
  /** Stops live updates of that doc to this window. */
  'replica.close': { params: { docId: string }; result: { ok: true } };
  /** The change log since `since` (exclusive): at most one entry per doc, oldest first. */
  'replica.changes': {
    params: { since: number; limit?: number };
    result: { logId: string; head: number; changes: ReplicaChange[]; more: boolean };
  };
  /** Whether the store can write, and where it lives. */
  'store.status': { params: Record<string, never>; result: StoreStatus };
}

export type StoreStatus =
  | { ok: true; dataDir: string | null }
  | { ok: false; dataDir: string | null; code: StoreFailureCode; message: string };

export type StoreFailureCode = 'write_failed' | 'disk_full' | 'read_only' | 'folder_missing' | 'damaged' | 'closed';

export interface ReplicaEvents {
  /** Another window (or capture, or sync) changed a doc this window has open. */
  'replica.updated': { docId: string; update: string; seq: number };
  /** A durable batch landed in the store (any origin, this window's own pushes included). */
  'replica.changed': { logId: string; head: number; changes: ReplicaChange[] };
  /** The store started or stopped being able to write. */
  'store.statusChanged': StoreStatus;
}

const docId = z.string().regex(DOC_ID_PATTERN);
// Base64 of at most one part (the 4/3 expansion, rounded up to whole quads).
const part = z.string().max(Math.ceil(REPLICA_PART_BYTES / 3) * 4);
const transferId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const empty = z.object({}).strict();

export const replicaRequestSchemas = {
  'replica.open': z.object({ docId, sv: z.string().max(64 * 1024) }).strict(),
  'replica.part': z.object({ transferId, index: z.number().int().min(1).max(MAX_PARTS) }).strict(),
  'replica.push': z
    .object({
      docId,
      update: part,
      upload: z
        .object({ id: transferId, index: z.number().int().min(0), count: z.number().int().min(2).max(MAX_PARTS) })
        .strict()
        .refine((u) => u.index < u.count, 'index must be below count')
        .optional(),
    })
    .strict(),
  'replica.close': z.object({ docId }).strict(),
  'replica.changes': z
    .object({ since: z.number().int().min(0), limit: z.number().int().min(1).max(10_000).optional() })
    .strict(),
  'store.status': empty,
};

const storeStatus = z.union([
  z.object({ ok: z.literal(true), dataDir: z.string().nullable() }).strict(),
  z
    .object({
      ok: z.literal(false),
      dataDir: z.string().nullable(),
      code: z.enum(['write_failed', 'disk_full', 'read_only', 'folder_missing', 'damaged', 'closed']),
      message: z.string(),
    })
    .strict(),
]);
const change = z.object({ docId: z.string(), seq: z.number() }).strict();

export const replicaEventSchemas = {
  'replica.updated': z.object({ docId: z.string(), update: z.string(), seq: z.number() }).strict(),
  'replica.changed': z.object({ logId: z.string(), head: z.number(), changes: z.array(change) }).strict(),
  'store.statusChanged': storeStatus,
};
