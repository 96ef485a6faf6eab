import { describe, expect, it } from 'vitest';
import { profile } from './care.testkit';
import {
  allTags,
  completeTag,
  normalizeTag,
  sharedInterestPhrase,
  sharedInterestSuggestions,
  suggestIntroductions,
  tagKey,
} from './interests';

const people = [
  profile('sam', 'Sam', { interests: ['Pottery', 'climbing', 'pottery'] }),
  profile('maria', 'Maria', { interests: ['  pottery ', 'sourdough', 'Jazz  piano'] }),
  profile('ana', 'Ana', { interests: ['#Pottery', 'jazz piano', 'climbing'] }),
  profile('lee', 'Lee', { interests: ['birds'] }),
];

describe('normalizeTag / tagKey', () => {
  it('trims, collapses spaces and drops a leading #, keeping the spelling for display', () => {
    expect(normalizeTag('  Jazz   piano ')).toBe('Jazz piano');
    expect(normalizeTag('#Pottery')).toBe('Pottery');
    expect(tagKey(' #Jazz  Piano')).toBe('jazz piano');
  });
});

describe('allTags', () => {
  it('counts people (not repeats) per tag, most used first, in the most common spelling', () => {
    expect(allTags(people)).toEqual([
      { tag: 'Pottery', count: 3 },
      { tag: 'climbing', count: 2 },
      { tag: 'Jazz piano', count: 2 },
      { tag: 'birds', count: 1 },
      { tag: 'sourdough', count: 1 },
    ]);
  });

  it('completes what is being typed, prefix matches first, skipping tags already chosen', () => {
    expect(completeTag('p', people)).toEqual(['Pottery', 'Jazz piano']);
    expect(completeTag('P', people, ['pottery'])).toEqual(['Jazz piano']);
    expect(completeTag('', people, [], 2)).toEqual(['Pottery', 'climbing']);
  });
});

describe('sharedInterestSuggestions', () => {
  it('lists tags two or more people share, largest groups first', () => {
    const shared = sharedInterestSuggestions(people);
    expect(shared).toEqual([
      { tag: 'Pottery', personIds: ['ana', 'maria', 'sam'] },
      { tag: 'climbing', personIds: ['ana', 'sam'] },
      { tag: 'Jazz piano', personIds: ['ana', 'maria'] },
    ]);
    expect(sharedInterestPhrase(shared[1]!)).toBe('You know two people who love climbing');
  });

  it('is empty when no one shares anything', () => {
    expect(sharedInterestSuggestions([people[3]!, profile('x', 'X', { interests: ['chess'] })])).toEqual([]);
  });
});

describe('suggestIntroductions', () => {
  it('lists the people who share an interest with someone, most in common first', () => {
    expect(suggestIntroductions('ana', people)).toEqual([
      { personId: 'maria', sharedTags: ['Jazz piano', 'Pottery'] },
      { personId: 'sam', sharedTags: ['climbing', 'Pottery'] },
    ]);
    expect(suggestIntroductions('lee', people)).toEqual([]);
    expect(suggestIntroductions('nobody', people)).toEqual([]);
  });
});
