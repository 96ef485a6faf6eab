import * as Y from 'yjs';
import type { HostClient } from '../../shared/host/contract';
import { concatBytes, fromBase64, toBase64 } from '../../shared/host/base64';

/**
 * Is the store's copy of a doc identical to this window's? The store's whole copy is fetched
 * and rebuilt as a doc, and the two are compared as Yjs snapshots (state vector + delete set
 * read from each doc's struct store) and by content. Comparing encoded updates instead would
 * report false differences: the store keeps the *effective* updates, whose encoded delete sets
 * can list garbage-collected ranges differently for the same content.
 *
 * `replica.open` subscribes this window to the doc's live updates; the matching `replica.close`
 * is skipped when the window keeps that doc open anyway (`stillLinked`), or it would stop them.
 */
export async function sameInStore(
  host: HostClient,
  docId: string,
  local: Y.Doc,
  stillLinked: (docId: string) => boolean = () => false,
): Promise<boolean> {
  const reply = await host.request('replica.open', { docId, sv: toBase64(Y.encodeStateVector(new Y.Doc())) });
  try {
    const parts = [fromBase64(reply.update)];
    for (let index = 1; index < (reply.transfer?.parts ?? 1); index++) {
      const { data } = await host.request('replica.part', { transferId: reply.transfer!.id, index });
      parts.push(fromBase64(data));
    }
    const stored = new Y.Doc({ guid: docId, gc: local.gc });
    Y.applyUpdate(stored, concatBytes(parts));
    if (!Y.equalSnapshots(Y.snapshot(stored), Y.snapshot(local))) return false;
    return sameContent(stored, local);
  } finally {
    if (!stillLinked(docId)) await host.request('replica.close', { docId }).catch(() => undefined);
  }
}

/**
 * Equal snapshots already mean the same items and deletions; reading every top-level type the
 * local doc uses (as the type it uses it as) also checks what those items say.
 */
function sameContent(stored: Y.Doc, local: Y.Doc): boolean {
  for (const [name, type] of local.share) {
    const ctor = type.constructor as typeof Y.AbstractType<unknown>;
    const theirs = stored.get(name, ctor);
    if (canonical(theirs.toJSON()) !== canonical(type.toJSON())) return false;
  }
  return true;
}

/**
 * JSON with object keys sorted: a Y.Map lists its keys in the order this replica integrated
 * them, which differs between a doc built from one merged update and one built edit by edit.
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

