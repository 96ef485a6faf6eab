import type * as Y from 'yjs';
import {
  followUpOverrides,
  isFollowUpIdKey,
  LISTENING_PROMPTS,
  moveFollowUpOverride,
  readCareSettings,
  setFollowUpCheckedInDoc,
  setFollowUpDue,
  stampFollowUpId,
  type FollowUpOverrideRecord,
} from '../../shared/care';
import { isISODate } from '../../shared/domain/dates';
import { createConversation, getPageMeta, pagesMap } from '../../shared/domain/workspace';
import type { Introduction } from '../../shared/domain/types';
import { stamp, today } from '../state/actions';
import type { AppServices } from '../state/AppServices';
import type { SeedBlock } from './seedNote';

/** What the caring features dispatch. Each writes through the same paths as typing does. */

function promptBlocks(services: AppServices): SeedBlock[] {
  if (!readCareSettings(services.ws).listeningPrompts) return [];
  return LISTENING_PROMPTS.flatMap((q): SeedBlock[] => [
    { type: 'heading', inlines: [q] },
    { type: 'paragraph', inlines: [] },
  ]);
}

async function createSeededNote(services: AppServices, blocks: SeedBlock[], date = today(services)): Promise<string> {
  const id = createConversation(services.ws, date, '', stamp(services));
  if (blocks.length > 0) {
    // The headless editor comes with the editor's chunk (loaded on demand, see PageEditor.tsx).
    const { writeSeed } = await import('./seedNote');
    await services.docs.editDoc(id, (doc) => writeSeed(doc, blocks));
  }
  return id;
}

/** A new conversation note, with the listening prompts unless they are switched off. */
export function startConversationNote(services: AppServices, date?: string): Promise<string> {
  const prompts = promptBlocks(services);
  return createSeededNote(services, prompts.length ? [{ type: 'paragraph', inlines: [] }, ...prompts] : [], date);
}

/** "Log a check-in": a dated conversation note with them, opened for writing. */
export function logCheckIn(services: AppServices, personId: string): Promise<string> {
  return createSeededNote(services, [{ type: 'paragraph', inlines: ['With ', { mention: personId }, ' '] }, ...promptBlocks(services)]);
}

/**
 * An introduction note mentioning both (as "talked about": introducing is not a conversation
 * with them), listed on both pages, optionally with a follow-up to ask how it went.
 */
export async function introduce(
  services: AppServices,
  intro: Introduction,
  askHowItWent: boolean,
): Promise<string> {
  const blocks: SeedBlock[] = [
    { type: 'paragraph', inlines: ['Introduced ', { mention: intro.a, about: true }, ' and ', { mention: intro.b, about: true }, '.'] },
  ];
  if (intro.why.trim()) blocks.push({ type: 'paragraph', inlines: [`Why they’d enjoy each other: ${intro.why.trim()}`] });
  if (askHowItWent) {
    blocks.push({
      type: 'check',
      inlines: ['Ask ', { mention: intro.a, about: true }, ' and ', { mention: intro.b, about: true }, ' how it went in 2 weeks'],
    });
  }
  const id = await createSeededNote(services, blocks);
  pagesMap(services.ws).get(id)?.set('introduction', { a: intro.a, b: intro.b, why: intro.why.trim() });
  return id;
}

/** Ticks a follow-up in its note (from a person page or Reach out). */
export async function setFollowUpChecked(services: AppServices, pageId: string, key: string, checked: boolean): Promise<boolean> {
  const meta = getPageMeta(services.ws, pageId);
  if (!meta) return false;
  return services.docs.editDoc(pageId, (doc) => setFollowUpCheckedInDoc(doc, pageId, meta.date, key, checked));
}

/**
 * Sets (or clears, or with `undefined` resets) a follow-up's due date by hand. The checklist item
 * first gets its own id (once), and the date is stored under that id, so fixing a typo in the
 * item keeps the date and removing an identical item elsewhere does not move it. A date stored
 * under the item's old key (a hash of its words) moves to the id.
 */
export async function setFollowUpDueByHand(
  services: AppServices,
  pageId: string,
  key: string,
  due: string | null | undefined,
): Promise<void> {
  if (typeof due === 'string' && !isISODate(due)) throw new Error(`"${due.slice(0, 40)}" is not a calendar date (YYYY-MM-DD).`);
  const meta = getPageMeta(services.ws, pageId);
  const idKey = meta ? await services.docs.editDoc(pageId, (doc) => stampFollowUpId(doc, pageId, meta.date, key)) : null;
  services.ws.transact(() => {
    if (idKey) moveFollowUpOverride(services.ws, key, idKey);
    setFollowUpDue(services.ws, idKey ?? key, due);
  });
}

/**
 * Moves due dates set before items had ids (keyed by a hash of the item's words) onto their
 * items' ids: each such date still applies as before, until this gives its item an id. Opens
 * only the pages that have such a date. Returns how many were moved.
 */
export async function migrateFollowUpOverrides(services: AppServices): Promise<number> {
  let moved = 0;
  for (const key of Object.keys(followUpOverrides(services.ws))) {
    if (isFollowUpIdKey(key)) continue;
    const pageId = key.slice(0, key.indexOf(':'));
    const meta = pageId ? getPageMeta(services.ws, pageId) : null;
    if (!meta) continue;
    const idKey = await services.docs.editDoc(pageId, (doc) => stampFollowUpId(doc, pageId, meta.date, key));
    if (!idKey) continue;
    moveFollowUpOverride(services.ws, key, idKey);
    moved++;
  }
  return moved;
}

/**
 * Undo of a follow-up's snooze: sets the hand-set dates the snooze changed (`before` → `after`,
 * both read with followUpOverrides) back to `before` — also the one it moved to the item's id —,
 * each only while it still holds what the snooze wrote, so a later change made elsewhere stays.
 */
export function restoreFollowUpOverrides(
  ws: Y.Doc,
  before: Readonly<Record<string, FollowUpOverrideRecord>>,
  after: Readonly<Record<string, FollowUpOverrideRecord>>,
): void {
  const now = followUpOverrides(ws);
  const map = ws.getMap<unknown>('followUpOverrides');
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  ws.transact(() => {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (same(before[key], after[key]) || !same(now[key], after[key])) continue;
      if (before[key] === undefined) map.delete(key);
      else map.set(key, before[key]);
    }
  });
}
