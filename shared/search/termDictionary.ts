/**
 * Term dictionary as a compact trie (parallel typed arrays, no objects per node), used for
 * prefix expansion ("bak" → bakery, baker…) and bounded Damerau–Levenshtein expansion
 * (optimal string alignment: an adjacent transposition is one edit).
 *
 * The fuzzy search walks the trie depth-first keeping one DP row per depth; a subtree is cut as
 * soon as its row minimum exceeds the allowed distance, so a distance-2 lookup over 30,000 terms
 * touches a few thousand nodes. Terms are identified by the caller's term ids.
 */

const ROOT = 0;

export class TermDictionary {
  private chars: Uint16Array = new Uint16Array(1024);
  private firstChild: Int32Array = new Int32Array(1024).fill(-1);
  private nextSibling: Int32Array = new Int32Array(1024).fill(-1);
  private termAt: Int32Array = new Int32Array(1024).fill(-1);
  private nodes = 1; // node 0 is the root
  private count = 0;
  private maxDepth = 0;

  /** Builds from `terms[id] = term` (ids are array indices; empty strings are skipped). */
  static fromTerms(terms: readonly string[], include?: (id: number) => boolean): TermDictionary {
    const d = new TermDictionary();
    for (let id = 0; id < terms.length; id++) if (!include || include(id)) d.add(terms[id] as string, id);
    return d;
  }

  /** Number of terms added. */
  get size(): number {
    return this.count;
  }

