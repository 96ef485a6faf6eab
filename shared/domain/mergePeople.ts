import * as Y from 'yjs';
import { excerpt, limitField, normalizeName } from './fieldLimits';
import { randomId } from './ids';
import { resolveMerged, trashStateOf } from './trashState';
import { pagesMap, peopleMap, PERSON_SET_FIELDS } from './workspace';

/**
 * Merging two people (typically duplicates from an import): everything authored about `drop`
 * moves onto `keep`, and `drop` stays in the workspace as a record with `mergedInto = keep`, so
 * a mention of `drop` anywhere — also one written on a device that had not seen the merge yet —
 * resolves to `keep` (trashState.ts `resolveMerged`).
 *
 * Set fields (dates, interests, days checked in, imported identifiers) are *moved*: copied to
 * `keep` and deleted from `drop`. That makes `settleMergedPeople` safe to run any time: what is
 * still on a merged record was added there concurrently (another device, before it saw the
 * merge) and moves over too, while something the user later removed from `keep` is not brought
 * back from `drop`.
 *
 * Names: the user picks the name that stays; every other name of the two becomes a former name
 * (`formerNames`, a set on the survivor) so search and the vault export (`aliases`) still find
 * the person by it.
 *
 * Page content (mentions in page docs, `drop`'s own page) is the host's job
 * (electron/services/merge); this module touches only the workspace doc.
 */
type Rec = Y.Map<unknown>;

export interface MergeRequest {
  keep: string;
  drop: string;
}

export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

/** What a merge will move (shown before the user confirms), from the workspace alone. */
export interface MergePlan {
  keep: string;
  drop: string;
  keepName: string;
  dropName: string;
  /** `drop`'s dates that `keep` does not have yet (same month, day and label count as one). */
  dates: number;
  interests: number;
  /** `drop` has a "how we met" text (or introducer) that moves or is added. */
  howWeMet: boolean;
  /** `drop`'s check-in cadence is taken because `keep` has none. */
  checkIn: boolean;
  /** Introduction notes and "introduced by" fields that point at `drop`. */
  introductions: number;
  /** `drop` was merged into `keep` before: nothing left to do in the workspace. */
  alreadyMerged: boolean;
}

const FORMER_NAMES = 'formerNames';

function recordOf(ws: Y.Doc, id: string, role: string): Rec {
  const rec = peopleMap(ws).get(id);
  if (!(rec instanceof Y.Map)) throw new MergeError(`No person with id "${excerpt(id)}" (${role}).`);
  return rec;
}

function str(rec: Rec, key: string): string {
  const v = rec.get(key);
  return typeof v === 'string' ? v : '';
}

function nested(rec: Rec, key: string): Y.Map<unknown> | null {
  const v = rec.get(key);
  return v instanceof Y.Map ? (v as Y.Map<unknown>) : null;
}

function ensureNested(rec: Rec, key: string): Y.Map<unknown> {
  const existing = nested(rec, key);
  if (existing) return existing;
  const map = new Y.Map<unknown>();
  rec.set(key, map);
  return map;
}

interface DateValue {
  label?: unknown;
  month?: unknown;
  day?: unknown;
  year?: unknown;
}

function dateKey(v: unknown): string | null {
  const d = v as DateValue | null;
  if (!d || typeof d.month !== 'number' || typeof d.day !== 'number') return null;
  const label = typeof d.label === 'string' ? d.label.trim().toLocaleLowerCase() : '';
  return `${d.month}-${d.day}-${label}`;
}

/** Checks the request against the workspace and says what a merge would move. Writes nothing. */
export function planMerge(ws: Y.Doc, { keep, drop }: MergeRequest): MergePlan {
  if (keep === drop) throw new MergeError('Choose two different people to merge.');
  const people = peopleMap(ws);
  const keepRec = recordOf(ws, keep, 'the one to keep');
  const dropRec = recordOf(ws, drop, 'the one to merge in');
  const keepState = trashStateOf(keepRec);
  const dropState = trashStateOf(dropRec);
  const alreadyMerged = dropState.state === 'merged' && resolveMerged(people, drop) === keep;
  if (!alreadyMerged) {
    if (keepState.state !== 'live') throw new MergeError(`${str(keepRec, 'name') || 'That person'} is ${stateWords(keepState.state)}; restore them first.`);
    if (dropState.state !== 'live') throw new MergeError(`${str(dropRec, 'name') || 'That person'} is ${stateWords(dropState.state)}; restore them first.`);
  }
  const keepDates = new Set<string>();
  nested(keepRec, 'dates')?.forEach((v) => {
    const k = dateKey(v);
    if (k) keepDates.add(k);
  });
  let dates = 0;
  nested(dropRec, 'dates')?.forEach((v) => {
    const k = dateKey(v);
    if (k && !keepDates.has(k)) {
      keepDates.add(k);
      dates++;
    }
  });
  let interests = 0;
  const keepInterests = nested(keepRec, 'interests');
  nested(dropRec, 'interests')?.forEach((_v, key) => {
    if (!keepInterests?.has(key)) interests++;
  });
  let introductions = 0;
  people.forEach((rec, id) => {
    if (id !== drop && rec instanceof Y.Map && rec.get('introducedBy') === drop) introductions++;
  });
  pagesMap(ws).forEach((rec) => {
    const intro = rec instanceof Y.Map ? (rec.get('introduction') as { a?: unknown; b?: unknown } | undefined) : undefined;
    if (intro && typeof intro === 'object' && (intro.a === drop || intro.b === drop)) introductions++;
  });
  return {
    keep,
    drop,
    keepName: str(keepRec, 'name'),
    dropName: str(dropRec, 'name'),
    dates: alreadyMerged ? 0 : dates,
    interests: alreadyMerged ? 0 : interests,
    howWeMet: !alreadyMerged && (str(dropRec, 'howWeMet').trim() !== '' || (str(dropRec, 'introducedBy') !== '' && !str(keepRec, 'introducedBy'))),
    checkIn: !alreadyMerged && dropRec.get('checkIn') !== undefined && keepRec.get('checkIn') === undefined,
    introductions,
    alreadyMerged,
  };
}

