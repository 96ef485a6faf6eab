import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FIELD_LIMITS } from '../domain/fieldLimits';
import { createPerson, peopleMap } from '../domain/workspace';
import {
  addImportantDate,
  addInterest,
  dismissDate,
  dismissedDates,
  followUpOverrides,
  markCheckedIn,
  readCareProfile,
  readCareSettings,
  removeInterest,
  setCareSetting,
  setCheckIn,
  setFollowUpDue,
  setHowWeMet,
  snoozeCheckIn,
} from './careStore';

const stamp = { now: 1, deviceId: 'dev-a' };

function setup() {
  const ws = new Y.Doc();
  const maria = createPerson(ws, 'Maria', '2026-01-01', stamp);
  const sam = createPerson(ws, 'Sam', '2026-01-01', stamp);
  const profile = (id = maria.id) => readCareProfile(id, peopleMap(ws).get(id)!);
  return { ws, maria, sam, profile };
}

describe('care data in the person record', () => {
  it('starts with nothing set', () => {
    const { profile, maria } = setup();
    expect(profile()).toMatchObject({ personId: maria.id, name: 'Maria', dates: [], checkIn: null, interests: [], howWeMet: '', introducedBy: null });
  });

  it('stores a cadence that counts from the day it was set, and keeps that day when changed', () => {
    const { ws, maria, profile } = setup();
    setCheckIn(ws, maria.id, { every: 2, unit: 'weeks' }, '2026-03-01');
    setCheckIn(ws, maria.id, { every: 3, unit: 'weeks' }, '2026-03-10');
    expect(profile().checkIn).toEqual({ every: 3, unit: 'weeks', since: '2026-03-01' });
    expect(() => setCheckIn(ws, maria.id, { every: 0, unit: 'days' }, '2026-03-10')).toThrow(/1 to 365/);
    snoozeCheckIn(ws, maria.id, '2026-04-01');
    expect(profile().checkInSnoozedUntil).toBe('2026-04-01');
    markCheckedIn(ws, maria.id, '2026-03-20');
    expect(profile()).toMatchObject({ manualContacts: ['2026-03-20'], checkInSnoozedUntil: null });
    setCheckIn(ws, maria.id, null, '2026-03-21');
    expect(profile().checkIn).toBeNull();
  });

  it('keeps dates and interests as sets that merge across devices', () => {
    const a = setup();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.ws));
    addImportantDate(a.ws, a.maria.id, { label: 'birthday', month: 3, day: 14, year: null });
    addInterest(a.ws, a.maria.id, 'Pottery');
    addImportantDate(b, a.maria.id, { label: 'wedding anniversary', month: 6, day: 2, year: 2019 });
    addInterest(b, a.maria.id, '  sourdough   bread ');
    Y.applyUpdate(a.ws, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.ws));
    const p = a.profile();
    expect(p.dates.map((d) => d.label)).toEqual(['birthday', 'wedding anniversary']);
    expect(p.interests).toEqual(['Pottery', 'sourdough bread']);
    expect(readCareProfile(a.maria.id, peopleMap(b).get(a.maria.id)!).interests).toEqual(p.interests);
    addInterest(a.ws, a.maria.id, 'pottery');
    expect(a.profile().interests).toHaveLength(2);
    removeInterest(a.ws, a.maria.id, 'POTTERY');
    expect(a.profile().interests).toEqual(['sourdough bread']);
    expect(() => addInterest(a.ws, a.maria.id, '   ')).toThrow();
  });

  it('bounds every care field it saves (date labels, interests, how we met)', () => {
    const { ws, maria, profile } = setup();
    addImportantDate(ws, maria.id, { label: ','.repeat(20_000), month: 3, day: 14, year: null });
    addInterest(ws, maria.id, 'j'.repeat(50_000));
    setHowWeMet(ws, maria.id, { text: 'm'.repeat(1_000_000) });
    const p = profile();
    expect(p.dates[0]!.label).toHaveLength(FIELD_LIMITS.dateLabel);
    expect(p.interests[0]).toHaveLength(FIELD_LIMITS.interest);
    expect(p.howWeMet).toHaveLength(FIELD_LIMITS.howWeMet);
    // Labels and tags are shown next to names (lists, reminders): no direction overrides either.
    addImportantDate(ws, maria.id, { label: '\u202Eyadhtrib', month: 1, day: 2, year: null });
    addInterest(ws, maria.id, 'jazz\u202D');
    expect(profile().dates.map((d) => d.label)).toContain('yadhtrib');
    expect(profile().interests).toContain('jazz');
  });

  it('records how we met and who introduced us, never oneself', () => {
    const { ws, maria, sam, profile } = setup();
    setHowWeMet(ws, maria.id, { text: 'Pottery class, 2019', introducedBy: sam.id });
    expect(profile()).toMatchObject({ howWeMet: 'Pottery class, 2019', introducedBy: sam.id });
    expect(() => setHowWeMet(ws, maria.id, { introducedBy: maria.id })).toThrow(/themselves/);
    setHowWeMet(ws, maria.id, { introducedBy: null });
    expect(profile().introducedBy).toBeNull();
  });

  it('ignores malformed care fields from a buggy device', () => {
    const { ws, maria, profile } = setup();
    const rec = peopleMap(ws).get(maria.id)!;
    rec.set('checkIn', { every: 'often', unit: 'weeks', since: '2026-01-01' });
    rec.set('dates', 'not a map');
    rec.set('checkInSnoozedUntil', 'soon');
    expect(profile()).toMatchObject({ checkIn: null, dates: [], checkInSnoozedUntil: null });
  });
});

describe('workspace-wide care data', () => {
  it('keeps hand-set follow-up due dates, dismissed dates and settings', () => {
    const { ws, maria } = setup();
    setFollowUpDue(ws, 'note-1:abc', '2026-05-01');
    expect(followUpOverrides(ws)).toEqual({ 'note-1:abc': { due: '2026-05-01' } });
    setFollowUpDue(ws, 'note-1:abc', undefined);
    expect(followUpOverrides(ws)).toEqual({ 'note-1:abc': {} });
    expect(() => setFollowUpDue(ws, 'k', 'next week')).toThrow();
    dismissDate(ws, maria.id, 'date-1', '2026-03-14');
    expect(dismissedDates(ws).has(`${maria.id}:date-1:2026-03-14`)).toBe(true);
    expect(readCareSettings(ws)).toEqual({ listeningPrompts: true, notifyAt: '09:00' });
    setCareSetting(ws, 'listeningPrompts', false);
    setCareSetting(ws, 'notifyAt', null);
    expect(readCareSettings(ws)).toEqual({ listeningPrompts: false, notifyAt: null });
    expect(() => setCareSetting(ws, 'notifyAt', '25:00')).toThrow(/time of day/);
  });
});
