import { describe, expect, it } from 'vitest';
import { TRASH_KEEP_MS } from '../../../shared/domain/trashState';
import { moveQuestion, trashTitle, trashWhen } from './trashText';

const DAY = 24 * 60 * 60 * 1000;

describe('trash text', () => {
  it('says when it was deleted and when it is purged', () => {
    const now = new Date(2026, 10, 30, 12);
    const deletedAt = now.getTime() - 3 * DAY;
    expect(trashWhen({ deletedAt, purgeAt: deletedAt + TRASH_KEEP_MS }, now, 'en-US')).toBe('deleted 3 days ago · purged on Dec 27');
    expect(trashWhen({ deletedAt: now.getTime(), purgeAt: now.getTime() + TRASH_KEEP_MS }, now, 'en-US')).toBe('deleted today · purged on Dec 30');
    const dec = new Date(2026, 11, 20, 12);
    expect(trashWhen({ deletedAt: dec.getTime(), purgeAt: dec.getTime() + TRASH_KEEP_MS }, dec, 'en-US')).toBe('deleted today · purged on Jan 19, 2027');
    expect(trashWhen({ deletedAt: 0, purgeAt: 1 }, now, 'en-US')).toMatch(/purged soon$/);
  });

  it('titles each kind and asks in plain words', () => {
    expect(trashTitle({ kind: 'person', name: 'Maria', date: '', place: '' })).toBe('Maria');
    expect(trashTitle({ kind: 'conversation', name: '', date: '2026-01-03', place: ' Café ' }, 'en-US')).toBe('Saturday, January 3, 2026 · Café');
    expect(trashTitle({ kind: 'journal', name: '', date: '2026-01-02', place: '' }, 'en-US')).toBe('Friday, January 2, 2026');
    expect(moveQuestion('person', 'Maria').detail).toMatch(/restore them from Trash for 30 days/);
    expect(moveQuestion('conversation', 'x').title).toBe('Move this conversation note to Trash?');
  });
});