function stateWords(state: string): string {
  return state === 'trashed' ? 'in Trash' : state === 'purged' ? 'deleted' : 'already merged into someone else';
}

/**
 * Merges `drop` into `keep` in ONE transaction (pass `origin` to tag it), `keep` named `name`
 * afterwards (one of the two names, or a corrected one). Returns the plan it carried out.
 * Merging a person already merged into `keep` changes nothing (re-running a merge is safe).
 */
export function mergePeopleInWorkspace(ws: Y.Doc, req: MergeRequest & { name: string }, now: number, origin: unknown = null): MergePlan {
  const plan = planMerge(ws, req);
  const name = normalizeName(req.name);
  if (!name) throw new MergeError('The merged person needs a name.');
  if (plan.alreadyMerged) return plan;
  const { keep, drop } = req;
  const keepRec = recordOf(ws, keep, 'the one to keep');
  const dropRec = recordOf(ws, drop, 'the one to merge in');
  ws.transact(() => {
    moveSetFields(ws, dropRec, keepRec, keep, drop);
    // Care fields: what `keep` has stays; what only `drop` has comes over.
    if (keepRec.get('checkIn') === undefined && dropRec.get('checkIn') !== undefined) {
      keepRec.set('checkIn', dropRec.get('checkIn'));
      const snooze = dropRec.get('checkInSnoozedUntil');
      if (snooze !== undefined) keepRec.set('checkInSnoozedUntil', snooze);
    }
    const keepMet = str(keepRec, 'howWeMet').trim();
    const dropMet = str(dropRec, 'howWeMet').trim();
    if (dropMet && dropMet !== keepMet) {
      keepRec.set('howWeMet', limitField('howWeMet', keepMet ? `${keepMet}\n\n${dropMet}` : dropMet).value);
    }
    const introducer = str(keepRec, 'introducedBy') || str(dropRec, 'introducedBy');
    if (introducer && introducer !== keep && introducer !== drop) {
      if (keepRec.get('introducedBy') !== introducer) keepRec.set('introducedBy', introducer);
    } else if (keepRec.get('introducedBy') !== undefined) keepRec.delete('introducedBy');
    // Everyone else's "introduced by" and every introduction note now point at `keep`.
    peopleMap(ws).forEach((rec, id) => {
      if (id === drop || !(rec instanceof Y.Map) || rec.get('introducedBy') !== drop) return;
      if (id === keep) rec.delete('introducedBy');
      else rec.set('introducedBy', keep);
    });
    pagesMap(ws).forEach((rec) => {
      if (!(rec instanceof Y.Map)) return;
      const intro = rec.get('introduction') as { a?: unknown; b?: unknown; why?: unknown } | undefined;
      if (!intro || typeof intro !== 'object' || (intro.a !== drop && intro.b !== drop)) return;
      rec.set('introduction', { ...intro, a: intro.a === drop ? keep : intro.a, b: intro.b === drop ? keep : intro.b });
    });
    // Names: the chosen one stays; the others are remembered.
    const former = ensureNested(keepRec, FORMER_NAMES);
    for (const n of [plan.keepName, plan.dropName, ...readSet(nested(dropRec, FORMER_NAMES))]) {
      if (n && n !== name && former.get(n) !== true) former.set(n, true);
    }
    if (former.has(name)) former.delete(name);
    if (keepRec.get('name') !== name) keepRec.set('name', name);
    dropRec.set('mergedInto', keep);
    dropRec.set('mergedAt', now);
    // Their own page record is merged too, so page lists that read trashStateOf skip it.
    const dropPage = pagesMap(ws).get(drop);
    if (dropPage instanceof Y.Map) dropPage.set('mergedInto', keep);
  }, origin);
  return plan;
}

