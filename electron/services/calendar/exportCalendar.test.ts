/**
 * The calendar export over a real LevelDB store: parsed by ical.js (every event, Feb 29 and
 * year-less expansion 2025–2029), checked against the RFC rules ical.js lets through
 * (icsCheck.testkit.ts), and held to its promises: UIDs survive renames and re-exports, equal
 * data and clock give equal bytes, no note text or place leaks, no page doc is opened.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addImportantDate, setCheckIn } from '../../../shared/care/careStore';
import { toLocalISODate } from '../../../shared/domain/dates';
import { createConversation, createPerson, ensureJournalPage, peopleMap, renamePerson, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { pageDocWith, para } from '../../../shared/pages/pageDoc.testkit';
import { startDerivedIndex } from '../derived';
import { openLevelStore } from '../store';
import type { JournalStore } from '../store/types';
import { exportCalendar, writeCalendar } from './exportCalendar';
import { checkIcs } from './icsCheck.testkit';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0); // 2026-11-30 12:00 UTC: the same local day from UTC−11 to UTC+11
const TODAY = toLocalISODate(new Date(NOW));
const STAMP = { now: NOW, deviceId: 'device-a' };
const SECRET = 'SECRET-NOTE-TEXT the surprise party';
const SECRET_PLACE = 'Secret Café hideout';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kindred-ics-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function openStore(): Promise<JournalStore> {
  const store = await openLevelStore(join(await tempDir(), 'db'));
  cleanups.push(() => store.close());
  return store;
}

interface Seeded {
  ws: Y.Doc;
  ids: Record<'maria' | 'leap' | 'hostile' | 'long' | 'quiet', string>;
  updates: [string, Uint8Array][];
}

/** A small journal: dated, year-less and Feb 29 dates, a cadence with contact, hostile names. */
async function seed(store: JournalStore): Promise<Seeded> {
  const ws = new Y.Doc({ guid: WORKSPACE_DOC_ID });
  const maria = createPerson(ws, 'Maria', '2026-01-01', STAMP).id;
  addImportantDate(ws, maria, { label: 'birthday', month: 3, day: 14, year: 1986 });
  addImportantDate(ws, maria, { label: 'wedding anniversary', month: 6, day: 2, year: 2019 });
  setCheckIn(ws, maria, { every: 2, unit: 'weeks' }, '2026-10-01');
  const leap = createPerson(ws, 'Lea Leapling', '2026-01-01', STAMP).id;
  addImportantDate(ws, leap, { label: 'birthday', month: 2, day: 29, year: null });
  const hostile = createPerson(ws, 'Sam; the, builder \\ "AC/DC"', '2026-01-01', STAMP).id;
  addImportantDate(ws, hostile, { label: 'name day', month: 12, day: 6, year: null });
  setCheckIn(ws, hostile, { every: 1, unit: 'months' }, '2026-09-01'); // no contact: overdue
  const long = createPerson(ws, `Zoë ${'Åsa-Øystein 😀 '.repeat(8)}`, '2026-01-01', STAMP).id;
  addImportantDate(ws, long, { label: 'day we met', month: 7, day: 1, year: null });
  const quiet = createPerson(ws, 'Quiet', '2026-01-01', STAMP).id; // no dates, no cadence
  // A name that came in another way (a synced or imported record) with a line break in it.
  peopleMap(ws).get(long)!.set('name', `Zoë\nline two ${'Åsa-Øystein 😀 '.repeat(8)}`);
  const day = ensureJournalPage(ws, '2026-11-20', STAMP);
  const talk = createConversation(ws, '2026-11-25', SECRET_PLACE, STAMP);
  const updates: [string, Uint8Array][] = [
    [WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws)],
    [day, Y.encodeStateAsUpdate(pageDocWith(day, [para('Coffee with ', { m: maria }, `. ${SECRET}`)]))],
    // Only "talked about" Maria here: not contact, so her check-in counts from Nov 20.
    [talk, Y.encodeStateAsUpdate(pageDocWith(talk, [para('We talked about ', { m: maria, about: true }, ` ${SECRET}`)]))],
  ];
  for (const [id, u] of updates) await store.applyUpdate(id, u);
  return { ws, ids: { maria, leap, hostile, long, quiet }, updates };
}

