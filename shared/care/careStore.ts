import * as Y from 'yjs';
import { isISODate } from '../domain/dates';
import { excerpt, limitField, stripBidiControls } from '../domain/fieldLimits';
import { randomId } from '../domain/ids';
import { peopleMap } from '../domain/workspace';
import { normalizeTag, tagKey } from './interests';
import type { CadenceUnit, CareProfile, CheckInCadence, ImportantDate } from './types';

/**
 * Where caring data lives: in the person's own record of the workspace doc (so it syncs like
 * everything else, field by field), never in a side store. Nested Y.Maps keep concurrent edits
 * on two devices (a date added here, a tag there) from overwriting each other.
 */
type Rec = Y.Map<unknown>;

function person(ws: Y.Doc, personId: string): Rec {
  const rec = peopleMap(ws).get(personId);
  if (!rec) throw new Error(`No person with id "${excerpt(personId)}".`);
  return rec;
}

function childMap(rec: Rec, key: string): Y.Map<unknown> {
  const existing = rec.get(key);
  if (existing instanceof Y.Map) return existing as Y.Map<unknown>;
  const map = new Y.Map<unknown>();
  rec.set(key, map);
  return map;
}

function maybeMap(rec: Rec, key: string): Y.Map<unknown> | null {
  const v = rec.get(key);
  return v instanceof Y.Map ? (v as Y.Map<unknown>) : null;
}

export function readCareProfile(personId: string, rec: Rec): CareProfile {
  const dates: ImportantDate[] = [];
  maybeMap(rec, 'dates')?.forEach((v, id) => {
    const d = v as Partial<ImportantDate> | null;
    if (d && typeof d.month === 'number' && typeof d.day === 'number') {
      dates.push({ id, label: typeof d.label === 'string' ? d.label : '', month: d.month, day: d.day, year: typeof d.year === 'number' ? d.year : null });
    }
  });
  const interests: string[] = [];
  maybeMap(rec, 'interests')?.forEach((v) => typeof v === 'string' && interests.push(v));
  const manualContacts: string[] = [];
  maybeMap(rec, 'manualContacts')?.forEach((_v, day) => isISODate(day) && manualContacts.push(day));
  const str = (k: string): string => (typeof rec.get(k) === 'string' ? (rec.get(k) as string) : '');
  return {
    personId,
    name: str('name'),
    createdAt: typeof rec.get('createdAt') === 'number' ? (rec.get('createdAt') as number) : 0,
    dates: dates.sort((a, b) => a.month - b.month || a.day - b.day),
    checkIn: asCadence(rec.get('checkIn')),
    checkInSnoozedUntil: isISODate(str('checkInSnoozedUntil')) ? str('checkInSnoozedUntil') : null,
    manualContacts: manualContacts.sort(),
    interests: interests.sort((a, b) => a.localeCompare(b)),
    howWeMet: str('howWeMet'),
    introducedBy: str('introducedBy') || null,
  };
}

function asCadence(v: unknown): CheckInCadence | null {
  if (typeof v !== 'object' || v === null) return null;
  const c = v as Partial<CheckInCadence>;
  const units: CadenceUnit[] = ['days', 'weeks', 'months'];
  if (typeof c.every !== 'number' || !Number.isInteger(c.every) || c.every < 1) return null;
  if (!units.includes(c.unit as CadenceUnit) || typeof c.since !== 'string' || !isISODate(c.since)) return null;
  return { every: c.every, unit: c.unit as CadenceUnit, since: c.since };
}

/** `null` turns check-ins off. A new cadence counts from `today` when there was no contact yet. */
export function setCheckIn(ws: Y.Doc, personId: string, cadence: { every: number; unit: CadenceUnit } | null, today: string): void {
  const rec = person(ws, personId);
  if (cadence === null) {
    ws.transact(() => {
      rec.delete('checkIn');
      rec.delete('checkInSnoozedUntil');
    });
    return;
  }
  if (!Number.isInteger(cadence.every) || cadence.every < 1 || cadence.every > 365) {
    throw new Error('Check in every 1 to 365 days, weeks or months.');
  }
  const prev = asCadence(rec.get('checkIn'));
  rec.set('checkIn', { every: cadence.every, unit: cadence.unit, since: prev?.since ?? today });
}

