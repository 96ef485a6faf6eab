import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addInterest, setCheckIn } from '../../shared/care';
import { createConversation, createPerson, ensureJournalPage, pagesMap, peopleMap, renamePerson, setPageFields } from '../../shared/domain/workspace';
import { EMPTY_FACTS } from '../../shared/domain/derivedFacts';
import type { DerivedPageFacts } from '../../shared/domain/types';
import { createDerivedFacts, type DerivedSource } from './derivedFacts';
import { createWorkspaceView, type WorkspaceSnapshot } from './workspaceView';

/** A derived index the test drives by hand: what the host would send over the contract. */
function fakeSource(initial: [string, DerivedPageFacts][] = []) {
  const listeners = new Set<Parameters<DerivedSource['subscribe']>[0]>();
  let seq = 1;
  const source: DerivedSource = {
    pages: async () => ({ seq, pages: initial, next: null, state: { kind: 'ready' } }),
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
  };
  const send = (pages: [string, DerivedPageFacts | null][]) => listeners.forEach((l) => l({ seq: ++seq, pages, state: { kind: 'ready' } }));
  return { source, send };
}

const stamp = { now: 1, deviceId: 'dev' };
const tick = () => new Promise((r) => setTimeout(r, 0));
const plain = (s: WorkspaceSnapshot) => ({ pages: [...s.pages.entries()], people: [...s.people.entries()], profiles: [...s.profiles.entries()] });

describe('workspace view', () => {
  it('keeps its snapshot equal to a fresh read after every kind of change, re-reading only what changed', async () => {
    const ws = new Y.Doc();
    const { source, send } = fakeSource();
    const derived = createDerivedFacts(source);
    await derived.loaded;
    const view = createWorkspaceView(ws, derived);
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
    send([[day, { ...EMPTY_FACTS, mentions: { [maria]: ['with ', { p: maria }] } }]]);
    pagesMap(ws).delete(note);
    await tick();

    const after = view.getSnapshot();
    expect(after.version).toBeGreaterThan(before.version);
    expect(notified).toBeGreaterThanOrEqual(2);
    const fresh = createWorkspaceView(ws, derived).getSnapshot();
    expect(plain(after)).toEqual(plain(fresh));
    expect(after.pages.get(day)?.mentions).toEqual({ [maria]: ['with ', { p: maria }] });
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

  it('composes authored records with derived facts: a facts change re-reads only that page', async () => {
    const ws = new Y.Doc();
    const a = ensureJournalPage(ws, '2026-01-02', stamp);
    const b = ensureJournalPage(ws, '2026-01-03', stamp);
    const { source, send } = fakeSource([[a, { ...EMPTY_FACTS, preview: ['hello'] }]]);
    const derived = createDerivedFacts(source);
    const view = createWorkspaceView(ws, derived);
    // Before the facts arrive, pages list with empty facts (and the UI still works).
    expect(view.getSnapshot().pages.get(a)?.preview).toEqual([]);
    await derived.loaded;
    await tick();
    expect(view.getSnapshot().pages.get(a)?.preview).toEqual(['hello']);
    const before = view.getSnapshot();
    send([[b, { ...EMPTY_FACTS, preview: ['second day'], contacts: ['person-x'] }]]);
    await tick();
    const after = view.getSnapshot();
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.pages.get(b)).toMatchObject({ date: '2026-01-03', preview: ['second day'], contacts: ['person-x'] });
    expect(after.pages.get(a)).toBe(before.pages.get(a));
    // Facts of a page the registry does not have are not listed; a deleted page's facts go away.
    send([['note-unknown', { ...EMPTY_FACTS, preview: ['x'] }], [a, null]]);
    await tick();
    expect(view.getSnapshot().pages.has('note-unknown')).toBe(false);
    expect(view.getSnapshot().pages.get(a)?.preview).toEqual([]);
    // Old derived fields in the record itself are ignored.
    pagesMap(ws).get(b)!.set('preview', ['stale, from an old version']);
    await tick();
    expect(view.getSnapshot().pages.get(b)?.preview).toEqual(['second day']);
  });
});
