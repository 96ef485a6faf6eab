import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { journalDateOf, journalPageId } from './ids';
import { deletePage, markPurged, restoreFromTrash } from './trash';
import { currentJournalPageId, ensureJournalPage, pagesMap } from './workspace';

const stamp = { now: 1, deviceId: 'device-a' };

describe("a day's entry after its old one was emptied from Trash", () => {
  it('is a new generation of the day: writable, the same id on every device, old one stays purged', () => {
    const ws = new Y.Doc();
    const first = ensureJournalPage(ws, '2026-11-30', stamp);
    expect(first).toBe('day-2026-11-30');
    deletePage(ws, first, 10);
    // In Trash (not purged): still the day's entry, restorable.
    expect(currentJournalPageId(ws, '2026-11-30')).toBe(first);
    markPurged(ws, first, 20);
    const second = ensureJournalPage(ws, '2026-11-30', stamp);
    expect(second).toBe('day-2026-11-30_2');
    expect(pagesMap(ws).has(second)).toBe(true);
    expect(() => restoreFromTrash(ws, first)).toThrow();

    // Another device that receives the purge computes the same id.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ws));
    expect(currentJournalPageId(other, '2026-11-30')).toBe(second);

    deletePage(ws, second, 30);
    markPurged(ws, second, 40);
    expect(ensureJournalPage(ws, '2026-11-30', stamp)).toBe('day-2026-11-30_3');
  });

  it('reads the date back from any generation, and nothing else', () => {
    expect(journalDateOf(journalPageId('2026-02-28'))).toBe('2026-02-28');
    expect(journalDateOf(journalPageId('2026-02-28', 12))).toBe('2026-02-28');
    for (const id of ['day-2026-02-28_1', 'day-2026-02-28_', 'note-abc', 'day-2026-2-28', 'person-day-2026-02-28']) expect(journalDateOf(id), id).toBeNull();
  });
});
