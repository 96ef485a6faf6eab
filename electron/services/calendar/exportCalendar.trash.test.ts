import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addImportantDate, setCheckIn } from '../../../shared/care/careStore';
import { deletePage, deletePerson, restoreFromTrash } from '../../../shared/domain/trash';
import { createConversation, createPerson, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { pageDocWith, para } from '../../../shared/pages/pageDoc.testkit';
import { startDerivedIndex } from '../derived';
import { openLevelStore } from '../store';
import type { JournalStore } from '../store/types';
import { buildCalendarExport } from './exportCalendar';

const NOW = Date.UTC(2026, 10, 30, 12);
const STAMP = { now: NOW, deviceId: 'dev' };
let dir: string;
let store: JournalStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kindred-ics-trash-'));
  store = await openLevelStore(join(dir, 'db'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('calendar export and Trash', () => {
  it('leaves out people in Trash; a conversation in Trash is not contact; restoring brings both back', async () => {
    const ws = new Y.Doc({ guid: WORKSPACE_DOC_ID });
    const maria = createPerson(ws, 'Maria', '2026-01-01', STAMP).id;
    addImportantDate(ws, maria, { label: 'birthday', month: 3, day: 14, year: null });
    const sam = createPerson(ws, 'Sam', '2026-01-01', STAMP).id;
    setCheckIn(ws, sam, { every: 4, unit: 'weeks' }, '2026-06-01');
    const talk = createConversation(ws, '2026-11-28', 'Park', STAMP);
    const push = async (): Promise<void> => void (await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws)));
    await push();
    await store.applyUpdate(talk, Y.encodeStateAsUpdate(pageDocWith(talk, [para('Walk with ', { m: sam })])));
    const derived = await startDerivedIndex(store);
    try {
      const exportNow = () => buildCalendarExport(store, { now: NOW, derived });
      // Sam was seen two days ago: his check-in is due in 4 weeks. Maria's birthday is in.
      const checkInStart = (ics: string): string | undefined => /BEGIN:VEVENT(?:(?!END:VEVENT)[\s\S])*?DTSTART;VALUE=DATE:(\d{8})(?:(?!END:VEVENT)[\s\S])*?Sam/.exec(ics)?.[1];
      const before = await exportNow();
      expect(before).toMatchObject({ dates: 1, checkIns: 1 });
      expect(checkInStart(before.ics)).toBe('20261226');
      deletePerson(ws, maria, NOW);
      deletePage(ws, talk, NOW);
      await push();
      const trashed = await exportNow();
      expect(trashed).toMatchObject({ dates: 0, checkIns: 1 });
      expect(trashed.ics).not.toContain('Maria');
      // The walk is in Trash: Sam's last contact is unknown, so the check-in is due today.
      expect(checkInStart(trashed.ics)).toBe('20261130');
      restoreFromTrash(ws, maria);
      restoreFromTrash(ws, talk);
      await push();
      const restored = await exportNow();
      expect(restored).toMatchObject({ dates: 1, checkIns: 1 });
      expect(checkInStart(restored.ics)).toBe('20261226');
    } finally {
      await derived.close();
    }
  });
});
