/**
 * Caring for relationships (issue 6): the shapes of what Kindred remembers about keeping in
 * touch. All dates are local calendar days, YYYY-MM-DD. Nothing here scores or ranks a person.
 */

export type CadenceUnit = 'days' | 'weeks' | 'months';

/** "Check in every N units". `since` is the day it was set: with no contact yet, it counts from then. */
export interface CheckInCadence {
  every: number;
  unit: CadenceUnit;
  since: string;
}

/** A date that matters to someone: a birthday, an anniversary. The year is optional. */
export interface ImportantDate {
  id: string;
  label: string;
  month: number; // 1–12
  day: number; // 1–31
  year: number | null;
}

/** What the person page and Reach out need about one person, read from the workspace. */
export interface CareProfile {
  personId: string;
  name: string;
  createdAt: number;
  dates: ImportantDate[];
  checkIn: CheckInCadence | null;
  /** A check-in snoozed until this day (inclusive of that day being due again). */
  checkInSnoozedUntil: string | null;
  /** Days the user marked a check-in "Done" without writing a note; they count as contact. */
  manualContacts: string[];
  interests: string[];
  howWeMet: string;
  introducedBy: string | null;
}

/** A checklist item that mentions people: something promised or worth doing for them. */
export interface FollowUp {
  /** Stable across edits elsewhere on the page: page id + a hash of the item's text (+ occurrence). */
  key: string;
  pageId: string;
  pageDate: string;
  /** Item text with mentions written as "@Name" (for display), without changing the note. */
  text: string;
  personIds: string[];
  checked: boolean;
  /** Parsed from the item's words relative to the page's date, or set by hand; null if none. */
  due: string | null;
}

export type ReachOutItem =
  | {
      kind: 'checkIn';
      personId: string;
      dueDate: string;
      /** Whole days past due (0 = due today). */
      overdueDays: number;
      lastContact: string | null;
    }
  | {
      kind: 'date';
      personId: string;
      dateId: string;
      label: string;
      /** The next occurrence, within the look-ahead window. */
      on: string;
      inDays: number;
      /** Age or years since, when the year is known ("turns 40", "7 years"). */
      years: number | null;
    }
  | {
      kind: 'followUp';
      followUp: FollowUp;
    };
