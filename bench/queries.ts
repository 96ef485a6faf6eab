/**
 * Benchmark queries, copied from random notes as a user remembering a note would type them,
 * each with the number of pages it could equally mean (ground truth from the corpus text, not
 * from the engine): when more than 3 pages hold the words, no ranking can promise the source
 * note a top-3 place, so recall is reported for all queries and for the unambiguous ones.
 */
import { int, pick, type Corpus, type Rng } from './corpus';
import { foldText, TermDictionary, tokenize, type SearchDoc } from '../shared/search/index';
import { typoBudget } from '../shared/search/query';

export type QueryType = '1word' | '3word' | 'typo' | 'prefix' | 'phrase' | 'accents';
export const QUERY_TYPES: readonly QueryType[] = ['1word', '3word', 'typo', 'prefix', 'phrase', 'accents'];

export interface BenchQuery {
  q: string;
  /** The same words as fuse.js gets them (no quotes). */
  plain: string;
  source: string;
  /** Pages holding what the query names (source included). */
  couldMean: number;
}

export interface CorpusStats {
  df: Map<string, number>;
  /** term → indices into corpus.all of the pages holding it. */
  docsOf: Map<string, number[]>;
  dict: TermDictionary;
  terms: string[];
}

export const RARE_DF = 3;
const COMMON_TOP = 150;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export const QUERY_RULES =
  `1word: a word of df<=${RARE_DF} from a random note; 3word: 3 distinct words of the note outside the ${COMMON_TOP} most common; ` +
  `typo: a df<=${RARE_DF} word (>=5 letters) with one random edit (delete/insert/substitute/transpose) after the first letter; ` +
  `prefix: first 60% (>=4 letters) of a df<=${RARE_DF} word of >=7 letters; phrase: 3-4 consecutive words of the note, quoted; ` +
  `accents: an accented name in the note typed without its accents and in lower case ("Muñoz" -> "munoz") plus a df<=${RARE_DF} word of the note. ` +
  'Queries run as typed: the last word is also a prefix. Unambiguous = at most 3 pages hold what the query names ' +
  '(1word: the word; 3word: all three words; typo: any word within the typo budget of it or starting with it; prefix: any completion; phrase: the phrase; ' +
  'accents: both words).';

export function corpusStats(docs: readonly SearchDoc[]): CorpusStats {
  const docsOf = new Map<string, number[]>();
  docs.forEach((d, i) => {
    const seen = new Set<string>();
    for (const t of tokenize(d.title)) seen.add(t.term);
    for (const t of tokenize(d.text)) seen.add(t.term);
    for (const t of seen) {
      const l = docsOf.get(t);
      if (l) l.push(i);
      else docsOf.set(t, [i]);
    }
  });
  const df = new Map([...docsOf].map(([t, l]) => [t, l.length]));
  const terms = [...docsOf.keys()];
  return { df, docsOf, dict: TermDictionary.fromTerms(terms), terms };
}

function misspell(rng: Rng, w: string): string {
  const i = int(rng, 1, w.length - 2); // keep the first letter, like most real typos
  switch (int(rng, 0, 3)) {
    case 0:
      return w.slice(0, i) + w.slice(i + 1); // deletion ("converstion")
    case 1:
      return w.slice(0, i) + pick(rng, [...LETTERS]) + w.slice(i); // insertion
    case 2:
      return w.slice(0, i) + pick(rng, [...LETTERS.replace(w[i] ?? '', '')]) + w.slice(i + 1); // substitution
    default:
      return w.slice(0, i) + (w[i + 1] ?? '') + (w[i] ?? '') + w.slice(i + 2); // transposition
  }
}
export { misspell };

