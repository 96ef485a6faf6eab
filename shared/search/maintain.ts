/**
 * Background upkeep of the postings, in small steps so it never blocks for long: a term whose
 * appended tail or dead entries have grown is rewritten into one exact-size sealed array. Edits
 * stay O(page) without it; this only keeps memory and scan lengths in check over time.
 */
import { partsOf, type IndexState } from './indexState';

const EMPTY = new Int32Array(0);

/** Whether a term is worth rewriting: a large tail relative to its base, or many dead entries. */
function needsMerge(s: IndexState, t: number): boolean {
  const tail = s.tailLen[t] as number;
  const dead = s.deadEntries[t] as number;
  const chunks = s.mid[t]?.length ?? 0;
  if (tail === 0 && dead === 0 && chunks <= 16) return false;
  if (chunks > 16) return true;
  if ((s.df[t] as number) === 0) return true;
  return tail * 4 >= (s.postLen[t] as number) || dead * 4 >= (s.df[t] as number);
}

/** Rewrites one term's base + tail without dead docs' entries. */
export function mergeTerm(s: IndexState, t: number): void {
  const parts = partsOf(s, t);
  let need = 0;
  for (let part = 0; part < parts.length; part += 2) {
    const buf = parts[part] as Int32Array;
    const len = parts[part + 1] as number;
    for (let o = 0; o < len; o += 3 + (buf[o + 2] as number)) if (s.alive[buf[o] as number]) need += 3 + (buf[o + 2] as number);
  }
  const out = need === 0 ? EMPTY : new Int32Array(need);
  let w = 0;
  for (let part = 0; part < parts.length; part += 2) {
    const buf = parts[part] as Int32Array;
    const len = parts[part + 1] as number;
    for (let o = 0; o < len; ) {
      const n = buf[o + 2] as number;
      if (s.alive[buf[o] as number]) {
        out.set(buf.subarray(o, o + 3 + n), w);
        w += 3 + n;
      }
      o += 3 + n;
    }
  }
  s.post[t] = out;
  s.postLen[t] = need;
  s.mid[t] = null;
  s.tail[t] = EMPTY;
  s.tailLen[t] = 0;
  s.deadEntries[t] = 0;
}

/**
 * Merges terms that need it until `budgetMs` is spent, resuming where the last call stopped.
 * Returns true when a full pass over the terms found nothing left to do.
 */
export function maintainStep(s: IndexState, budgetMs: number, cursor: { t: number }, now: () => number): boolean {
  const start = now();
  const n = s.termStr.length;
  let scanned = 0;
  let merged = 0;
  while (scanned < n) {
    if (cursor.t >= n) cursor.t = 0;
    const t = cursor.t++;
    scanned++;
    if (needsMerge(s, t)) {
      mergeTerm(s, t);
      merged++;
    }
    if ((scanned & 255) === 0 && now() - start >= budgetMs) return false;
  }
  return merged === 0;
}
