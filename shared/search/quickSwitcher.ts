/**
 * Quick switcher (Ctrl/Cmd+K): fuzzy jump to a person or page by name/title.
 *
 * fuse.js is the right tool here: the strings are short (names, titles), a few thousand of
 * them, and its Bitap matching forgives typos and missing letters anywhere in the string.
 * With an empty box, recent items come first (in the order given), then the newest pages.
 * fuse.js scans every item it is given (~26 ms per query over 6,000 titles here), so a word
 * pre-filter (prefix and typo expansion over a trie of title words) hands it only the plausible
 * items; fuse.js then does the matching, scoring and highlighting.
 */
import Fuse, { type FuseResult, type IFuseOptions } from 'fuse.js';
import { typoBudget } from './query';
import { TermDictionary } from './termDictionary';
import { tokenTerms } from './tokenize';
import type { HighlightRange, PageKind } from './types';

export interface SwitcherItem {
  id: string;
  kind: PageKind;
  /** Person name or page title. */
  title: string;
  /** Other names: nickname, maiden name, email handle… */
  aliases?: string[];
  /** YYYY-MM-DD, orders the empty-box list after the recent items. */
  date?: string;
}

export interface SwitcherResult {
  item: SwitcherItem;
  /** 0 = perfect; fuse.js score minus a small bonus for recent items. */
  score: number;
  /** Matched characters of `item.title`. */
  highlights: HighlightRange[];
}

export interface SwitcherSearchOptions {
  limit?: number;
  /** Most recent first; listed first when the query is empty and favoured on near-ties. */
  recentIds?: readonly string[];
  kinds?: readonly PageKind[];
}

export interface QuickSwitcherOptions {
  /** fuse.js threshold: 0 exact … 1 anything (default 0.35). */
  threshold?: number;
}

const RECENT_BONUS = 0.05;

