import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, peopleMap } from '../domain/workspace';
import {
  addImportantDate,
  dismissDate,
  dismissedDates,
  markCheckedIn,
  readCareProfile,
  setCheckIn,
  snoozeCheckIn,
  undismissDate,
  unmarkCheckedIn,
  unsnoozeCheckIn,
} from './careStore';

/** Undo for Reach out's Done and Snooze: each inverse restores exactly the state before. */
const stamp = { now: 1, deviceId: 'dev-a' };

function setup() {
  const ws = new Y.Doc();
  const sam = createPerson(ws, 'Sam', '2026-01-01', stamp);
  setCheckIn(ws, sam.id, { every: 2, unit: 'weeks' }, '2026-01-01');
  const profile = () => readCareProfile(sam.id, peopleMap(ws).get(sam.id)!);
  const snapshot = () => JSON.stringify(peopleMap(ws).get(sam.id)!.toJSON());
  return { ws, sam, profile, snapshot };
}

describe('undo of Done and Snooze', () => {
  it('Done, then Undo: the day stops counting as contact and the earlier snooze is back', () => {
    const { ws, sam, profile, snapshot } = setup();
    snoozeCheckIn(ws, sam.id, '2026-03-01');
    markCheckedIn(ws, sam.id, '2026-02-01'); // an earlier Done stays
    snoozeCheckIn(ws, sam.id, '2026-03-02');
    const before = snapshot();
    const undo = markCheckedIn(ws, sam.id, '2026-02-20');
    expect(profile()).toMatchObject({ manualContacts: ['2026-02-01', '2026-02-20'], checkInSnoozedUntil: null });
    unmarkCheckedIn(ws, sam.id, undo);
    expect(snapshot()).toBe(before);
    expect(profile()).toMatchObject({ manualContacts: ['2026-02-01'], checkInSnoozedUntil: '2026-03-02' });
  });

  it('Done twice on one day, Undo once: the day still counts (it did before the second Done)', () => {
    const { ws, sam, profile } = setup();
    markCheckedIn(ws, sam.id, '2026-02-20');
    const undo = markCheckedIn(ws, sam.id, '2026-02-20');
    expect(undo.hadDay).toBe(true);
    unmarkCheckedIn(ws, sam.id, undo);
    expect(profile().manualContacts).toEqual(['2026-02-20']);
  });

  it('Snooze, then Undo: the previous snooze (or none) is back; a newer snooze is left alone', () => {
    const { ws, sam, profile, snapshot } = setup();
    const none = snapshot();
    const prev1 = snoozeCheckIn(ws, sam.id, '2026-03-01');
    expect(prev1).toBeNull();
    unsnoozeCheckIn(ws, sam.id, '2026-03-01', prev1);
    expect(snapshot()).toBe(none);

    snoozeCheckIn(ws, sam.id, '2026-03-01');
    const prev2 = snoozeCheckIn(ws, sam.id, '2026-04-01');
    expect(prev2).toBe('2026-03-01');
    unsnoozeCheckIn(ws, sam.id, '2026-04-01', prev2);
    expect(profile().checkInSnoozedUntil).toBe('2026-03-01');

    const prev3 = snoozeCheckIn(ws, sam.id, '2026-05-01');
    snoozeCheckIn(ws, sam.id, '2026-06-01'); // changed again before Undo
    unsnoozeCheckIn(ws, sam.id, '2026-05-01', prev3);
    expect(profile().checkInSnoozedUntil).toBe('2026-06-01');
    expect(() => unsnoozeCheckIn(ws, sam.id, '2026-06-01', 'soon')).toThrow(/not a calendar date/);
  });

  it('a dismissed date comes back on Undo, only that occurrence', () => {
    const { ws, sam } = setup();
    const dateId = addImportantDate(ws, sam.id, { label: 'birthday', month: 12, day: 14, year: null });
    dismissDate(ws, sam.id, dateId, '2025-12-14');
    dismissDate(ws, sam.id, dateId, '2026-12-14');
    undismissDate(ws, sam.id, dateId, '2026-12-14');
    expect([...dismissedDates(ws)]).toEqual([`${sam.id}:${dateId}:2025-12-14`]);
  });

  it('undo syncs: the inverse on one device reaches another like any edit', () => {
    const { ws, sam } = setup();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ws));
    const undo = markCheckedIn(ws, sam.id, '2026-02-20');
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ws));
    unmarkCheckedIn(ws, sam.id, undo);
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ws));
    expect(readCareProfile(sam.id, peopleMap(other).get(sam.id)!).manualContacts).toEqual([]);
  });

  it('refuses an unknown person and changes nothing', () => {
    const { ws } = setup();
    expect(() => unmarkCheckedIn(ws, 'person-nobody', { day: '2026-02-20', hadDay: false, snoozedUntil: null })).toThrow(/No person/);
  });
});
