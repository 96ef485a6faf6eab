/** Test helpers for shared/care (not shipped). */
import type { Block } from '../pages/pageBlocks';
import type { CareProfile } from './types';

export function profile(personId: string, name: string, extra: Partial<CareProfile> = {}): CareProfile {
  return {
    personId,
    name,
    createdAt: 0,
    dates: [],
    checkIn: null,
    checkInSnoozedUntil: null,
    manualContacts: [],
    interests: [],
    howWeMet: '',
    introducedBy: null,
    ...extra,
  };
}

/** A checklist item: strings are text, `{ m: id }` a mention. */
export function item(checked: boolean, ...parts: (string | { m: string })[]): Block {
  return { type: 'listitem', checked, inlines: parts.map((p) => (typeof p === 'string' ? { text: p } : { mention: p.m })) };
}

export const NAMES: Record<string, string> = { maria: 'Maria', sam: 'Sam', may: 'May', june: 'June', ana: 'Ana' };
export const nameOf = (id: string): string => NAMES[id] ?? id;
