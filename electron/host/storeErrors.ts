import { HostError } from '../../shared/host/errors';
import type { StoreErrorCode } from '../services/store/types';

/**
 * How store failures cross the host boundary. The client's own fault (a bad update, an
 * oversized one, a bad doc id) is `bad_request` with the store's short reason; the store being
 * unable to write is `unavailable` with its plain-words message, so the window can keep what
 * was typed and say why it is not saved.
 */
const CLIENT_FAULTS: ReadonlySet<StoreErrorCode> = new Set(['invalid_update', 'too_large', 'bad_doc_id']);
/** The store cannot write: the codes `store.status` reports (StoreFailureCode). */
export const STORE_FAULTS: ReadonlySet<StoreErrorCode> = new Set([
  'write_failed',
  'disk_full',
  'read_only',
  'folder_missing',
  'damaged',
  'closed',
]);

/**
 * The store error's code, or undefined for anything else. Duck-typed on purpose: a StoreError
 * that crossed a message port arrives as a copy, not an instance of this realm's class.
 */
export function storeErrorCode(err: unknown): StoreErrorCode | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  return CLIENT_FAULTS.has(code as StoreErrorCode) || STORE_FAULTS.has(code as StoreErrorCode)
    ? (code as StoreErrorCode)
    : undefined;
}

export function isClientFault(err: unknown): boolean {
  const code = storeErrorCode(err);
  return code !== undefined && CLIENT_FAULTS.has(code);
}

/** Maps a store failure to the HostError the client sees; other errors pass through unchanged. */
export function toHostError(err: unknown): unknown {
  if (err instanceof HostError) return err;
  const code = storeErrorCode(err);
  if (code === undefined) return err;
  const message = (err as { message?: unknown }).message;
  const text = typeof message === 'string' && message ? message : `The journal store failed (${code}).`;
  return new HostError(CLIENT_FAULTS.has(code) ? 'bad_request' : 'unavailable', text);
}

/** Runs a store call and rethrows its failure as the HostError a client should see. */
export async function viaStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toHostError(err);
  }
}
