import Fuse from 'fuse.js';
import type { Person } from './types';

/**
 * Fuzzy name matching for short strings (mention typeahead, People filter): fuse.js is at its
 * best here. Diacritics are ignored, so "jose" finds "José", and one typo is forgiven.
 */
export function matchPeople<P extends Person>(people: readonly P[], query: string, limit = 50): P[] {
  const q = query.trim();
  if (!q) return [...people].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
  const fuse = new Fuse(people, {
    keys: ['name'],
    threshold: 0.4,
    ignoreDiacritics: true,
    ignoreLocation: true,
  });
  return fuse.search(q, { limit }).map((r) => r.item);
}