export function makeQueries(corpus: Corpus, st: CorpusStats, rng: Rng, perType: number): Record<QueryType, BenchQuery[]> {
  const { df, docsOf, dict, terms } = st;
  const common = new Set([...df.entries()].sort((a, b) => b[1] - a[1]).slice(0, COMMON_TOP).map(([t]) => t));
  const sets: Record<QueryType, BenchQuery[]> = { '1word': [], '3word': [], typo: [], prefix: [], phrase: [], accents: [] };
  const isWord = (t: string): boolean => /^[a-z]+$/.test(t);
  const fill = (type: QueryType, make: (note: SearchDoc) => BenchQuery | null): void => {
    let guard = 0;
    while (sets[type].length < perType && guard++ < 100000) {
      const q = make(pick(rng, corpus.notes));
      if (q) sets[type].push(q);
    }
  };
  const rareTokens = (note: SearchDoc, minLen: number) =>
    tokenize(note.text).filter((t) => isWord(t.term) && t.term.length >= minLen && (df.get(t.term) ?? 0) <= RARE_DF);
  const unionOf = (words: Iterable<string>): number => {
    const s = new Set<number>();
    for (const w of words) for (const d of docsOf.get(w) ?? []) s.add(d);
    return s.size;
  };
  const completions = (p: string): string[] => {
    const out: string[] = [];
    dict.withPrefix(p, (id) => out.push(terms[id] as string));
    return out;
  };

  fill('1word', (note) => {
    const c = rareTokens(note, 3);
    if (c.length === 0) return null;
    const t = pick(rng, c);
    const q = note.text.slice(t.start, t.end);
    return { q, plain: q, source: note.id, couldMean: df.get(t.term) ?? 0 };
  });
  fill('3word', (note) => {
    const c = tokenize(note.text).filter((t) => isWord(t.term) && !common.has(t.term));
    const chosen = new Map<string, string>();
    for (let k = 0; k < 50 && chosen.size < 3; k++) {
      const t = pick(rng, c);
      if (!chosen.has(t.term)) chosen.set(t.term, note.text.slice(t.start, t.end));
    }
    if (chosen.size < 3) return null;
    const [a, b, d] = [...chosen.keys()].map((w) => new Set(docsOf.get(w)));
    const all = [...a!].filter((x) => b!.has(x) && d!.has(x)).length;
    const q = [...chosen.values()].join(' ');
    return { q, plain: q, source: note.id, couldMean: all };
  });
  fill('typo', (note) => {
    const c = rareTokens(note, 5);
    if (c.length === 0) return null;
    const t = pick(rng, c);
    const q = misspell(rng, t.term);
    if (df.has(q) || q === t.term) return null;
    const near: string[] = completions(q);
    dict.fuzzy(q, typoBudget(q), (id) => near.push(terms[id] as string));
    return { q, plain: q, source: note.id, couldMean: unionOf(near) };
  });
  fill('prefix', (note) => {
    const c = rareTokens(note, 7);
    if (c.length === 0) return null;
    const t = pick(rng, c);
    const q = t.term.slice(0, Math.max(4, Math.ceil(t.term.length * 0.6)));
    return { q, plain: q, source: note.id, couldMean: unionOf(completions(q)) };
  });
  fill('phrase', (note) => {
    const toks = tokenize(note.text);
    const len = int(rng, 3, 4);
    if (toks.length < len) return null;
    const i = int(rng, 0, toks.length - len);
    const span = toks.slice(i, i + len);
    if (!span.some((t) => !common.has(t.term))) return null; // nobody quotes "of the and"
    const text = note.text.slice(span[0]!.start, span[len - 1]!.end).replace(/\s+/g, ' ');
    const words = span.map((t) => t.term);
    const sets = words.map((w) => new Set(docsOf.get(w)));
    const cands = (docsOf.get(words[0]!) ?? []).filter((d) => sets.every((set) => set.has(d)));
    const holding = cands.filter((d) => {
      const dt = tokenize(corpus.all[d]!.text).map((x) => x.term);
      return dt.some((_, k) => words.every((w, j) => dt[k + j] === w));
    });
    return { q: `"${text}"`, plain: text, source: note.id, couldMean: holding.length };
  });
  fill('accents', (note) => {
    const toks = tokenize(note.text);
    const accented = toks.filter((t) => /[^\x00-\x7f]/.test(note.text.slice(t.start, t.end)));
    const rare = toks.filter((t) => isWord(t.term) && t.term.length >= 3 && (df.get(t.term) ?? 0) <= RARE_DF);
    if (accented.length === 0 || rare.length === 0) return null;
    const name = pick(rng, accented);
    const word = pick(rng, rare);
    if (name.term === word.term) return null;
    const typed = foldText(note.text.slice(name.start, name.end));
    const q = `${typed} ${note.text.slice(word.start, word.end)}`;
    const a = new Set(docsOf.get(name.term));
    const both = (docsOf.get(word.term) ?? []).filter((d) => a.has(d)).length;
    return { q, plain: q, source: note.id, couldMean: both };
  });
  return sets;
}