interface ParsedEvent {
  uid: string;
  summary: string;
  start: string;
  isDate: boolean;
  recurring: boolean;
  /** Occurrences from 2025 through 2029, YYYY-MM-DD. */
  occurrences: string[];
}

function parse(ics: string): ParsedEvent[] {
  const cal = new ICAL.Component(ICAL.parse(ics));
  expect(cal.name).toBe('vcalendar');
  return cal.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    const occurrences: string[] = [];
    const it = e.iterator();
    for (let next = it.next(); next && next.year <= 2029; next = it.next()) {
      if (next.year >= 2025) occurrences.push(next.toString());
    }
    return { uid: e.uid, summary: e.summary, start: e.startDate.toString(), isDate: e.startDate.isDate, recurring: e.isRecurring(), occurrences };
  });
}

describe('exportCalendar', () => {
  it('writes every date and check-in due, valid for ical.js and for the RFC rules it does not check', async () => {
    const store = await openStore();
    const { ids } = await seed(store);
    const ics = await exportCalendar(store, { now: NOW });
    expect(checkIcs(ics).problems).toEqual([]);
    const events = parse(ics);
    const byUid = new Map(events.map((e) => [e.uid, e]));
    expect(events).toHaveLength(7); // 5 dates + 2 check-ins (Quiet has neither)
    expect(events.every((e) => e.isDate)).toBe(true);

    const birthday = events.find((e) => e.summary === 'Maria’s birthday')!;
    expect(birthday).toMatchObject({ start: '1986-03-14', recurring: true });
    expect(birthday.occurrences).toEqual(['2025-03-14', '2026-03-14', '2027-03-14', '2028-03-14', '2029-03-14']);
    const wedding = events.find((e) => e.summary === 'Maria’s wedding anniversary')!;
    expect(wedding.start).toBe('2019-06-02');

    const leap = events.find((e) => e.summary === 'Lea Leapling’s birthday')!;
    expect(leap.start).toBe('2000-02-29');
    expect(leap.occurrences).toEqual(['2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29', '2029-02-28']);

    const nameDay = events.find((e) => e.uid.startsWith(`${ids.hostile}.date.`))!;
    expect(nameDay.summary).toBe('Sam; the, builder \\ "AC/DC"’s name day'); // escaped, then read back whole
    expect(nameDay.start).toBe('2000-12-06');
    expect(nameDay.occurrences).toEqual(['2025-12-06', '2026-12-06', '2027-12-06', '2028-12-06', '2029-12-06']);

    const met = events.find((e) => e.uid.startsWith(`${ids.long}.date.`))!;
    expect(met.summary).toBe(`Zoë\nline two ${'Åsa-Øystein 😀 '.repeat(8).trim()}’s day we met`);
    expect(met.start).toBe('2000-07-01');

    // Check-ins: Maria's counts from her last contact (Nov 20, not the "talked about" Nov 25).
    const mariaCheckIn = byUid.get(`${ids.maria}.check-in@kindred`)!;
    expect(mariaCheckIn).toMatchObject({ summary: 'Check in with Maria', start: '2026-12-04', recurring: false, occurrences: ['2026-12-04'] });
    // Sam's has been due since Oct 1: it is on the export day.
    expect(byUid.get(`${ids.hostile}.check-in@kindred`)).toMatchObject({ start: TODAY, recurring: false });
    expect(events.some((e) => e.uid.startsWith(ids.quiet))).toBe(false);
  });

  it('says no age and leaks no note text, place or cadence', async () => {
    const store = await openStore();
    await seed(store);
    const ics = await exportCalendar(store, { now: NOW });
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).not.toContain('SECRET');
    expect(unfolded).not.toContain('Secret');
    expect(unfolded).not.toMatch(/turns|years|\b40\b|DESCRIPTION|LOCATION|weeks|months/i);
  });

  it('keeps every UID across a rename, another export and another device; a removed date is gone', async () => {
    const store = await openStore();
    const { ws, ids, updates } = await seed(store);
    const before = parse(await exportCalendar(store, { now: NOW }));
    const sv = Y.encodeStateVector(ws);
    renamePerson(ws, ids.maria, 'Maria Olsen');
    const dateIds = [...(peopleMap(ws).get(ids.leap)!.get('dates') as Y.Map<unknown>).keys()];
    (peopleMap(ws).get(ids.leap)!.get('dates') as Y.Map<unknown>).delete(dateIds[0]!);
    await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws, sv));
    const after = parse(await exportCalendar(store, { now: NOW + 86_400_000 }));
    const leapUid = before.find((e) => e.summary === 'Lea Leapling’s birthday')!.uid;
    expect(after.map((e) => e.uid).sort()).toEqual(before.map((e) => e.uid).filter((u) => u !== leapUid).sort());
    const renamed = after.filter((e) => e.uid.startsWith(`${ids.maria}.`)).map((e) => e.summary).sort();
    expect(renamed).toEqual(['Check in with Maria Olsen', 'Maria Olsen’s birthday', 'Maria Olsen’s wedding anniversary']);

    // The same journal synced to a second device (updates in another order) exports the same bytes.
    const other = await openStore();
    for (const [id, u] of [...updates].reverse()) await other.applyUpdate(id, u);
    await other.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws));
    expect(await exportCalendar(other, { now: NOW })).toBe(await exportCalendar(store, { now: NOW }));
  });

  it('is byte-identical for equal data and clock, also after reopening the store; DTSTAMP is the export time', async () => {
    const dir = join(await tempDir(), 'db');
    let store = await openLevelStore(dir);
    await seed(store);
    const first = await exportCalendar(store, { now: NOW });
    expect(await exportCalendar(store, { now: NOW })).toBe(first);
    await store.close();
    store = await openLevelStore(dir);
    cleanups.push(() => store.close());
    expect(await exportCalendar(store, { now: NOW })).toBe(first);
    const stamps = first.split('\r\n').filter((l) => l.startsWith('DTSTAMP:'));
    expect(new Set(stamps)).toEqual(new Set(['DTSTAMP:20261130T120000Z']));
    const later = await exportCalendar(store, { now: NOW + 1000 });
    expect(later).not.toBe(first);
    expect(later.replace(/DTSTAMP:\S+/g, '')).toBe(first.replace(/DTSTAMP:\S+/g, ''));
  });

  it('gives a valid, empty calendar for an empty journal', async () => {
    const store = await openStore();
    const ics = await exportCalendar(store, { now: NOW });
    expect(checkIcs(ics).problems).toEqual([]);
    expect(parse(ics)).toEqual([]);
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:[^\r\n]+\r\nCALSCALE:GREGORIAN\r\n/);
  });

  it("opens no page doc when given the app's derived index (only the workspace doc is read)", async () => {
    const store = await openStore();
    const { ids } = await seed(store);
    const index = await startDerivedIndex(store, { log: () => undefined });
    cleanups.push(() => index.close());
    await index.idle();
    const read: string[] = [];
    // A wrapper that records reads: the real store answers every call.
    const watched = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'getUpdate') return (docId: string) => (read.push(docId), target.getUpdate(docId));
        const v = Reflect.get(target, key, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const ics = await exportCalendar(watched, { now: NOW, derived: index });
    expect(read).toEqual([WORKSPACE_DOC_ID]);
    expect(parse(ics).find((e) => e.uid === `${ids.maria}.check-in@kindred`)!.start).toBe('2026-12-04');
  });
});

describe('writeCalendar', () => {
  it('writes the export to the file, and a cancelled export leaves the old file and no temp file', async () => {
    const store = await openStore();
    await seed(store);
    const dir = await tempDir();
    const file = join(dir, 'kindred.ics');
    const result = await writeCalendar(store, file, { now: NOW });
    expect(result).toMatchObject({ dates: 5, checkIns: 2, skippedDates: 0 });
    expect(await readFile(file, 'utf8')).toBe(await exportCalendar(store, { now: NOW }));

    await writeFile(file, 'old calendar');
    const controller = new AbortController();
    controller.abort();
    await expect(writeCalendar(store, file, { now: NOW, signal: controller.signal })).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('old calendar');
    expect(await readdir(dir)).toEqual(['kindred.ics']);
  });
});
