import { describe, expect, it } from 'vitest';
import type { MergePreviewView } from '../../../../shared/host/slices/people';
import { formerNameNote, mergeProgressText, mergeSummary } from './mergeText';

const base: MergePreviewView = {
  keep: 'a',
  drop: 'b',
  keepName: 'Sam Lee',
  dropName: 'Samuel Lee',
  conversations: 0,
  dates: 0,
  interests: 0,
  howWeMet: false,
  checkIn: false,
  introductions: 0,
  hasPage: false,
  alreadyMerged: false,
};

describe('merge words', () => {
  it('lists what moves, with plurals', () => {
    expect(mergeSummary({ ...base, conversations: 3, dates: 2, interests: 1, howWeMet: true })).toBe('3 conversations, 2 dates, 1 interest, how you met');
    expect(mergeSummary({ ...base, conversations: 1, checkIn: true, introductions: 2 })).toBe('1 conversation, their check-in reminder, 2 introductions');
    expect(mergeSummary(base)).toBe('nothing else');
  });

  it('says how far a merge got and how it ended', () => {
    const e = { jobId: 'j', keep: 'a', drop: 'b', done: 2, total: 5 };
    expect(mergeProgressText({ ...e, phase: 'pages' }, 'Sam')).toBe('Updating the pages that mention Sam… 2 of 5');
    expect(mergeProgressText({ ...e, phase: 'failed', message: 'Disk full' }, 'Sam')).toBe('The merge did not finish: Disk full.');
    expect(mergeProgressText({ ...e, phase: 'cancelled' }, 'Sam')).toBe('Merge cancelled: nothing was changed.');
    expect(formerNameNote('Sam Lee', 'Samuel Lee')).toMatch(/“Samuel Lee” is kept as a former name/);
    expect(formerNameNote('Sam', 'Sam')).toBe('');
  });
});
