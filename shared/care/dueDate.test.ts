import { describe, expect, it } from 'vitest';
import { parseDueDate } from './dueDate';

const MONDAY = '2026-11-23';

describe('parseDueDate', () => {
  it('"next Tuesday" is the Tuesday of the following week', () => {
    expect(parseDueDate('send someone the sourdough recipe next Tuesday', MONDAY)).toBe('2026-12-01');
    expect(parseDueDate('next Tuesday', '2026-11-25')).toBe('2026-12-01'); // from a Wednesday
    expect(parseDueDate('next Tuesday', '2026-11-22')).toBe('2026-11-24'); // from a Sunday: weeks start Monday
    expect(parseDueDate('next tue', MONDAY)).toBe('2026-12-01');
    expect(parseDueDate('next Sunday', '2026-10-29')).toBe('2026-11-08'); // Thursday → Sunday of next week
  });

  it('a bare weekday is the next such day on or after the page date', () => {
    expect(parseDueDate('by Friday', MONDAY)).toBe('2026-11-27');
    expect(parseDueDate('call someone Tuesday', MONDAY)).toBe('2026-11-24');
    expect(parseDueDate('on Monday', MONDAY)).toBe(MONDAY);
  });

  it('counts relative days, weeks and months from the page date', () => {
    expect(parseDueDate('tomorrow', MONDAY)).toBe('2026-11-24');
    expect(parseDueDate('tomorrow', '2026-12-31')).toBe('2027-01-01');
    expect(parseDueDate('in 2 weeks', MONDAY)).toBe('2026-12-07');
    expect(parseDueDate('in 3 days', MONDAY)).toBe('2026-11-26');
    expect(parseDueDate('in a month', '2026-01-31')).toBe('2026-02-28');
    expect(parseDueDate('in 2 months', '2026-12-31')).toBe('2027-02-28');
    expect(parseDueDate('next month', '2026-01-31')).toBe('2026-02-28');
  });

  it('reads "on the 14th" as the next 14th on or after the page date', () => {
    expect(parseDueDate('ask someone on the 14th', MONDAY)).toBe('2026-12-14');
    expect(parseDueDate('on the 14th', '2026-11-10')).toBe('2026-11-14');
    expect(parseDueDate('by the 23rd', MONDAY)).toBe(MONDAY);
    expect(parseDueDate('on the 31st', '2026-11-05')).toBe('2026-12-31'); // November has no 31st
    expect(parseDueDate('thank someone for the 3rd time', MONDAY)).toBeNull();
  });

  it('reads month-and-day dates forward from the page date', () => {
    expect(parseDueDate('Dec 3', MONDAY)).toBe('2026-12-03');
    expect(parseDueDate('Dec 3', '2026-12-05')).toBe('2027-12-03');
    expect(parseDueDate('on the 14th of March', MONDAY)).toBe('2027-03-14');
  });

  it('ignores times of day', () => {
    expect(parseDueDate('call someone at 5pm', MONDAY)).toBeNull();
    expect(parseDueDate('call someone tomorrow at 11pm', MONDAY)).toBe('2026-11-24');
    expect(parseDueDate('call someone tonight', MONDAY)).toBe(MONDAY);
  });

  it('gives null when there are no date words, or words that only look like dates', () => {
    for (const text of [
      'send someone the sourdough recipe',
      'march with someone',
      'ask someone about the sat nav',
      'sun cream for someone',
      'give someone a second chance',
      'return someone the book now',
      'ask someone for a day off',
      'someone may come along',
      '',
    ]) {
      expect(parseDueDate(text, MONDAY), text).toBeNull();
    }
  });

  it('counts whole days across DST changes', () => {
    expect(parseDueDate('tomorrow', '2026-03-07')).toBe('2026-03-08'); // US spring forward
    expect(parseDueDate('tomorrow', '2026-03-28')).toBe('2026-03-29'); // EU spring forward
    expect(parseDueDate('in 1 week', '2026-10-24')).toBe('2026-10-31'); // EU fall back
    expect(parseDueDate('Sunday', '2026-10-29')).toBe('2026-11-01'); // US fall back day
    expect(parseDueDate('next Sunday', '2026-10-24')).toBe('2026-11-01');
  });

  it('gives null for a page date that is not a date', () => {
    expect(parseDueDate('tomorrow', 'someday')).toBeNull();
  });
});
