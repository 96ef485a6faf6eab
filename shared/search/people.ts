/**
 * Resolves `@name` in a query to person ids. Accent- and case-insensitive ("@jose" → José).
 * Tiers, first non-empty wins: every typed word equals a name word → every typed word starts a
 * name word (while typing, "@mar") → fuse.js fuzzy match on the full name (typos, "@mraia").
 */
import Fuse from 'fuse.js';
import { foldText, tokenTerms } from './tokenize';
import type { PersonResolver } from './types';

export interface PersonName {
  id: string;
  name: string;
  aliases?: string[];
}

interface Entry {
  id: string;
  words: string[];
  full: string;
}

export function createPersonResolver(people: Iterable<PersonName>): PersonResolver {
  const entries: Entry[] = [];
  for (const p of people) {
    const names = [p.name, ...(p.aliases ?? [])];
    entries.push({ id: p.id, words: names.flatMap((n) => tokenTerms(n)), full: names.map(foldText).join(' | ') });
  }
  let fuse: Fuse<Entry> | null = null;
  return (name: string): string[] => {
    const typed = tokenTerms(name);
    if (typed.length === 0) return [];
    const exact = entries.filter((e) => typed.every((w) => e.words.includes(w)));
    if (exact.length > 0) return exact.map((e) => e.id);
    const prefix = entries.filter((e) => typed.every((w) => e.words.some((x) => x.startsWith(w))));
    if (prefix.length > 0) return prefix.map((e) => e.id);
    fuse ??= new Fuse(entries, { keys: ['full'], threshold: 0.3, ignoreLocation: true, includeScore: true });
    const found = fuse.search(foldText(name), { limit: 20 });
    const best = found[0]?.score;
    if (best === undefined) return [];
    return found.filter((r) => (r.score ?? 1) <= best + 0.1).map((r) => r.item.id);
  };
}