export function addImportantDate(ws: Y.Doc, personId: string, date: Omit<ImportantDate, 'id'>): string {
  const id = `date-${randomId(8)}`;
  const rec = person(ws, personId);
  ws.transact(() => childMap(rec, 'dates').set(id, { label: limitField('dateLabel', stripBidiControls(date.label)).value, month: date.month, day: date.day, year: date.year }));
  return id;
}

export function removeImportantDate(ws: Y.Doc, personId: string, dateId: string): void {
  maybeMap(person(ws, personId), 'dates')?.delete(dateId);
}

export function addInterest(ws: Y.Doc, personId: string, tag: string): void {
  const display = limitField('interest', normalizeTag(stripBidiControls(tag))).value.trim();
  if (!display) throw new Error('An interest needs a word or two.');
  const rec = person(ws, personId);
  ws.transact(() => childMap(rec, 'interests').set(tagKey(display), display));
}

export function removeInterest(ws: Y.Doc, personId: string, tag: string): void {
  maybeMap(person(ws, personId), 'interests')?.delete(tagKey(tag));
}

export function setHowWeMet(ws: Y.Doc, personId: string, fields: { text?: string; introducedBy?: string | null }): void {
  const rec = person(ws, personId);
  if (fields.introducedBy === personId) throw new Error('Someone cannot introduce you to themselves.');
  ws.transact(() => {
    if (fields.text !== undefined) rec.set('howWeMet', limitField('howWeMet', fields.text).value);
    if (fields.introducedBy !== undefined) {
      if (fields.introducedBy) rec.set('introducedBy', fields.introducedBy);
      else rec.delete('introducedBy');
    }
  });
}

/** Returns the snooze it replaced (null: none), for `unsnoozeCheckIn`. */
export function snoozeCheckIn(ws: Y.Doc, personId: string, until: string): string | null {
  if (!isISODate(until)) throw new Error(`"${excerpt(until)}" is not a calendar date (YYYY-MM-DD).`);
  const rec = person(ws, personId);
  const previous = snoozeOf(rec);
  rec.set('checkInSnoozedUntil', until);
  return previous;
}

/**
 * Undo of a snooze: puts back the snooze it replaced (`previous`, null: none). Only when the
 * snooze is still the one being undone (`until`): a later change made elsewhere is kept.
 */
export function unsnoozeCheckIn(ws: Y.Doc, personId: string, until: string, previous: string | null): void {
  if (previous !== null && !isISODate(previous)) throw new Error(`"${excerpt(previous)}" is not a calendar date (YYYY-MM-DD).`);
  const rec = person(ws, personId);
  if (snoozeOf(rec) !== until) return;
  if (previous === null) rec.delete('checkInSnoozedUntil');
  else rec.set('checkInSnoozedUntil', previous);
}

function snoozeOf(rec: Rec): string | null {
  const v = rec.get('checkInSnoozedUntil');
  return typeof v === 'string' && isISODate(v) ? v : null;
}

/** What "Done" on a check-in replaced, so that Undo restores exactly that. */
export interface CheckedInBefore {
  day: string;
  /** The day already counted as contact before (then Undo leaves it). */
  hadDay: boolean;
  snoozedUntil: string | null;
}

/** "Done" on a check-in without writing a note: counts as contact that day. */
export function markCheckedIn(ws: Y.Doc, personId: string, day: string): CheckedInBefore {
  if (!isISODate(day)) throw new Error(`"${excerpt(day)}" is not a calendar date (YYYY-MM-DD).`);
  const rec = person(ws, personId);
  const before: CheckedInBefore = { day, hadDay: maybeMap(rec, 'manualContacts')?.get(day) === true, snoozedUntil: snoozeOf(rec) };
  ws.transact(() => {
    childMap(rec, 'manualContacts').set(day, true);
    rec.delete('checkInSnoozedUntil');
  });
  return before;
}

/** Undo of `markCheckedIn`: the day stops counting as contact (unless it did before), the snooze comes back. */
export function unmarkCheckedIn(ws: Y.Doc, personId: string, before: CheckedInBefore): void {
  if (!isISODate(before.day)) throw new Error(`"${excerpt(before.day)}" is not a calendar date (YYYY-MM-DD).`);
  const rec = person(ws, personId);
  ws.transact(() => {
    if (!before.hadDay) maybeMap(rec, 'manualContacts')?.delete(before.day);
    // A snooze set after the Done (elsewhere) is newer than the one Undo would restore.
    if (before.snoozedUntil !== null && snoozeOf(rec) === null) rec.set('checkInSnoozedUntil', before.snoozedUntil);
  });
}

