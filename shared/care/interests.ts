/**
 * Interests and curiosities as tags, and the introductions they suggest ("You know two people
 * who love pottery"). Tags match case-insensitively; each keeps the spelling people use most.
 */
import type { CareProfile } from './types';

export interface TagCount {
  tag: string;
  /** How many people have it. */
  count: number;
}

export interface SharedInterest {
  tag: string;
  personIds: string[];
}

export interface IntroductionSuggestion {
  personId: string;
  sharedTags: string[];
}

/** The tag as shown: trimmed, inner spaces collapsed, a leading "#" dropped. */
export function normalizeTag(s: string): string {
  return s.normalize('NFC').trim().replace(/^#+\s*/, '').replace(/\s+/g, ' ');
}

/** What two tags are compared by: "Pottery", " pottery " and "#pottery" are the same tag. */
export function tagKey(s: string): string {
  return normalizeTag(s).toLowerCase();
}

interface TagGroup {
  key: string;
  spellings: Map<string, number>;
  people: Map<string, string>; // personId → name
}

function groupTags(profiles: Iterable<CareProfile>): TagGroup[] {
  const groups = new Map<string, TagGroup>();
  for (const p of profiles) {
    const mine = new Set<string>();
    for (const raw of p.interests) {
      const display = normalizeTag(raw);
      const key = display.toLowerCase();
      if (!key || mine.has(key)) continue;
      mine.add(key);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { key, spellings: new Map(), people: new Map() }));
      g.spellings.set(display, (g.spellings.get(display) ?? 0) + 1);
      g.people.set(p.personId, p.name);
    }
  }
  return [...groups.values()];
}

function displayOf(g: TagGroup): string {
  let best = g.key;
  let most = 0;
  for (const [spelling, n] of g.spellings) {
    if (n > most) {
      best = spelling;
      most = n;
    }
  }
  return best;
}

function byName(people: Map<string, string>): string[] {
  return [...people].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0])).map(([id]) => id);
}

/** Every tag in use, for autocomplete: most people first, then alphabetically. */
export function allTags(profiles: Iterable<CareProfile>): TagCount[] {
  return groupTags(profiles)
    .map((g) => ({ tag: displayOf(g), count: g.people.size }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

/** Tags suggested while typing: those starting with (then containing) the input, not already chosen. */
export function completeTag(input: string, profiles: Iterable<CareProfile>, chosen: readonly string[] = [], limit = 8): string[] {
  const q = tagKey(input);
  const skip = new Set(chosen.map(tagKey));
  const tags = allTags(profiles).filter((t) => !skip.has(tagKey(t.tag)) && tagKey(t.tag).includes(q));
  const starts = tags.filter((t) => tagKey(t.tag).startsWith(q));
  const inside = tags.filter((t) => !tagKey(t.tag).startsWith(q));
  return [...starts, ...inside].slice(0, limit).map((t) => t.tag);
}

/** Interests two or more people share: largest groups first; people in each by name. */
export function sharedInterestSuggestions(profiles: Iterable<CareProfile>): SharedInterest[] {
  return groupTags(profiles)
    .filter((g) => g.people.size >= 2)
    .map((g) => ({ tag: displayOf(g), personIds: byName(g.people) }))
    .sort((a, b) => b.personIds.length - a.personIds.length || a.tag.localeCompare(b.tag));
}

/** The other people who share an interest with `personId`: most shared tags first, then by name. */
export function suggestIntroductions(personId: string, profiles: Iterable<CareProfile>): IntroductionSuggestion[] {
  const list = [...profiles];
  const names = new Map(list.map((p) => [p.personId, p.name]));
  const shared = new Map<string, string[]>();
  for (const g of groupTags(list)) {
    if (!g.people.has(personId)) continue;
    for (const other of g.people.keys()) {
      if (other === personId) continue;
      shared.set(other, [...(shared.get(other) ?? []), displayOf(g)]);
    }
  }
  return [...shared]
    .map(([id, tags]) => ({ personId: id, sharedTags: tags.sort((a, b) => a.localeCompare(b)) }))
    .sort(
      (a, b) =>
        b.sharedTags.length - a.sharedTags.length ||
        (names.get(a.personId) ?? '').localeCompare(names.get(b.personId) ?? '') ||
        a.personId.localeCompare(b.personId),
    );
}

const COUNT_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** "You know two people who love pottery". */
export function sharedInterestPhrase(s: SharedInterest): string {
  const n = s.personIds.length;
  return `You know ${COUNT_WORDS[n] ?? String(n)} people who love ${s.tag}`;
}
