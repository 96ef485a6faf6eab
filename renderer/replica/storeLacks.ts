import * as Y from 'yjs';

/**
 * What `doc` has that the store does not, as one update — or null when the store has it all.
 * Called right after the store's diff (`storeDiff`, computed for this doc's old state vector)
 * was applied. New structs show in the state vectors; deletions do not (a delete makes no new
 * clock), so the delete sets are compared too: a Yjs diff always carries the sender's whole
 * delete set, so `storeDiff`'s is the store's, and ours now contains it.
 */
export function storeLacks(doc: Y.Doc, storeSv: Uint8Array, storeDiff: Uint8Array): Uint8Array | null {
  const theirs = Y.decodeStateVector(storeSv);
  let ahead = false;
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    if (clock > (theirs.get(client) ?? 0)) {
      ahead = true;
      break;
    }
  }
  if (!ahead) {
    const ours = deletedLengths(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)));
    const stored = deletedLengths(storeDiff);
    for (const [client, length] of ours) {
      if (length > (stored.get(client) ?? 0)) {
        ahead = true;
        break;
      }
    }
  }
  return ahead ? Y.encodeStateAsUpdate(doc, storeSv) : null;
}

/** Deleted length per client in an update's delete set (its items never overlap). */
function deletedLengths(update: Uint8Array): Map<number, number> {
  const out = new Map<number, number>();
  const { ds } = Y.decodeUpdate(update);
  ds.clients.forEach((items, client) => {
    out.set(client, items.reduce((n, item) => n + item.len, 0));
  });
  return out;
}
