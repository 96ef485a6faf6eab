import { toLocalISODate } from '../../shared/domain/dates';
import { createPerson } from '../../shared/domain/workspace';
import type { AppServices } from './AppServices';

/** What the UI dispatches. Each is a thin call into shared/domain with the app's clock and device. */
export function stamp(s: AppServices): { now: number; deviceId: string } {
  return { now: s.now().getTime(), deviceId: s.deviceId };
}

export function today(s: AppServices): string {
  return toLocalISODate(s.now());
}

export function addPerson(s: AppServices, name: string): string {
  return createPerson(s.ws, name, today(s), stamp(s)).id;
}

