import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addImportantDate,
  addInterest,
  dismissDate,
  dismissedDates,
  markCheckedIn,
  readCareProfile,
  removeInterest,
  setCheckIn,
  setHowWeMet,
  snoozeCheckIn,
} from '../care/careStore';
import { addExternalIds, readExternalIds } from './externalIds';
import { formerNamesOf, MergeError, mergePeopleInWorkspace, planMerge, settleMergedPeople } from './mergePeople';
import { resolveMerged, trashStateOf } from './trashState';
import { createConversation, createPerson, initWorkspace, pagesMap, peopleMap, readPageRecord } from './workspace';

const stamp = { now: 1_000, deviceId: 'dev-a' };

function journal() {
  const ws = new Y.Doc();
  initWorkspace(ws);
  const sam = createPerson(ws, 'Sam Lee', '2026-01-01', stamp).id;
  const samDup = createPerson(ws, 'Samuel Lee', '2026-02-01', stamp).id;
  const ana = createPerson(ws, 'Ana', '2026-01-01', stamp).id;
  const profile = (id: string) => readCareProfile(id, peopleMap(ws).get(id)!);
  return { ws, sam, samDup, ana, profile };
}

describe('planMerge', () => {
  it('counts what will move, and refuses bad requests plainly without writing', () => {
    const { ws, sam, samDup, ana } = journal();
    addImportantDate(ws, sam, { label: 'birthday', month: 3, day: 14, year: null });
    addImportantDate(ws, samDup, { label: 'Birthday ', month: 3, day: 14, year: 1990 }); // same date
    addImportantDate(ws, samDup, { label: 'name day', month: 7, day: 1, year: null });
    addInterest(ws, samDup, 'pottery');
    setHowWeMet(ws, samDup, { text: 'Climbing gym' });
    setHowWeMet(ws, ana, { introducedBy: samDup });
    const plan = planMerge(ws, { keep: sam, drop: samDup });
    expect(plan).toMatchObject({ keepName: 'Sam Lee', dropName: 'Samuel Lee', dates: 1, interests: 1, howWeMet: true, checkIn: false, introductions: 1, alreadyMerged: false });

    const before = Y.encodeStateVector(ws);
    expect(() => planMerge(ws, { keep: sam, drop: sam })).toThrow(/two different people/);
    expect(() => mergePeopleInWorkspace(ws, { keep: sam, drop: 'person-nope', name: 'x' }, 1)).toThrow(MergeError);
    expect(() => mergePeopleInWorkspace(ws, { keep: sam, drop: samDup, name: '   ' }, 1)).toThrow(/needs a name/);
    expect(Y.encodeStateVector(ws)).toEqual(before); // refused: nothing written
    peopleMap(ws).get(ana)!.set('deletedAt', 5);
    expect(() => planMerge(ws, { keep: sam, drop: ana })).toThrow(/Ana is in Trash/);
    expect(() => planMerge(ws, { keep: ana, drop: sam })).toThrow(/Ana is in Trash/);
  });
});