  private grow(): void {
    const cap = this.chars.length * 2;
    const g16 = (a: Uint16Array): Uint16Array => {
      const b = new Uint16Array(cap);
      b.set(a);
      return b;
    };
    const g32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap).fill(-1);
      b.set(a);
      return b;
    };
    this.chars = g16(this.chars);
    this.firstChild = g32(this.firstChild);
    this.nextSibling = g32(this.nextSibling);
    this.termAt = g32(this.termAt);
  }

  private child(node: number, c: number): number {
    for (let k = this.firstChild[node] as number; k >= 0; k = this.nextSibling[k] as number) {
      if (this.chars[k] === c) return k;
    }
    return -1;
  }

  /** Adds a term with its id (re-adding a term replaces its id). */
  add(term: string, id: number): void {
    if (term.length === 0) return;
    let node = ROOT;
    for (let i = 0; i < term.length; i++) {
      const c = term.charCodeAt(i);
      let next = this.child(node, c);
      if (next < 0) {
        if (this.nodes >= this.chars.length) this.grow();
        next = this.nodes++;
        this.chars[next] = c;
        this.nextSibling[next] = this.firstChild[node] as number;
        this.firstChild[node] = next;
      }
      node = next;
    }
    if (this.termAt[node] === -1) this.count++;
    this.termAt[node] = id;
    if (term.length > this.maxDepth) this.maxDepth = term.length;
  }

  /** The id stored for `term`, or -1. */
  get(term: string): number {
    const node = this.find(term);
    return node < 0 ? -1 : (this.termAt[node] as number);
  }

  private find(prefix: string): number {
    let node = ROOT;
    for (let i = 0; i < prefix.length && node >= 0; i++) node = this.child(node, prefix.charCodeAt(i));
    return node;
  }

  /** Calls `visit(id)` for every term starting with `prefix` (the prefix itself included). */
  withPrefix(prefix: string, visit: (id: number) => void, maxVisits = Infinity): void {
    const start = this.find(prefix);
    if (start < 0) return;
    const stack = [start];
    let visits = 0;
    while (stack.length > 0) {
      const node = stack.pop() as number;
      const id = this.termAt[node] as number;
      if (id >= 0) {
        visit(id);
        if (++visits >= maxVisits) return;
      }
      for (let k = this.firstChild[node] as number; k >= 0; k = this.nextSibling[k] as number) stack.push(k);
    }
  }

  /** The node reached by `s` from `node`, or -1. */
  private follow(node: number, s: string, from: number): number {
    for (let i = from; i < s.length && node >= 0; i++) node = this.child(node, s.charCodeAt(i));
    return node;
  }

  /**
   * Like `fuzzy`, but an edit that changes the first letter counts as two edits (cost =
   * distance + 1 when the first letters differ), as real typos rarely hit the first letter.
   * This confines the costly trie walk to one first-letter subtree (~20× fewer nodes at 300,000
   * terms); first-letter variants at distance 1 are direct lookups.
   */
  fuzzyFirstLetter(query: string, maxDist: number, visit: (id: number, cost: number) => void): void {
    if (query.length === 0 || maxDist <= 0) return;
    const q0 = query.charCodeAt(0);
    const start = this.child(ROOT, q0);
    if (start >= 0) this.walkFuzzy(query, maxDist, visit, start);
    if (maxDist < 2) return;
    const seen = new Set<number>();
    const hit = (node: number): void => {
      const id = node >= 0 ? (this.termAt[node] as number) : -1;
      if (id >= 0 && !seen.has(id)) {
        seen.add(id);
        visit(id, 2);
      }
    };
    const rest = query.slice(1);
    for (let k = this.firstChild[ROOT] as number; k >= 0; k = this.nextSibling[k] as number) {
      if (this.chars[k] === q0) continue;
      hit(this.follow(k, rest, 0)); // first letter substituted
      hit(this.follow(k, query, 0)); // a letter inserted in front
    }
    if (rest.length > 0 && rest.charCodeAt(0) !== q0) hit(this.find(rest)); // first letter dropped
    if (query.length >= 2 && query.charCodeAt(1) !== q0) hit(this.find(query[1]! + query[0]! + query.slice(2))); // first two swapped
  }

  /** Calls `visit(id, distance)` for every term within `maxDist` edits of `query`. */
  fuzzy(query: string, maxDist: number, visit: (id: number, dist: number) => void): void {
    this.walkFuzzy(query, maxDist, visit, -1);
  }

  /** The banded OSA trie walk; `only` >= 0 restricts it to one child of the root. */
  private walkFuzzy(query: string, maxDist: number, visit: (id: number, dist: number) => void, only: number): void {
    const m = query.length;
    const depthLimit = Math.min(this.maxDepth, m + maxDist);
    const rows: Int32Array[] = [];
    for (let r = 0; r <= depthLimit + 1; r++) rows.push(new Int32Array(m + 1));
    const row0 = rows[0] as Int32Array;
    for (let j = 0; j <= m; j++) row0[j] = j;
    const q = new Int32Array(m);
    for (let j = 0; j < m; j++) q[j] = query.charCodeAt(j);
    const path = new Int32Array(depthLimit + 2);
    const cap = maxDist + 1;
    for (let j = 0; j <= m; j++) if ((row0[j] as number) > cap) row0[j] = cap;
    const { chars, firstChild, nextSibling, termAt } = this;

    const walk = (node: number, depth: number): void => {
      // `node` holds the character at index depth-1 of the current prefix.
      const c = chars[node] as number;
      path[depth - 1] = c;
      const prev = rows[depth - 1] as Int32Array;
      const cur = rows[depth] as Int32Array;
      const pp = depth >= 2 ? (rows[depth - 2] as Int32Array) : prev;
      const a = depth >= 2 ? (path[depth - 2] as number) : -1;
      // Only the diagonal band |i - j| <= maxDist can stay within budget (Ukkonen); cells
      // outside it hold `cap`, a lower bound that keeps every derived cell over budget too.
      const lo = depth - maxDist > 1 ? depth - maxDist : 1;
      const hi = depth + maxDist < m ? depth + maxDist : m;
      cur[0] = depth < cap ? depth : cap;
      if (lo > 1) cur[lo - 1] = cap;
      let rowMin = cap;
      for (let j = lo; j <= hi; j++) {
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
        if (v > cap) v = cap;
        cur[j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (hi < m) cur[hi + 1] = cap;
      if (rowMin > maxDist) return;
      const id = termAt[node] as number;
      if (id >= 0 && hi === m && (cur[m] as number) <= maxDist) visit(id, cur[m] as number);
      if (depth >= depthLimit) return;
      for (let k = firstChild[node] as number; k >= 0; k = nextSibling[k] as number) walk(k, depth + 1);
    };
    if (only >= 0) walk(only, 1);
    else for (let k = firstChild[ROOT] as number; k >= 0; k = nextSibling[k] as number) walk(k, 1);
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
