import { toLocalISODate } from '../../shared/domain/dates';
import { createConversation, createPerson, ensureJournalPage, renamePerson } from '../../shared/domain/workspace';
import type { AppServices } from './AppServices';

/** What the UI dispatches. Each is a thin call into shared/domain with the app's clock and device. */
export function stamp(s: AppServices): { now: number; deviceId: string } {
  return { now: s.now().getTime(), deviceId: s.deviceId };
}

export function today(s: AppServices): string {
  return toLocalISODate(s.now());
}

export function openDay(s: AppServices, date: string): string {
  return ensureJournalPage(s.ws, date, stamp(s));
}

export function addPerson(s: AppServices, name: string): string {
  return createPerson(s.ws, name, today(s), stamp(s)).id;
}

export function newConversation(s: AppServices, date: string, place = ''): string {
  return createConversation(s.ws, date, place, stamp(s));
}

export function rename(s: AppServices, personId: string, name: string): void {
  renamePerson(s.ws, personId, name);
}