describe('mergePeopleInWorkspace', () => {
  it('moves every set field, fills care fields, repoints introductions, keeps the other name as former', () => {
    const { ws, sam, samDup, ana, profile } = journal();
    const bday = addImportantDate(ws, sam, { label: 'birthday', month: 3, day: 14, year: null });
    const dupBday = addImportantDate(ws, samDup, { label: 'birthday', month: 3, day: 14, year: 1990 });
    addImportantDate(ws, samDup, { label: 'name day', month: 7, day: 1, year: null });
    addInterest(ws, sam, 'climbing');
    addInterest(ws, samDup, 'Climbing');
    addInterest(ws, samDup, 'pottery');
    markCheckedIn(ws, samDup, '2026-02-03');
    addExternalIds(ws, samDup, ['email:sam@example.com']);
    setCheckIn(ws, samDup, { every: 3, unit: 'weeks' }, '2026-02-01');
    snoozeCheckIn(ws, samDup, '2026-03-01');
    setHowWeMet(ws, sam, { text: 'Work' });
    setHowWeMet(ws, samDup, { text: 'Climbing gym', introducedBy: ana });
    setHowWeMet(ws, ana, { introducedBy: samDup });
    dismissDate(ws, samDup, dupBday, '2026-03-14');
    const note = createConversation(ws, '2026-02-10', '', stamp);
    pagesMap(ws).get(note)!.set('introduction', { a: samDup, b: ana, why: 'both climb' });
    let origin: unknown;
    ws.on('afterTransaction', (t: Y.Transaction) => (origin = t.origin));

    mergePeopleInWorkspace(ws, { keep: sam, drop: samDup, name: 'Samuel Lee' }, 2_000, 'merge');
    expect(origin).toBe('merge');
    const p = profile(sam);
    expect(p.name).toBe('Samuel Lee');
    expect(p.dates.map((d) => [d.label, d.month, d.day, d.year])).toEqual([
      ['birthday', 3, 14, 1990],
      ['name day', 7, 1, null],
    ]);
    expect(p.interests).toEqual(['climbing', 'pottery']);
    expect(p.manualContacts).toEqual(['2026-02-03']);
    expect(p.checkIn).toEqual({ every: 3, unit: 'weeks', since: '2026-02-01' });
    expect(p.checkInSnoozedUntil).toBe('2026-03-01');
    expect(p.howWeMet).toBe('Work\n\nClimbing gym');
    expect(p.introducedBy).toBe(ana);
    expect(readExternalIds(peopleMap(ws).get(sam)!)).toEqual(['email:sam@example.com']);
    expect(profile(ana).introducedBy).toBe(sam);
    expect(readPageRecord(note, pagesMap(ws).get(note)!)!.introduction).toEqual({ a: sam, b: ana, why: 'both climb' });
    expect(dismissedDates(ws).has(`${sam}:${bday}:2026-03-14`)).toBe(true);
    expect(formerNamesOf(ws, sam)).toEqual(['Sam Lee']);
    // The dropped person is a merged record (their page record too), resolving to the survivor.
    expect(trashStateOf(peopleMap(ws).get(samDup))).toEqual({ state: 'merged', into: sam });
    expect(trashStateOf(pagesMap(ws).get(samDup))).toEqual({ state: 'merged', into: sam });
    expect(resolveMerged(peopleMap(ws), samDup)).toBe(sam);
    expect(profile(samDup)).toMatchObject({ dates: [], interests: [], manualContacts: [] });

    // Re-running the same merge is a no-op; merging into someone else now is refused.
    const sv = Y.encodeStateVector(ws);
    expect(mergePeopleInWorkspace(ws, { keep: sam, drop: samDup, name: 'whatever' }, 3_000).alreadyMerged).toBe(true);
    expect(Y.encodeStateVector(ws)).toEqual(sv);
    expect(() => planMerge(ws, { keep: ana, drop: samDup })).toThrow(/already merged/);
  });

  it('a chain of merges keeps every former name, and a person merged into their introducer loses the self-link', () => {
    const { ws, sam, samDup, ana, profile } = journal();
    setHowWeMet(ws, samDup, { introducedBy: sam });
    mergePeopleInWorkspace(ws, { keep: sam, drop: samDup, name: 'Sam Lee' }, 2_000);
    expect(profile(sam).introducedBy).toBeNull();
    mergePeopleInWorkspace(ws, { keep: ana, drop: sam, name: 'Ana' }, 3_000);
    expect(formerNamesOf(ws, ana)).toEqual(['Sam Lee', 'Samuel Lee']);
    expect(resolveMerged(peopleMap(ws), samDup)).toBe(ana);
  });

  it('settleMergedPeople moves what another device added to the dropped person before it saw the merge', () => {
    const { ws, sam, samDup, profile } = journal();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ws));
    mergePeopleInWorkspace(ws, { keep: sam, drop: samDup, name: 'Sam Lee' }, 2_000);
    addInterest(other, samDup, 'chess');
    Y.applyUpdate(ws, Y.encodeStateAsUpdate(other));
    expect(profile(sam).interests).toEqual([]);
    expect(settleMergedPeople(ws)).toBe(1);
    expect(profile(sam).interests).toEqual(['chess']);
    expect(settleMergedPeople(ws)).toBe(0);
    // Removed on the survivor later: not brought back from the merged record.
    removeInterest(ws, sam, 'chess');
    settleMergedPeople(ws);
    expect(profile(sam).interests).toEqual([]);
  });
});

/**
 * Two replicas: one merges, the other edits either person concurrently (dates, interests, days
 * checked in, a rename). After exchanging updates (in either order) and settling on both, they
 * are identical and every date and interest authored on either side is on the survivor.
 */
describe('merging while another replica edits (property)', () => {
  type Edit = { who: 'keep' | 'drop'; kind: 'date' | 'interest' | 'contact' | 'rename'; n: number };
  const edit = fc.record({
    who: fc.constantFrom<'keep' | 'drop'>('keep', 'drop'),
    kind: fc.constantFrom<Edit['kind']>('date', 'interest', 'contact', 'rename'),
    n: fc.integer({ min: 1, max: 28 }),
  });

  it('converges and loses nothing authored', () => {
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 6 }), fc.array(edit, { maxLength: 4 }), fc.boolean(), (before, during, aFirst) => {
        const { ws: a, sam, samDup } = journal();
        const ids = { keep: sam, drop: samDup };
        const dates = new Set<string>();
        const interests = new Set<string>();
        const apply = (doc: Y.Doc, e: Edit): void => {
          const id = ids[e.who];
          if (e.kind === 'date') {
            addImportantDate(doc, id, { label: `day ${e.n}`, month: 1 + (e.n % 12), day: e.n, year: null });
            dates.add(`day ${e.n}|${1 + (e.n % 12)}|${e.n}`);
          } else if (e.kind === 'interest') {
            addInterest(doc, id, `topic${e.n}`);
            interests.add(`topic${e.n}`);
          } else if (e.kind === 'contact') markCheckedIn(doc, id, `2026-01-${String(e.n).padStart(2, '0')}`);
          else peopleMap(doc).get(id)!.set('name', `Name ${e.n}`);
        };
        before.forEach((e) => apply(a, e));
        const b = new Y.Doc();
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
        mergePeopleInWorkspace(a, { keep: sam, drop: samDup, name: 'Sam' }, 2_000);
        during.forEach((e) => apply(b, e));
        const ua = Y.encodeStateAsUpdate(a);
        const ub = Y.encodeStateAsUpdate(b);
        if (aFirst) {
          Y.applyUpdate(b, ua);
          Y.applyUpdate(a, ub);
        } else {
          Y.applyUpdate(a, ub);
          Y.applyUpdate(b, ua);
        }
        settleMergedPeople(a);
        settleMergedPeople(b);
        Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
        expect(a.getMap('people').toJSON()).toEqual(b.getMap('people').toJSON());
        const survivor = readCareProfile(sam, peopleMap(a).get(sam)!);
        expect(resolveMerged(peopleMap(a), samDup)).toBe(sam);
        const have = new Set(survivor.dates.map((d) => `${d.label}|${d.month}|${d.day}`));
        for (const d of dates) expect(have.has(d)).toBe(true);
        for (const t of interests) expect(survivor.interests).toContain(t);
      }),
      { numRuns: 150 },
    );
  });
});
