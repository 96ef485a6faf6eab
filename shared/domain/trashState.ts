import * as Y from 'yjs';

/**
 * Whether a person or page record is live, in Trash, purged, or merged into someone else.
 *
 * Deletion is a tombstone on the record in the authored workspace doc (never a removed record or
 * database), so it syncs like any other field and another device cannot bring the record back by
 * simply still having it. Three fields, each written once per event:
 * - `deletedAt` (ms): put in Trash. Restoring deletes the field. Concurrent delete and restore on
 *   two devices resolve like any Y.Map field (the later write wins on every device).
 * - `purgedAt` (ms): gone for good (30 days after `deletedAt`, or "Empty Trash"). Final: a record
 *   with `purgedAt` is never live again, whatever `deletedAt` says after a merge of histories.
 * - `mergedInto` (person id), people only: this person was merged into another. Final too; a
 *   mention of the merged person resolves to the one it was merged into (see `resolveMerged`).
 */
export const TRASH_KEEP_DAYS = 30;
export const TRASH_KEEP_MS = TRASH_KEEP_DAYS * 24 * 60 * 60 * 1000;

export type TrashState =
  | { state: 'live' }
  | { state: 'trashed'; deletedAt: number }
  | { state: 'purged'; purgedAt: number }
  | { state: 'merged'; into: string };

const LIVE: TrashState = { state: 'live' };

function finiteNumber(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Reads a record's state; anything that is not a Y.Map reads as live (it is ignored elsewhere). */
export function trashStateOf(rec: unknown): TrashState {
  if (!(rec instanceof Y.Map)) return LIVE;
  const into = rec.get('mergedInto');
  if (typeof into === 'string' && into !== '') return { state: 'merged', into };
  const purgedAt = finiteNumber(rec.get('purgedAt'));
  if (purgedAt !== null) return { state: 'purged', purgedAt };
  const deletedAt = finiteNumber(rec.get('deletedAt'));
  if (deletedAt !== null) return { state: 'trashed', deletedAt };
  return LIVE;
}

export function isLive(rec: unknown): boolean {
  return trashStateOf(rec).state === 'live';
}

/**
 * Follows `mergedInto` links from `personId` to the person it now is (itself when not merged).
 * Bounded and cycle-safe: two devices merging A into B and B into A at the same time leave a
 * cycle; the smallest id on the cycle is then taken as the survivor on every device, so every
 * device resolves the same way.
 */
export function resolveMerged(people: Y.Map<Y.Map<unknown>>, personId: string): string {
  const seen: string[] = [];
  let id = personId;
  for (let i = 0; i < 64; i++) {
    const state = trashStateOf(people.get(id));
    if (state.state !== 'merged') return id;
    if (seen.includes(state.into)) {
      const cycle = seen.slice(seen.indexOf(state.into));
      return [...cycle, id].sort()[0]!;
    }
    seen.push(id);
    id = state.into;
  }
  return id;
}
