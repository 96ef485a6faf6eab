import * as Y from 'yjs';
import type { HostClient } from '../../shared/host/contract';
import { fromBase64, toBase64 } from '../../shared/host/base64';

/**
 * Is the store's copy of a doc identical to this window's? Two Yjs docs are identical when each
 * has every struct the other has (neither is ahead in its state vector, so neither diff carries
 * structs) and both deleted the same items (the delete sets match). This asks the store for
 * what it has beyond our state vector and compares, without sending the whole doc either way.
 */
export async function sameInStore(host: HostClient, docId: string, local: Y.Doc): Promise<boolean> {
  const localSv = Y.encodeStateVector(local);
  const reply = await host.request('replica.open', { docId, sv: toBase64(localSv) });
  try {
    let storeDiff = fromBase64(reply.update);
    if (reply.transfer) {
      const parts = [storeDiff];
      for (let index = 1; index < reply.transfer.parts; index++) {
        const { data } = await host.request('replica.part', { transferId: reply.transfer.id, index });
        parts.push(fromBase64(data));
      }
      storeDiff = concat(parts);
    }
    const localDiff = Y.encodeStateAsUpdate(local, fromBase64(reply.sv));
    const fromStore = Y.decodeUpdate(storeDiff);
    const fromLocal = Y.decodeUpdate(localDiff);
    if (fromStore.structs.length > 0 || fromLocal.structs.length > 0) return false;
    return deleteSetKey(fromStore.ds) === deleteSetKey(fromLocal.ds);
  } finally {
    await host.request('replica.close', { docId }).catch(() => undefined);
  }
}

type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/** A canonical text form of a delete set: clients sorted, ranges sorted and merged. */
export function deleteSetKey(ds: DeleteSet): string {
  const clients = [...ds.clients.entries()].sort(([a], [b]) => a - b);
  const out: string[] = [];
  for (const [client, items] of clients) {
    const ranges = [...items].map((i) => [i.clock, i.clock + i.len] as const).sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [from, to] of ranges) {
      const last = merged[merged.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else merged.push([from, to]);
    }
    if (merged.length > 0) out.push(`${client}:${merged.map(([a, b]) => `${a}-${b}`).join(',')}`);
  }
  return out.join(';');
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