// ---- Workspace-wide: follow-up overrides, dismissed dates, settings ----

/** A follow-up's due date set by hand (a snooze is a later due date). */
export interface FollowUpOverrideRecord {
  due?: string | null;
}

export function followUpOverrides(ws: Y.Doc): Record<string, FollowUpOverrideRecord> {
  const out: Record<string, FollowUpOverrideRecord> = {};
  ws.getMap<unknown>('followUpOverrides').forEach((v, key) => {
    if (typeof v === 'object' && v !== null) out[key] = v as FollowUpOverrideRecord;
  });
  return out;
}

/** Sets (or with `null`, clears a parsed) due date by hand; `undefined` goes back to the parsed one. */
export function setFollowUpDue(ws: Y.Doc, key: string, due: string | null | undefined): void {
  if (typeof due === 'string' && !isISODate(due)) throw new Error(`"${excerpt(due)}" is not a calendar date (YYYY-MM-DD).`);
  const map = ws.getMap<unknown>('followUpOverrides');
  const prev = (map.get(key) as FollowUpOverrideRecord | undefined) ?? {};
  const next: FollowUpOverrideRecord = { ...prev };
  if (due === undefined) delete next.due;
  else next.due = due;
  map.set(key, next);
}

/**
 * Moves what was set by hand for a follow-up from its old key (a hash of its words) to its new
 * one (its item's id). What the new key already holds wins; the old key is removed either way,
 * so the old override can no longer land on another item with the same words.
 */
export function moveFollowUpOverride(ws: Y.Doc, fromKey: string, toKey: string): void {
  if (fromKey === toKey) return;
  const map = ws.getMap<unknown>('followUpOverrides');
  const old = map.get(fromKey);
  if (old === undefined) return;
  ws.transact(() => {
    if (!map.has(toKey)) map.set(toKey, old);
    map.delete(fromKey);
  });
}

/** A date reminder ("Maria's birthday") set aside for this year's occurrence. */
export function dismissDate(ws: Y.Doc, personId: string, dateId: string, on: string): void {
  ws.getMap<unknown>('datesDone').set(`${personId}:${dateId}:${on}`, true);
}

/** Undo of `dismissDate`: the reminder is back for that occurrence. */
export function undismissDate(ws: Y.Doc, personId: string, dateId: string, on: string): void {
  ws.getMap<unknown>('datesDone').delete(`${personId}:${dateId}:${on}`);
}

export function dismissedDates(ws: Y.Doc): Set<string> {
  return new Set(ws.getMap<unknown>('datesDone').keys());
}

export interface CareSettings {
  /** Offer the reflective template in new conversation notes. */
  listeningPrompts: boolean;
  /** Local time for the daily reminder, 'HH:MM', or null for none. */
  notifyAt: string | null;
}

export const DEFAULT_CARE_SETTINGS: CareSettings = { listeningPrompts: true, notifyAt: '09:00' };

export function readCareSettings(ws: Y.Doc): CareSettings {
  const map = ws.getMap<unknown>('settings');
  const prompts = map.get('listeningPrompts');
  const notifyAt = map.get('notifyAt');
  return {
    listeningPrompts: typeof prompts === 'boolean' ? prompts : DEFAULT_CARE_SETTINGS.listeningPrompts,
    notifyAt: notifyAt === null ? null : typeof notifyAt === 'string' && /^\d{2}:\d{2}$/.test(notifyAt) ? notifyAt : DEFAULT_CARE_SETTINGS.notifyAt,
  };
}

export function setCareSetting<K extends keyof CareSettings>(ws: Y.Doc, key: K, value: CareSettings[K]): void {
  if (key === 'notifyAt' && value !== null && !/^([01]\d|2[0-3]):[0-5]\d$/.test(String(value))) {
    throw new Error('Pick a time of day like 09:00.');
  }
  ws.getMap<unknown>('settings').set(key, value);
}
