import * as Y from 'yjs';

/**
 * The merged update of each large doc, as last read, by the doc's sequence number: the
 * registry of a 50,000-page journal is 10 MB in several records, and merging them took 0.7 s of
 * the host's only thread at every window's `replica.open` — a page's own open waited behind it.
 * A write gives the doc a new sequence number, so an entry is used only while the doc is exactly
 * as it was read (or newer: reads race with writes, and a diff may hold more than it claims,
 * never less).
 *
 * Also kept: the diff for a window that already has every struct the store has (its state
 * vector covers the store's) — the store's delete set only, the same bytes for any such window.
 */
export class MergedUpdates {
  private readonly entries = new Map<string, { seq: number; update: Uint8Array; covered: Uint8Array | null }>();

  constructor(private readonly minBytes = 1024 * 1024) {}

  has(docId: string, seq: number): boolean {
    return this.entries.get(docId)?.seq === seq;
  }

  update(docId: string, seq: number): Uint8Array | null {
    const e = this.entries.get(docId);
    return e && e.seq === seq ? e.update.slice() : null;
  }

  remember(docId: string, seq: number, update: Uint8Array): void {
    if (update.length < this.minBytes) return void this.entries.delete(docId);
    this.entries.set(docId, { seq, update: update.slice(), covered: null });
  }

  /** The diff for a state vector covering the store's, computed once per sequence number. */
  coveredDiff(docId: string, seq: number): Uint8Array | null {
    const e = this.entries.get(docId);
    if (!e || e.seq !== seq) return null;
    e.covered ??= Y.diffUpdate(e.update, Y.encodeStateVectorFromUpdate(e.update));
    return e.covered.slice();
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Whether state vector `theirs` has every clock of `ours` (then a diff holds no structs). */
export function covers(theirs: Map<number, number>, ours: Map<number, number>): boolean {
  for (const [client, clock] of ours) if ((theirs.get(client) ?? 0) < clock) return false;
  return true;
}
