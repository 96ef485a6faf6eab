/** Filters (kind, date range, people) as a per-doc allow list for one search. */
import type { IndexState } from './indexState';
import type { ParsedQuery, SearchFilter } from './types';

/** Which docNums pass the filters (and are alive). */
export function allowedDocs(s: IndexState, q: ParsedQuery, filter: SearchFilter | undefined): Uint8Array {
  const kindSets = [q.kinds, filter?.kinds ?? []].filter((l) => l.length > 0).map((l) => new Set<string>(l));
  const from = [q.from, filter?.from].filter((v): v is string => !!v).sort().pop();
  // A partial upper bound ("2023-04") must include every day it covers.
  const to = [q.to, filter?.to].filter((v): v is string => !!v).map((v) => (v.length < 10 ? v + '\uffff' : v)).sort()[0];
  const groups = q.people.map((g) => new Set(g.ids));
  if (filter?.people && filter.people.length > 0) groups.push(new Set(filter.people));
  if (kindSets.length === 0 && from === undefined && to === undefined && groups.length === 0) return s.alive;
  const n = s.ids.length;
  const ok = new Uint8Array(n);
  for (let d = 0; d < n; d++) {
    if (!s.alive[d]) continue;
    if (kindSets.length > 0 && !kindSets.every((k) => k.has(s.kinds[d]!))) continue;
    const date = s.dates[d] as string;
    if (from !== undefined && date < from) continue;
    if (to !== undefined && date > to) continue;
    if (groups.length > 0) {
      const ppl = s.people[d] as string[];
      if (!groups.every((g) => ppl.some((p) => g.has(p)))) continue;
    }
    ok[d] = 1;
  }
  return ok;
}

