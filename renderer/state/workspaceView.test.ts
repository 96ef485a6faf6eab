import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addInterest, setCheckIn } from '../../shared/care';
import { createConversation, createPerson, ensureJournalPage, pagesMap, peopleMap, renamePerson, setPageFields } from '../../shared/domain/workspace';
import { createWorkspaceView, type WorkspaceSnapshot } from './workspaceView';

const stamp = { now: 1, deviceId: 'dev' };
const tick = () => new Promise((r) => setTimeout(r, 0));
const plain = (s: WorkspaceSnapshot) => ({ pages: [...s.pages.entries()], people: [...s.people.entries()], profiles: [...s.profiles.entries()] });

describe('workspace view', () => {
  it('keeps its snapshot equal to a fresh read after every kind of change, re-reading only what changed', async () => {
    const ws = new Y.Doc();
    const view = createWorkspaceView(ws);
    let notified = 0;
    view.subscribe(() => notified++);
    const maria = createPerson(ws, 'Maria', '2026-01-01', stamp).id;
    const day = ensureJournalPage(ws, '2026-01-02', stamp);
    const note = createConversation(ws, '2026-01-03', 'Café', stamp);
    await tick();
    const before = view.getSnapshot();

    renamePerson(ws, maria, 'María');
    setCheckIn(ws, maria, { every: 2, unit: 'weeks' }, '2026-01-05');
    addInterest(ws, maria, 'pottery');
    setPageFields(ws, note, { place: 'Park' }, 2);
    pagesMap(ws).get(day)!.set('mentions', { [maria]: ['with ', { p: maria }] });
    pagesMap(ws).delete(note);
    await tick();

    const after = view.getSnapshot();
    expect(after.version).toBeGreaterThan(before.version);
    expect(notified).toBeGreaterThanOrEqual(2);
    const fresh = createWorkspaceView(ws).getSnapshot();
    expect(plain(after)).toEqual(plain(fresh));
    expect(after.people.get(maria)?.name).toBe('María');
    expect(after.profiles.get(maria)?.interests).toEqual(['pottery']);
    expect(after.pages.has(note)).toBe(false);
    // Unchanged records keep their identity (nothing re-read needlessly).
    peopleMap(ws).get(maria)!.set('howWeMet', 'school');
    const other = createPerson(ws, 'Sam', '2026-01-01', stamp).id;
    await tick();
    const later = view.getSnapshot();
    expect(later.pages.get(day)).toBe(after.pages.get(day));
    expect(later.people.get(other)?.name).toBe('Sam');
    expect(later.profiles.get(maria)?.howWeMet).toBe('school');
  });
});