/** At most this many pre-filtered candidates go to fuse.js (recent, people, newest first). */
const MAX_CANDIDATES = 600;
/** Fuse extended-search operators that must not fire by accident at a word's edges. */
const OPERATOR_EDGES = /^[!^='|]+|[$|]+$/g;

const itemText = (item: SwitcherItem): string => [item.title, ...(item.aliases ?? [])].join(' ');

export class QuickSwitcher {
  private items = new Map<string, SwitcherItem>();
  /** Items newest first, for the empty box; rebuilt lazily after changes. */
  private byDate: SwitcherItem[] | null = null;
  /** Folded title words → ids of the items using them (for the pre-filter). */
  private words = new TermDictionary();
  private wordIds = new Map<string, number>();
  private wordItems: Set<string>[] = [];
  private readonly options: IFuseOptions<SwitcherItem>;

  constructor(items: Iterable<SwitcherItem> = [], opts: QuickSwitcherOptions = {}) {
    this.options = {
      keys: [
        { name: 'title', weight: 1 },
        { name: 'aliases', weight: 0.6 },
      ],
      threshold: opts.threshold ?? 0.35,
      ignoreLocation: true,
      ignoreDiacritics: true,
      includeScore: true,
      includeMatches: true,
      useExtendedSearch: true, // "coffee maria" = both words, each fuzzy, in any order
    };
    this.setItems(items);
  }

  get size(): number {
    return this.items.size;
  }

  setItems(items: Iterable<SwitcherItem>): void {
    this.items = new Map();
    this.byDate = null;
    this.words = new TermDictionary();
    this.wordIds = new Map();
    this.wordItems = [];
    for (const item of items) this.upsert(item);
  }

  upsert(item: SwitcherItem): void {
    if (this.items.has(item.id)) this.remove(item.id);
    this.items.set(item.id, item);
    this.byDate = null;
    for (const w of tokenTerms(itemText(item))) {
      let id = this.wordIds.get(w);
      if (id === undefined) {
        id = this.wordItems.length;
        this.wordIds.set(w, id);
        this.wordItems.push(new Set());
        this.words.add(w, id);
      }
      this.wordItems[id]!.add(item.id);
    }
  }

  remove(id: string): void {
    const item = this.items.get(id);
    if (!item) return;
    this.items.delete(id);
    this.byDate = null;
    for (const w of tokenTerms(itemText(item))) this.wordItems[this.wordIds.get(w) ?? -1]?.delete(id);
  }

  /**
   * Items with, for every typed word, a title word it starts or is within typo distance of
   * (any typed word when no item has them all). A cheap superset of what fuse.js accepts.
   */
  private candidates(q: string, recent: Map<string, number>, ok: (i: SwitcherItem) => boolean): SwitcherItem[] {
    let all = null as Set<string> | null;
    const union = new Set<string>();
    for (const w of tokenTerms(q)) {
      const ids = new Set<string>();
      const collect = (wid: number): void => {
        for (const id of this.wordItems[wid] ?? []) ids.add(id);
      };
      this.words.withPrefix(w, collect);
      const budget = typoBudget(w);
      if (budget > 0) this.words.fuzzy(w, budget, collect);
      for (const id of ids) union.add(id);
      const prev: Set<string> | null = all;
      all = prev === null ? ids : new Set([...prev].filter((id) => ids.has(id)));
    }
    const chosen = all !== null && all.size > 0 ? all : union;
    let out = [...chosen].map((id) => this.items.get(id) as SwitcherItem).filter(ok);
    if (out.length > MAX_CANDIDATES) {
      const rank = (i: SwitcherItem): number => recent.get(i.id) ?? (i.kind === 'person' ? 1e6 : 2e6);
      out.sort((a, b) => rank(a) - rank(b) || (b.date ?? '').localeCompare(a.date ?? ''));
      out = out.slice(0, MAX_CANDIDATES);
    }
    return out;
  }

  search(query: string, opts: SwitcherSearchOptions = {}): SwitcherResult[] {
    const limit = opts.limit ?? 20;
    const kinds = opts.kinds && opts.kinds.length > 0 ? new Set(opts.kinds) : null;
    const recent = new Map<string, number>();
    (opts.recentIds ?? []).forEach((id, i) => {
      if (!recent.has(id)) recent.set(id, i);
    });
    const ok = (item: SwitcherItem): boolean => !kinds || kinds.has(item.kind);
    const q = query.trim();
    if (!q) return this.emptyList(recent, ok, limit);

    const pool = this.candidates(q, recent, ok);
    const pattern = q.split(/\s+/).map((w) => w.replace(OPERATOR_EDGES, '')).filter(Boolean).join(' ');
    if (pool.length === 0 || !pattern) return [];
    const opts2 = { limit: limit * 3 + recent.size };
    let raw = new Fuse(pool, this.options).search(pattern, opts2);
    // Per-word fuzzy matching misses e.g. a transposition in a short word ("jsoe"): the
    // candidates already matched word by word, so let fuse.js score the whole string instead.
    if (raw.length === 0) raw = new Fuse(pool, { ...this.options, useExtendedSearch: false, threshold: 0.6 }).search(q, opts2);
    const scored = raw
      .filter((r) => ok(r.item))
      .map((r) => ({ r, score: (r.score ?? 1) - (recent.has(r.item.id) ? RECENT_BONUS : 0) }));
    scored.sort((a, b) => a.score - b.score || (recent.get(a.r.item.id) ?? 1e9) - (recent.get(b.r.item.id) ?? 1e9));
    return scored.slice(0, limit).map(({ r, score }) => ({ item: r.item, score: Math.max(0, score), highlights: titleRanges(r, q.length > 1) }));
  }

  private emptyList(recent: Map<string, number>, ok: (i: SwitcherItem) => boolean, limit: number): SwitcherResult[] {
    const out: SwitcherResult[] = [];
    for (const id of recent.keys()) {
      const item = this.items.get(id);
      if (item && ok(item)) out.push({ item, score: 0, highlights: [] });
      if (out.length >= limit) return out;
    }
    this.byDate ??= Array.from(this.items.values()).sort((a, b) => {
      const da = a.date ?? '';
      const db = b.date ?? '';
      return da !== db ? (da < db ? 1 : -1) : a.title < b.title ? -1 : a.title > b.title ? 1 : 0;
    });
    for (const item of this.byDate) {
      if (out.length >= limit) break;
      if (!recent.has(item.id) && ok(item)) out.push({ item, score: 1, highlights: [] });
    }
    return out;
  }
}

/** Fuse's matched character runs in the title; single stray letters dropped for longer queries. */
function titleRanges(r: FuseResult<SwitcherItem>, dropSingles: boolean): HighlightRange[] {
  const out: HighlightRange[] = [];
  for (const m of r.matches ?? []) {
    if (m.key !== 'title') continue;
    for (const [start, end] of m.indices) if (end > start || (end === start && !dropSingles)) out.push({ start, end: end + 1 });
  }
  return out.sort((a, b) => a.start - b.start);
}
