/**
 * The birthday calendar export (issue 13, item 3): the journal's important dates and check-ins
 * due, as an .ics file calendar apps import.
 *
 * Reads only the workspace doc (people, dates, cadences, page kinds and dates) and the derived
 * index's per-page contacts, never a page's text and never every page doc: at 10k pages the
 * index answers in a few pages of 5,000. Without an index at hand (the CLI over a closed
 * journal), one is started over the store, brought up to date and closed again; that is the
 * app's own index, persisted in the store, so later starts only catch up.
 */
import * as Y from 'yjs';
import { toLocalISODate } from '../../../shared/domain/dates';
import { pagesMap, readPageRecord, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { isLive } from '../../../shared/domain/trashState';
import type { PageMetaLike } from '../../../shared/care/cadence';
import { startDerivedIndex } from '../derived';
import type { DerivedIndex } from '../derived';
import { writeFileAtomic } from '../desktop/atomicFile';
import type { JournalStore } from '../store/types';
import { calendarEvents, readProfiles } from './calendarEvents';
import { icsCalendar } from './icsCalendar';

export interface ExportCalendarOptions {
  /** The export time (ms): DTSTAMP and "today" for check-ins. Injected, so tests are exact. */
  now: number;
  /** The running app's derived index; when absent one is started over `store` and closed after. */
  derived?: Pick<DerivedIndex, 'pages'>;
  /** "Today" as the user's calendar day; defaults to the local date of `now`. */
  today?: string;
  signal?: AbortSignal;
}

export interface CalendarExport {
  ics: string;
  dates: number;
  checkIns: number;
  /** Stored dates that are not real days, left out (none unless a record is damaged). */
  skippedDates: number;
}

const FACTS_PAGE = 5_000;

/** The calendar as text. Changes nothing in the journal (the derived index may catch up). */
export async function exportCalendar(store: JournalStore, options: ExportCalendarOptions): Promise<string> {
  return (await buildCalendarExport(store, options)).ics;
}

/** The calendar with counts (for the CLI's and the app's "Exported 12 dates and 3 check-ins"). */
export async function buildCalendarExport(store: JournalStore, options: ExportCalendarOptions): Promise<CalendarExport> {
  const { now, signal } = options;
  if (!Number.isFinite(now)) throw new Error('The export time is not a valid time.');
  const today = options.today ?? toLocalISODate(new Date(now));
  signal?.throwIfAborted();
  const ws = new Y.Doc({ guid: WORKSPACE_DOC_ID });
  try {
    const bytes = await store.getUpdate(WORKSPACE_DOC_ID);
    if (bytes) Y.applyUpdate(ws, bytes);
    const profiles = readProfiles(ws);
    const withCadence = new Set(profiles.filter((p) => p.checkIn).map((p) => p.personId));
    // Contacts only matter for people with a cadence: no cadence, no index to read.
    const contacts = withCadence.size > 0 ? await pageContacts(store, options.derived, withCadence, signal) : new Map<string, string[]>();
    signal?.throwIfAborted();
    const pages: PageMetaLike[] = [];
    pagesMap(ws).forEach((rec, id) => {
      const found = contacts.get(id);
      if (!found) return;
      const record = readPageRecord(id, rec);
      // A conversation in Trash no longer counts as the last time you talked.
      if (record && isLive(rec)) pages.push({ id, kind: record.kind, date: record.date, contacts: found });
    });
    const { events, skippedDates } = calendarEvents(profiles, pages, today);
    return {
      ics: icsCalendar(events, now),
      dates: events.filter((e) => e.kind === 'date').length,
      checkIns: events.filter((e) => e.kind === 'checkIn').length,
      skippedDates,
    };
  } finally {
    ws.destroy();
  }
}

/** Page id → the people (with a cadence) it counts as contact with; pages with none are left out. */
async function pageContacts(
  store: JournalStore,
  given: Pick<DerivedIndex, 'pages'> | undefined,
  people: ReadonlySet<string>,
  signal: AbortSignal | undefined,
): Promise<Map<string, string[]>> {
  let index: Pick<DerivedIndex, 'pages'> = given!;
  let close: (() => Promise<void>) | null = null;
  if (!given) {
    const running = await startDerivedIndex(store, { log: () => undefined });
    close = () => running.close();
    index = running;
    await running.idle();
  }
  try {
    const out = new Map<string, string[]>();
    let after: string | undefined;
    for (;;) {
      signal?.throwIfAborted();
      const { pages, next } = await index.pages(after, FACTS_PAGE);
      for (const [pageId, facts] of pages) {
        const mine = facts.contacts.filter((id) => people.has(id));
        if (mine.length > 0) out.set(pageId, mine);
      }
      if (next === null) break;
      after = next;
    }
    return out;
  } finally {
    await close?.();
  }
}

/**
 * Writes the calendar to `file` atomically (a temp file renamed over it): a failure or a
 * cancel leaves the old file, or none, never half a calendar.
 */
export async function writeCalendar(store: JournalStore, file: string, options: ExportCalendarOptions): Promise<CalendarExport> {
  const result = await buildCalendarExport(store, options);
  options.signal?.throwIfAborted();
  await writeFileAtomic(file, result.ics, 0o600);
  return result;
}