function readSet(map: Y.Map<unknown> | null): string[] {
  const out: string[] = [];
  map?.forEach((v, k) => v === true && out.push(k));
  return out;
}

/** Moves dates, interests, days checked in and identifiers from `from` to `to` (see above). */
function moveSetFields(ws: Y.Doc, from: Rec, to: Rec, toId: string, fromId: string): boolean {
  let changed = false;
  for (const field of PERSON_SET_FIELDS) {
    const src = nested(from, field);
    if (!src || src.size === 0) continue;
    const dst = ensureNested(to, field);
    const moved: string[] = [];
    if (field === 'dates') {
      const byKey = new Map<string, string>();
      dst.forEach((v, id) => {
        const k = dateKey(v);
        if (k) byKey.set(k, id);
      });
      const done = ws.getMap<unknown>('datesDone');
      src.forEach((v, id) => {
        const k = dateKey(v);
        if (!k) return; // unreadable: left where it is rather than dropped
        moved.push(id);
        const same = byKey.get(k);
        let targetId = same ?? id;
        if (same) {
          // Same day and label: one date; the year comes over when `keep` did not know it.
          const kept = dst.get(same) as DateValue;
          const year = (v as DateValue).year;
          if (typeof year === 'number' && typeof kept.year !== 'number') dst.set(same, { ...kept, year });
        } else {
          if (dst.has(id) && dateKey(dst.get(id)) !== k) targetId = `date-${randomId(8)}`;
          dst.set(targetId, v);
          byKey.set(k, targetId);
        }
        // A birthday already set aside this year stays set aside.
        const prefix = `${fromId}:${id}:`;
        done.forEach((_d, key) => {
          if (key.startsWith(prefix)) done.set(`${toId}:${targetId}:${key.slice(prefix.length)}`, true);
        });
      });
    } else {
      src.forEach((v, key) => {
        moved.push(key);
        if (!dst.has(key)) dst.set(key, v);
      });
    }
    for (const key of moved) src.delete(key);
    if (moved.length > 0) changed = true;
  }
  return changed;
}

/**
 * Moves what is still on merged records onto their survivors: entries added to a person on a
 * device that had not seen the merge yet. Idempotent and safe on every device at once (the same
 * keys and values land on the survivor). Returns how many merged records had something to move.
 */
export function settleMergedPeople(ws: Y.Doc, origin: unknown = null): number {
  const people = peopleMap(ws);
  let moved = 0;
  ws.transact(() => {
    people.forEach((rec, id) => {
      if (!(rec instanceof Y.Map) || trashStateOf(rec).state !== 'merged') return;
      if (!PERSON_SET_FIELDS.some((f) => (nested(rec, f)?.size ?? 0) > 0)) return; // the usual case: nothing left
      const into = resolveMerged(people, id);
      const target = people.get(into);
      if (into === id || !(target instanceof Y.Map)) return;
      if (moveSetFields(ws, rec, target, into, id)) moved++;
    });
  }, origin);
  return moved;
}

/** Names a person was known by before merges (newest merges included), without the current one. */
export function formerNamesOf(ws: Y.Doc, personId: string): string[] {
  const people = peopleMap(ws);
  const rec = people.get(personId);
  if (!(rec instanceof Y.Map)) return [];
  const current = str(rec, 'name');
  const names = new Set(readSet(nested(rec, FORMER_NAMES)));
  // People merged into this one on a device whose merge has not reached us in full.
  people.forEach((other, id) => {
    if (id !== personId && other instanceof Y.Map && trashStateOf(other).state === 'merged' && resolveMerged(people, id) === personId) {
      const n = str(other, 'name');
      if (n) names.add(n);
    }
  });
  names.delete(current);
  return [...names].sort((a, b) => a.localeCompare(b));
}

/**
 * `formerNamesOf` for everyone at once, in one pass over people (an export of thousands of
 * people must not scan everyone per person). Only people with a former name are in the map.
 */
export function formerNamesByPerson(ws: Y.Doc): Map<string, string[]> {
  const people = peopleMap(ws);
  const found = new Map<string, Set<string>>();
  const add = (id: string, name: string): void => {
    if (!name) return;
    let set = found.get(id);
    if (!set) found.set(id, (set = new Set()));
    set.add(name);
  };
  people.forEach((rec, id) => {
    if (!(rec instanceof Y.Map)) return;
    for (const n of readSet(nested(rec, FORMER_NAMES))) add(id, n);
    if (trashStateOf(rec).state === 'merged') {
      const into = resolveMerged(people, id);
      if (into !== id) add(into, str(rec, 'name'));
    }
  });
  const out = new Map<string, string[]>();
  for (const [id, names] of found) {
    const rec = people.get(id);
    names.delete(rec instanceof Y.Map ? str(rec, 'name') : '');
    if (names.size > 0) out.set(id, [...names].sort((a, b) => a.localeCompare(b)));
  }
  return out;
}
