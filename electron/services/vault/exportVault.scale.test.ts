/**
 * A 5,000-page journal seeded through the app's own paths (bench/seedJournal.ts: domain
 * functions, a headless Lexical editor, the store's applyUpdate) exported and checked: every
 * link resolves to exactly one note, every file name is safe, and per page the number of links
 * equals Kindred's own mention count (read with shared/pages/pageBlocks, one doc at a time).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { seedJournal } from '../../../bench/seedJournal';
import { readPageBlocks } from '../../../shared/pages/pageBlocks';
import { exportVault } from './exportVault';
import { checkVault } from './vaultChecker.testkit';
import { openTestJournal, type TestJournal } from './testJournal.testkit';

const PAGES = 5_000;
let j: TestJournal;
let pageIds: string[];
let personIds: string[];

beforeAll(async () => {
  // The store's in-memory backend: seeding 5k pages into LevelDB takes over a minute on this
  // machine; the export reads through the same JournalStore interface (the bench uses LevelDB).
  j = await openTestJournal({ memory: true });
  const seeded = await seedJournal(j.store, { pages: PAGES, people: 300, seed: 5, burstsPerPage: 1 });
  pageIds = seeded.pageIds;
  personIds = seeded.personIds;
}, 120_000);

afterAll(async () => {
  await j.cleanup();
});

test('5k pages: 0 unresolved, 0 ambiguous, links = mentions per page', async () => {
  const out = join(j.root, 'vault');
  let reports = 0;
  const result = await exportVault(j.store, out, { onProgress: () => reports++ });
  expect(reports).toBeGreaterThan(10);
  const report = await checkVault(out);
  expect(report.problems).toEqual([]);
  expect(report.unresolved).toEqual([]);
  expect(report.ambiguous).toEqual([]);
  expect(result.people).toBe(personIds.length);
  expect(result.journalDays + result.notes).toBe(new Set(pageIds).size);
  let links = 0;
  for (const id of [...new Set(pageIds), ...personIds]) {
    const update = await j.store.getUpdate(id);
    const doc = new Y.Doc();
    if (update) Y.applyUpdate(doc, update);
    const mentions = readPageBlocks(doc).flatMap((b) => b.inlines).filter((i) => 'mention' in i).length;
    doc.destroy();
    const note = report.byId.get(id);
    expect(note, id).toBeDefined();
    expect(note!.links.length, id).toBe(mentions);
    links += mentions;
  }
  expect(links).toBeGreaterThan(PAGES);
  expect(result.links).toBe(links);
}, 120_000);
