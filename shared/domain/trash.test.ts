import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deletePage, deletePerson, listTrash, markPurged, purgeDue, purgedPageIds, restoreFromTrash, TrashError } from './trash';
import { TRASH_KEEP_MS, trashStateOf } from './trashState';
import { createConversation, createPerson, ensureJournalPage, pagesMap, peopleMap, renamePerson, setPageFields } from './workspace';

const stamp = { now: 1, deviceId: 'dev' };
const DAY = 24 * 60 * 60 * 1000;

function journal() {
  const ws = new Y.Doc();
  const maria = createPerson(ws, 'Maria', '2026-01-01', stamp).id;
  const day = ensureJournalPage(ws, '2026-01-02', stamp);
  const note = createConversation(ws, '2026-01-03', 'Café', stamp);
  return { ws, maria, day, note };
}

const sync = (from: Y.Doc, to: Y.Doc): void => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));

describe('trash', () => {
  it('deletes a page and a person (with their page), lists them newest first, restores them as they were', () => {
    const { ws, maria, day, note } = journal();
    deletePage(ws, day, 1000);
    deletePerson(ws, maria, 3000);
    deletePage(ws, note, 2000);
    expect(listTrash(ws).map((t) => [t.id, t.kind])).toEqual([
      [maria, 'person'],
      [note, 'conversation'],
      [day, 'journal'],
    ]);
    expect(listTrash(ws)[0]).toMatchObject({ name: 'Maria', deletedAt: 3000, purgeAt: 3000 + TRASH_KEEP_MS });
    expect(listTrash(ws)[1]).toMatchObject({ place: 'Café', date: '2026-01-03' });
    expect(trashStateOf(pagesMap(ws).get(maria))).toEqual({ state: 'trashed', deletedAt: 3000 });
    restoreFromTrash(ws, maria);
    restoreFromTrash(ws, day);
    expect(trashStateOf(peopleMap(ws).get(maria)).state).toBe('live');
    expect(trashStateOf(pagesMap(ws).get(maria)).state).toBe('live');
    expect(trashStateOf(pagesMap(ws).get(day)).state).toBe('live');
    expect(peopleMap(ws).get(maria)!.get('name')).toBe('Maria');
    expect(listTrash(ws).map((t) => t.id)).toEqual([note]);
  });

  it('refuses bad input with a specific error and changes nothing', () => {
    const { ws, maria, day } = journal();
    const before = Y.encodeStateAsUpdate(ws);
    expect(() => deletePage(ws, 'nope', 1)).toThrow(/No page with id "nope"/);
    expect(() => deletePage(ws, maria, 1)).toThrow(/delete the person instead/);
    expect(() => deletePerson(ws, day, 1)).toThrow(/No person/);
    expect(() => restoreFromTrash(ws, 'nope')).toThrow(TrashError);
    expect(Y.encodeStateAsUpdate(ws)).toEqual(before);
    deletePage(ws, day, 5);
    expect(() => deletePage(ws, day, 6)).toThrow(/already in Trash/);
    expect(markPurged(ws, day, 7)).toBe(true);
    expect(() => restoreFromTrash(ws, day)).toThrow(/gone for good; it cannot be restored/);
    expect(() => deletePage(ws, day, 8)).toThrow(/gone for good/);
    peopleMap(ws).get(maria)!.set('mergedInto', 'person-other');
    expect(() => restoreFromTrash(ws, maria)).toThrow(/merged into someone else and cannot be restored/);
    expect(() => deletePerson(ws, maria, 9)).toThrow(/merged/);
    // Restoring something live is a no-op, not an error (two windows both clicked Restore).
    const { ws: ws2, note } = journal();
    expect(() => restoreFromTrash(ws2, note)).not.toThrow();
  });

  it('purges only what is due after 30 days, and only what is still in Trash', () => {
    const { ws, maria, day, note } = journal();
    const t0 = Date.UTC(2026, 0, 10);
    deletePage(ws, day, t0);
    deletePerson(ws, maria, t0 + 2 * DAY);
    deletePage(ws, note, t0 + DAY);
    expect(purgeDue(ws, t0 + 30 * DAY - 1)).toEqual([]);
    expect(purgeDue(ws, t0 + 30 * DAY)).toEqual([day]);
    expect(purgeDue(ws, t0 + 32 * DAY).sort()).toEqual([day, maria, note].sort());
    restoreFromTrash(ws, note);
    expect(markPurged(ws, note, t0)).toBe(false); // restored meanwhile: untouched
    expect(markPurged(ws, maria, t0 + 40 * DAY)).toBe(true);
    expect(trashStateOf(peopleMap(ws).get(maria))).toEqual({ state: 'purged', purgedAt: t0 + 40 * DAY });
    expect(trashStateOf(pagesMap(ws).get(maria)).state).toBe('purged');
    expect(purgedPageIds(ws)).toEqual([maria]);
    expect(listTrash(ws).map((t) => t.id)).toEqual([day]);
  });

  it('an edit on another device after a delete leaves the page in Trash on both; a purge stays purged', () => {
    const a = journal();
    const b = new Y.Doc();
    sync(a.ws, b);
    deletePage(a.ws, a.note, 100);
    deletePerson(a.ws, a.maria, 100);
    // B has not heard of the delete and keeps editing.
    setPageFields(b, a.note, { place: 'Park' }, 200);
    renamePerson(b, a.maria, 'María');
    sync(b, a.ws);
    sync(a.ws, b);
    for (const ws of [a.ws, b]) {
      expect(trashStateOf(pagesMap(ws).get(a.note)).state).toBe('trashed');
      expect(trashStateOf(peopleMap(ws).get(a.maria)).state).toBe('trashed');
      expect(pagesMap(ws).get(a.note)!.get('place')).toBe('Park');
    }
    // A purges while B restores: purged wins on both.
    markPurged(a.ws, a.note, 300);
    restoreFromTrash(b, a.note);
    sync(b, a.ws);
    sync(a.ws, b);
    for (const ws of [a.ws, b]) expect(trashStateOf(pagesMap(ws).get(a.note)).state).toBe('purged');
  });

  type Op =
    | { kind: 'delete' | 'restore' | 'edit' | 'purge'; replica: 0 | 1; target: number; at: number }
    | { kind: 'sync'; from: 0 | 1 };

  it('two replicas with random delete/restore/edit/purge and syncs converge; purged is never live again', () => {
    const replica = fc.constantFrom<0 | 1>(0, 1);
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constantFrom<'delete' | 'restore' | 'edit' | 'purge'>('delete', 'restore', 'edit', 'purge'), replica, target: fc.nat(3), at: fc.nat(1000) }),
      fc.record({ kind: fc.constant<'sync'>('sync'), from: replica }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const base = journal();
        const other = createPerson(base.ws, 'Sam', '2026-01-01', stamp).id;
        const ids = [base.maria, base.day, base.note, other];
        const docs = [new Y.Doc(), new Y.Doc()] as const;
        for (const d of docs) sync(base.ws, d);
        const everPurged = new Set<string>();
        for (const o of ops) {
          if (o.kind === 'sync') {
            sync(docs[o.from], docs[1 - o.from]!);
            continue;
          }
          const ws = docs[o.replica];
          const id = ids[o.target]!;
          const isPerson = peopleMap(ws).has(id);
          try {
            if (o.kind === 'delete') (isPerson ? deletePerson : deletePage)(ws, id, o.at);
            else if (o.kind === 'restore') restoreFromTrash(ws, id);
            else if (o.kind === 'purge') {
              if (markPurged(ws, id, o.at)) everPurged.add(id);
            } else if (isPerson) renamePerson(ws, id, `Name ${o.at}`);
            else setPageFields(ws, id, { place: `Place ${o.at}` }, o.at);
          } catch (e) {
            if (!(e instanceof TrashError)) throw e; // refusals are fine; anything else is a bug
          }
        }
        sync(docs[0], docs[1]);
        sync(docs[1], docs[0]);
        for (const id of ids) {
          const states = docs.map((ws) => [trashStateOf(peopleMap(ws).get(id)), trashStateOf(pagesMap(ws).get(id))]);
          expect(states[0]).toEqual(states[1]);
          if (everPurged.has(id)) for (const [person, page] of states) expect((peopleMap(docs[0]).has(id) ? person : page)!.state).toBe('purged');
        }
        expect(listTrash(docs[0])).toEqual(listTrash(docs[1]));
      }),
      { numRuns: 300 },
    );
  });
});
