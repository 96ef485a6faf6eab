import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addInterest, setCheckIn } from '../../shared/care';
import { createConversation, createPerson, ensureJournalPage, pagesMap, peopleMap, renamePerson, setPageFields } from '../../shared/domain/workspace';
import { EMPTY_FACTS } from '../../shared/domain/derivedFacts';
import type { DerivedPageFacts } from '../../shared/domain/types';
import { createDerivedFacts, type DerivedSource } from './derivedFacts';
import { createWorkspaceView, openWorkspaceView, resolvePerson, type WorkspaceSnapshot } from './workspaceView';
import { deletePage, deletePerson, listTrash, markPurged, restoreFromTrash } from '../../shared/domain/trash';

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
const sorted = <T,>(m: ReadonlyMap<string, T>): [string, T][] => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
const plain = (s: WorkspaceSnapshot) => ({
  pages: sorted(s.pages),
  people: sorted(s.people),
  profiles: sorted(s.profiles),
  gone: sorted(s.gone),
  trash: s.trash,
});

describe('workspace view', () => {
  it('reads a large registry a slice at a time, and what changes between slices is in the first snapshot', async () => {
    const ws = new Y.Doc();
    const people = Array.from({ length: 300 }, (_, i) => createPerson(ws, `Person ${i}`, '2026-01-01', stamp).id);
    const notes = Array.from({ length: 4_500 }, (_, i) => createConversation(ws, '2026-01-03', `Note ${i}`, stamp));
    const { source, send } = fakeSource();
    const derived = createDerivedFacts(source);
    await derived.loaded;
    let slices = 0;
    let written = '';
    const view = await openWorkspaceView(ws, derived, async () => {
      // Between slices: the registry and the derived facts keep changing.
      slices++;
      if (slices === 1) {
        renamePerson(ws, people[5]!, 'Renamed between slices');
        pagesMap(ws).delete(notes[4_000]!);
        send([[notes[10]!, { ...EMPTY_FACTS, preview: ['arrived mid-read'] }]]);
      }
      if (slices === 2) written = createConversation(ws, '2026-01-04', 'Written between slices', stamp);
    });
    expect(slices).toBeGreaterThanOrEqual(2);
    const snapshot = view.getSnapshot();
    expect(plain(snapshot)).toEqual(plain(createWorkspaceView(ws, derived).getSnapshot()));
    expect(snapshot.people.get(people[5]!)?.name).toBe('Renamed between slices');
    expect(snapshot.pages.has(notes[4_000]!)).toBe(false);
    expect(snapshot.pages.get(notes[10]!)?.preview).toEqual(['arrived mid-read']);
    expect(snapshot.pages.has(written)).toBe(true);
  });

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

  it('holds live records only; Trash, purged and merged people are in `gone`, Trash in `trash`, kept incrementally', async () => {
    const ws = new Y.Doc();
    const maria = createPerson(ws, 'Maria', '2026-01-01', stamp).id;
    const sam = createPerson(ws, 'Sam', '2026-01-01', stamp).id;
    const day = ensureJournalPage(ws, '2026-01-02', stamp);
    const note = createConversation(ws, '2026-01-03', 'Café', stamp);
    const view = createWorkspaceView(ws);
    const check = () => expect(plain(view.getSnapshot())).toEqual(plain(createWorkspaceView(ws).getSnapshot()));

    deletePerson(ws, maria, 100);
    deletePage(ws, note, 200);
    await tick();
    let s = view.getSnapshot();
    expect([s.people.has(maria), s.profiles.has(maria), s.pages.has(maria), s.pages.has(note)]).toEqual([false, false, false, false]);
    expect(s.gone.get(maria)).toEqual({ name: 'Maria', state: { state: 'trashed', deletedAt: 100 } });
    expect(s.trash.map((t) => t.id)).toEqual([note, maria]);
    expect(s.trash).toEqual(listTrash(ws));
    expect(resolvePerson(s, maria)).toEqual({ kind: 'gone', name: 'Maria' });
    check();

    // A rename in Trash shows in Trash; restore brings back the person, their page and profile.
    renamePerson(ws, maria, 'María');
    await tick();
    expect(view.getSnapshot().trash[1]?.name).toBe('María');
    restoreFromTrash(ws, maria);
    await tick();
    s = view.getSnapshot();
    expect([s.people.get(maria)?.name, s.profiles.has(maria), s.pages.has(maria), s.gone.has(maria)]).toEqual(['María', true, true, false]);
    expect(resolvePerson(s, maria)).toEqual({ kind: 'live', id: maria, name: 'María' });
    expect(s.trash.map((t) => t.id)).toEqual([note]);
    check();

    // Purged: out of Trash, still a name for mentions. Merged: mentions show the survivor.
    markPurged(ws, note, 300);
    deletePage(ws, day, 400);
    peopleMap(ws).get(sam)!.set('mergedInto', maria);
    await tick();
    s = view.getSnapshot();
    expect(s.trash.map((t) => t.id)).toEqual([day]);
    expect(s.pages.has(day)).toBe(false);
    expect(s.people.has(sam)).toBe(false);
    expect(resolvePerson(s, sam)).toEqual({ kind: 'live', id: maria, name: 'María' });
    check();
    // An unchanged record keeps its identity through all of it.
    const before = s.people.get(maria);
    restoreFromTrash(ws, day);
    await tick();
    expect(view.getSnapshot().people.get(maria)).toBe(before);
    expect(view.getSnapshot().pages.has(day)).toBe(true);
    check();
  });

  it('resolves merge chains and cycles the same way as resolveMerged', () => {
    const gone = (into: string) => ({ name: into, state: { state: 'merged' as const, into } });
    const people = new Map([['c', { id: 'c', name: 'C', createdAt: 0 }]]);
    expect(resolvePerson({ people, gone: new Map([['a', gone('b')], ['b', gone('c')]]) }, 'a')).toEqual({ kind: 'live', id: 'c', name: 'C' });
    expect(resolvePerson({ people, gone: new Map([['x', gone('y')], ['y', gone('x')]]) }, 'y').kind).toBe('gone');
    expect(resolvePerson({ people, gone: new Map() }, 'nobody')).toEqual({ kind: 'unknown' });
  });
});
