/** Quick-switcher benchmark: name queries (accent-folded or with a typo) over people and page titles. */
import Fuse from 'fuse.js';
import { pick, type Corpus, type Rng } from './corpus';
import { round, stats, type Result } from './measure';
import { misspell } from './queries';
import { foldText, QuickSwitcher } from '../shared/search/index';

export function benchQuickSwitcher(corpus: Corpus, rng: Rng, out: Result): void {
  const items = [
    ...corpus.people.map((p) => ({ id: p.id, kind: 'person' as const, title: p.name })),
    ...corpus.notes.map((n) => ({ id: n.id, kind: n.kind, title: n.title, date: n.date })),
  ];
  let t0 = performance.now();
  const qs = new QuickSwitcher(items);
  out.quick_switcher_build_ms = round(performance.now() - t0);
  out.quick_switcher_items_count = qs.size;
  const times: number[] = [];
  let found = 0;
  const N = 200;
  const queries: { q: string; id: string }[] = [];
  for (let k = 0; k < N; k++) {
    const p = pick(rng, corpus.people);
    // Half typed without accents in lower case ("jose nunez"), half with one typo in the surname.
    const folded = foldText(p.name);
    const q = k % 2 === 0 ? folded : `${foldText(p.first)} ${misspell(rng, foldText(p.name.slice(p.first.length + 1)).padEnd(4, 'x'))}`;
    queries.push({ q, id: p.id });
    t0 = performance.now();
    const res = qs.search(q, { limit: 10 });
    times.push(performance.now() - t0);
    if (res.slice(0, 3).some((r) => r.item.id === p.id)) found++;
  }
  stats('quick_switcher_query', times, out);
  out.quick_switcher_name_top3_recall = found / N;
  // The same fuse.js options over every item, without the word pre-filter, for comparison.
  const plain = new Fuse(items, { keys: ['title'], threshold: 0.35, ignoreLocation: true, ignoreDiacritics: true, includeScore: true });
  const plainTimes: number[] = [];
  let plainFound = 0;
  for (const { q, id } of queries.slice(0, 40)) {
    t0 = performance.now();
    const res = plain.search(q, { limit: 10 });
    plainTimes.push(performance.now() - t0);
    if (res.slice(0, 3).some((r) => r.item.id === id)) plainFound++;
  }
  stats('quick_switcher_fuse_unfiltered_query', plainTimes, out);
  out.quick_switcher_fuse_unfiltered_sample_count = plainTimes.length;
  out.quick_switcher_fuse_unfiltered_name_top3_recall = plainFound / plainTimes.length;
  t0 = performance.now();
  qs.search('', { limit: 20, recentIds: corpus.notes.slice(0, 10).map((n) => n.id) });
  out.quick_switcher_empty_ms = round(performance.now() - t0, 3);
}
