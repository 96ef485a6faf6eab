/**
 * A digest of a stored doc's delete set, from its bytes (no Y.Doc): the diff of the doc against
 * its own state vector holds no structs, only the delete set. Two replicas with equal state
 * vectors and equal digests hold the same doc; a digest that differs only costs one `want`.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import type { JournalStore } from '../../store/types';
import { DS_DIGEST_BYTES } from './constants';

export async function deleteSetDigest(store: JournalStore, docId: string, sv: Uint8Array): Promise<Uint8Array> {
  const update = await store.getUpdate(docId);
  const ds = update ? Y.diffUpdate(update, sv) : new Uint8Array([0, 0]);
  return new Uint8Array(createHash('sha256').update(ds).digest().subarray(0, DS_DIGEST_BYTES));
}
