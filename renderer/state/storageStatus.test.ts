import { describe, expect, it } from 'vitest';
import { StorageFailure } from '../storage/guardedPersistence';
import { createStorageStatus } from './storageStatus';

describe('storage status', () => {
  it('says "Saving…" only while something is unacknowledged, and "Saved" after', () => {
    const s = createStorageStatus();
    expect(s.get()).toEqual({ kind: 'saved', notices: [] });
    s.refresh(2);
    expect(s.get().kind).toBe('saving');
    s.refresh(0);
    expect(s.get().kind).toBe('saved');
  });

  it('a failing store stays on screen with its reason until that doc’s backlog is acknowledged', () => {
    const s = createStorageStatus();
    let heard = 0;
    s.subscribe(() => heard++);
    s.refresh(1);
    s.reportSaveFailure('day-2026-11-30', 'The disk is full.');
    expect(s.get()).toMatchObject({ kind: 'failed', message: 'The disk is full.' });
    // Nothing pending any more elsewhere does not clear it: only the doc's own recovery does.
    s.refresh(0);
    expect(s.get().kind).toBe('failed');
    s.reportSaveRecovered('day-2026-11-30');
    expect(s.get().kind).toBe('saved');
    expect(heard).toBeGreaterThanOrEqual(3);
  });

  it('an offline copy that fails is a quiet notice, not "Not saving"', () => {
    const s = createStorageStatus();
    s.reportCacheFailure(new StorageFailure('kindred-page-x', 'Could not save: QuotaExceededError: quota exceeded.'));
    const state = s.get();
    expect(state.kind).toBe('saved');
    expect(state.notices).toEqual([
      'This window’s offline copy isn’t updating (Could not save: QuotaExceededError: quota exceeded); your journal is still saved.',
    ]);
    s.reportCacheRecovered('kindred-page-x');
    expect(s.get().notices).toEqual([]);
  });

  it('damage names the page and says it was restored from the journal store', () => {
    const s = createStorageStatus();
    s.reportDamaged('Monday, November 30, 2026', 'cache');
    expect(s.get().notices).toEqual([
      'Part of the offline copy of ‘Monday, November 30, 2026’ was damaged and set aside; the page was restored from the journal store.',
    ]);
  });

  it('keeps the same snapshot while nothing changes (React’s useSyncExternalStore needs that)', () => {
    const s = createStorageStatus();
    const first = s.get();
    s.refresh(0);
    expect(s.get()).toBe(first);
  });
});
