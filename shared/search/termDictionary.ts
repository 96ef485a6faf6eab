/**
 * Sorted term dictionary: prefix ranges by binary search and bounded Damerau–Levenshtein
 * (optimal string alignment) expansion by walking the sorted list as an implicit trie.
 *
 * The fuzzy walk keeps one DP row per character of the current term and reuses the rows of the
 * prefix it shares with the previous term; as soon as a row's minimum exceeds the allowed
 * distance, every term sharing that prefix is skipped with one binary search. That makes a
 * distance-1/2 lookup touch a few thousand rows instead of every term.
 */

export class TermDictionary {
  private sorted: string[];

  constructor(terms: Iterable<string> = []) {
    this.sorted = Array.from(new Set(terms)).sort();
  }

  /** Wraps an already sorted, duplicate-free array (checked in O(n)); throws otherwise. */
  static fromSorted(terms: string[]): TermDictionary {
    for (let i = 1; i < terms.length; i++) {
      if (!((terms[i - 1] as string) < (terms[i] as string))) throw new RangeError(`terms not sorted at ${i}`);
    }
    const d = new TermDictionary();
    d.sorted = terms;
    return d;
  }

  get size(): number {
    return this.sorted.length;
  }

  /** All terms in code-unit order (do not mutate). */
  terms(): readonly string[] {
    return this.sorted;
  }

  /** Index of the first term >= `s`. */
  lowerBound(s: string, from = 0): number {
    let lo = from;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[mid] as string) < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  has(term: string): boolean {
    const i = this.lowerBound(term);
    return this.sorted[i] === term;
  }

  /** Insert a term (no-op when present). O(n) move, fine for the handful an edit adds. */
  add(term: string): void {
    const i = this.lowerBound(term);
    if (this.sorted[i] !== term) this.sorted.splice(i, 0, term);
  }

  remove(term: string): void {
    const i = this.lowerBound(term);
    if (this.sorted[i] === term) this.sorted.splice(i, 1);
  }

  /** Half-open index range [lo, hi) of the terms starting with `prefix`. */
  prefixRange(prefix: string): [number, number] {
    const lo = this.lowerBound(prefix);
    const hi = this.lowerBound(prefix + '\uffff', lo);
    return [lo, hi];
  }

  at(i: number): string {
    return this.sorted[i] as string;
  }

  /**
   * Calls `visit(term, distance)` for every term within `maxDist` (OSA distance, i.e. an adjacent
   * transposition counts as one edit) of `query`.
   */
  fuzzy(query: string, maxDist: number, visit: (term: string, dist: number) => void): void {
    const m = query.length;
    const terms = this.sorted;
    const n = terms.length;
    if (n === 0) return;
    const maxLen = m + maxDist + 1;
    const rows: Int32Array[] = [];
    for (let r = 0; r <= maxLen; r++) rows.push(new Int32Array(m + 1));
    const row0 = rows[0] as Int32Array;
    for (let j = 0; j <= m; j++) row0[j] = j;
    const q = new Int32Array(m);
    for (let j = 0; j < m; j++) q[j] = query.charCodeAt(j);
    const path = new Int32Array(maxLen + 1);
    let depth = 0; // number of characters of `path` whose rows are valid

    let i = 0;
    while (i < n) {
      const t = terms[i] as string;
      const tl = t.length;
      let k = 0;
      const lim = depth < tl ? depth : tl;
      while (k < lim && t.charCodeAt(k) === path[k]) k++;
      depth = k;
      let pruned = false;
      while (depth < tl) {
        if (depth >= maxLen) {
          pruned = true;
          break;
        }
        const c = t.charCodeAt(depth);
        path[depth] = c;
        const prev = rows[depth] as Int32Array;
        const cur = rows[depth + 1] as Int32Array;
        const pp = depth > 0 ? (rows[depth - 1] as Int32Array) : prev;
        const a = depth > 0 ? (path[depth - 1] as number) : -1;
        let rowMin = depth + 1;
        cur[0] = rowMin;
        for (let j = 1; j <= m; j++) {
          const qc = q[j - 1] as number;
          let v = (prev[j - 1] as number) + (qc === c ? 0 : 1);
          const del = (prev[j] as number) + 1;
          if (del < v) v = del;
          const ins = (cur[j - 1] as number) + 1;
          if (ins < v) v = ins;
          if (j > 1 && a === qc && c === q[j - 2]) {
            const tr = (pp[j - 2] as number) + 1;
            if (tr < v) v = tr;
          }
          cur[j] = v;
          if (v < rowMin) rowMin = v;
        }
        depth++;
        if (rowMin > maxDist) {
          pruned = true;
          break;
        }
      }
      if (pruned) {
        // Skip every term that shares the hopeless prefix.
        i = this.lowerBound(t.slice(0, depth) + '\uffff', i + 1);
        continue;
      }
      const d = (rows[tl] as Int32Array)[m] as number;
      if (d <= maxDist) visit(t, d);
      i++;
    }
  }
}

/** Plain OSA distance, used by tests and the bench's query generator. */
export function osaDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let pp = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (pp[j - 2] as number) + 1);
      cur[j] = v;
    }
    [pp, prev, cur] = [prev, cur, pp];
  }
  return prev[n] as number;
}
