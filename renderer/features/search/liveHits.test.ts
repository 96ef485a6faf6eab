import { describe, expect, it } from 'vitest';
import { isLiveId, liveHits, liveSwitcherResults, overFetch } from './liveHits';

const snapshot = {
  pages: new Map([['day-2026-01-02', {}], ['person-a', {}]]),
  people: new Map([['person-a', {}]]),
} as never;

describe('liveHits', () => {
  it('keeps only live pages and people, in order, up to the limit', () => {
    const hits = [{ id: 'note-trashed' }, { id: 'day-2026-01-02' }, { id: 'person-gone' }, { id: 'person-a' }];
    expect(liveHits(hits, snapshot).map((h) => h.id)).toEqual(['day-2026-01-02', 'person-a']);
    expect(liveHits(hits, snapshot, 1).map((h) => h.id)).toEqual(['day-2026-01-02']);
    expect(liveSwitcherResults(hits.map((item) => ({ item })), snapshot).map((r) => r.item.id)).toEqual(['day-2026-01-02', 'person-a']);
    expect(isLiveId(snapshot, 'person-gone')).toBe(false);
    expect(overFetch({ trash: [{}, {}], gone: new Map([['x', {}]]) } as never, 50)).toBe(53);
  });
});
