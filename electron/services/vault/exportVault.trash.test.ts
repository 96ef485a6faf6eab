import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { deletePage, deletePerson, markPurged, restoreFromTrash } from '../../../shared/domain/trash';
import { createConversation, createPerson, ensureJournalPage, peopleMap } from '../../../shared/domain/workspace';
import { appendBlocks, para } from '../../../shared/pages/pageDoc.testkit';
import { exportVault } from './exportVault';
import { openTestJournal, snapshot, type TestJournal } from './testJournal.testkit';

const stamp = { now: 1, deviceId: 'dev' };
let j: TestJournal;
beforeEach(async () => {
  j = await openTestJournal();
});
afterEach(async () => {
  await j.cleanup();
});

describe('vault export and Trash', () => {
  test('leaves out people and pages in Trash or purged; mentions of them are plain text; merged link to the survivor', async () => {
    const maria = createPerson(j.ws, 'Maria', '2026-01-01', stamp).id;
    const sam = createPerson(j.ws, 'Sam', '2026-01-01', stamp).id;
    const ana = createPerson(j.ws, 'Ana Old', '2026-01-01', stamp).id;
    const day = ensureJournalPage(j.ws, '2026-01-02', stamp);
    const note = createConversation(j.ws, '2026-01-03', 'Café', stamp);
    const gone = createConversation(j.ws, '2026-01-04', 'Secret', stamp);
    appendBlocks(j.pageDoc(day), [para('Lunch with ', { m: maria }, ', ', { m: sam }, ' and ', { m: ana })]);
    appendBlocks(j.pageDoc(note), [para('Coffee')]);
    appendBlocks(j.pageDoc(gone), [para('Do not export me')]);
    deletePerson(j.ws, maria, 10);
    deletePage(j.ws, gone, 10);
    deletePage(j.ws, note, 10);
    markPurged(j.ws, note, 20);
    // Ana was merged into Sam (H2 writes merges; this is the tombstone it leaves).
    peopleMap(j.ws).get(ana)!.set('mergedInto', sam);
    await j.flush();

    const out = join(j.root, 'vault');
    const r = await exportVault(j.store, out);
    expect(r).toMatchObject({ people: 1, journalDays: 1, notes: 0 });
    const files = await snapshot(out);
    const notes = [...files.keys()].filter((f) => f.endsWith('.md'));
    expect(notes.sort()).toEqual(['Journal/2026-01-02.md', 'People/Sam.md']);
    const dayText = files.get('Journal/2026-01-02.md')!;
    expect(dayText).toContain('Lunch with @Maria, [[Sam]] and [[Sam]]');
    expect([...files.values()].join('\n')).not.toMatch(/Do not export me|Coffee|\[\[Maria/);

    // Restored: exported again, and the mention is a link again.
    restoreFromTrash(j.ws, maria);
    await j.flush();
    await exportVault(j.store, out);
    const again = await snapshot(out);
    expect(again.has('People/Maria.md')).toBe(true);
    expect(again.get('Journal/2026-01-02.md')).toContain('Lunch with [[Maria]], [[Sam]]');
  });
});
