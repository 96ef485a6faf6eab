import { describe, expect, it } from 'vitest';
import type { DataProgress } from '../../../shared/host/slices/data';
import { endText, lastBackupText, previewText, progressShare, progressText, whenText } from './dataText';

const job = (p: Partial<DataProgress>): DataProgress => ({ jobId: 'job-00001', kind: 'vault', phase: 'writing', done: 0, total: 0, state: 'running', ...p });

describe('Your data, in words', () => {
  it('says what a running job is doing, with grouped numbers', () => {
    expect(progressText(job({ done: 1200, total: 10000 }))).toBe('Exported 1,200 of 10,000 pages…');
    expect(progressText(job({}))).toBe('Getting ready to export…');
    expect(progressText(job({ kind: 'backup', phase: 'reading', done: 300, total: 600 }))).toBe('Backed up 300 of 600 pages…');
    expect(progressText(job({ kind: 'backup', phase: 'listing' }))).toBe('Listing your pages…');
    expect(progressText(job({ kind: 'restore', phase: 'checking' }))).toBe('Checking the backup…');
    expect(progressText(job({ kind: 'restore', phase: 'restoring', done: 256, total: 600 }))).toBe('Merged 256 of 600 pages…');
    expect(progressText(job({ kind: 'calendar', phase: 'reading' }))).toBe('Collecting dates and check-ins…');
    expect(progressShare(job({ done: 5, total: 10 }))).toEqual({ now: 5, max: 10 });
    expect(progressShare(job({ done: 0, total: 0 }))).toBeNull();
  });

  it('says how a job ended: where it was saved, that a cancel wrote nothing, or what a cancelled merge kept', () => {
    expect(endText(job({ state: 'done', target: '/home/me/Kindred exports/My vault', message: '3 people' }))).toBe('Saved to /home/me/Kindred exports/My vault (3 people).');
    expect(endText(job({ state: 'cancelled', done: 500, total: 1000 }))).toBe('Cancelled — nothing was written.');
    expect(endText(job({ kind: 'backup', state: 'cancelled' }))).toBe('Cancelled — nothing was written.');
    expect(endText(job({ kind: 'restore', phase: 'restoring', state: 'cancelled', done: 512, total: 600 }))).toBe(
      'Cancelled — the 512 pages merged before you cancelled stay merged, each one whole; nothing else changed.',
    );
    expect(endText(job({ kind: 'restore', phase: 'checking', state: 'cancelled' }))).toBe('Cancelled — nothing in your journal changed.');
    expect(endText(job({ kind: 'restore', state: 'done', message: '3 pages brought in or combined' }))).toBe('Merged the backup into your journal: 3 pages brought in or combined.');
    expect(endText(job({ state: 'failed', message: 'The disk is full.' }))).toBe('The disk is full.');
  });

  it('says when the last daily backup was made, in local time', () => {
    const now = new Date(2026, 10, 30, 15, 0).getTime();
    expect(whenText(new Date(2026, 10, 30, 9, 12).getTime(), now)).toBe('today 09:12');
    expect(whenText(new Date(2026, 10, 29, 18, 40).getTime(), now)).toBe('yesterday 18:40');
    expect(whenText(new Date(2026, 10, 28, 9, 5).getTime(), now)).toBe('28 November 09:05');
    expect(whenText(new Date(2025, 11, 31, 23, 59).getTime(), now)).toBe('31 December 2025 23:59');
    const view = { enabled: true, keep: 7, folder: '/b', kept: 3, error: null };
    expect(lastBackupText({ ...view, last: { at: new Date(2026, 10, 30, 9, 12).getTime(), file: '/b/x' } }, now)).toBe('Last backup: today 09:12 (3 kept)');
    expect(lastBackupText({ ...view, enabled: false, last: null, kept: 0 }, now)).toBe('No daily backup yet.');
  });

  it('describes a backup before it is restored', () => {
    const createdAt = new Date(2026, 10, 30, 9, 12).getTime();
    const p = { previewId: 'p-0000001', file: 'a.kindred-backup', createdAt, pages: 1204, people: 1, docs: 1206, bytes: 1, device: null };
    expect(previewText(p)).toBe('Made 30 November 2026 at 09:12 · 1,204 pages · 1 person');
    expect(previewText({ ...p, device: 'Laptop' })).toBe('Made 30 November 2026 at 09:12 on Laptop · 1,204 pages · 1 person');
  });
});
