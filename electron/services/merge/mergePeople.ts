import * as Y from 'yjs';
import { MergeError, mergePeopleInWorkspace, planMerge, settleMergedPeople, type MergePlan, type MergeRequest } from '../../../shared/domain/mergePeople';
import { resolveMerged, trashStateOf } from '../../../shared/domain/trashState';
import { normalizeName, pagesMap, peopleMap, readPageRecord, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { appendCopyOf, hasContent, rewriteMentions } from '../../../shared/pages/pageWriter';
import type { DerivedIndex } from '../derived/types';
import type { JournalStore } from '../store/types';

/**
 * Merging two people on the host, in two steps:
 *
 * 1. The workspace change (mergePeopleInWorkspace) as ONE store update, origin 'merge'. A
 *    cancel before it is written leaves the journal exactly as it was.
 * 2. Tidying page content: `drop`'s own page is copied to the end of `keep`'s page (once: the
 *    copy carries a marker), then every page whose mentions name a merged person is rewritten
 *    to name the survivor. Only pages the derived index says mention them are opened.
 *
 * Step 2 is not needed for correctness — after step 1 every mention of `drop` resolves to
 * `keep` (trashState.ts) wherever it is shown — so committing step 1 first is safe, and step 2
 * may be interrupted (cancel, quit, crash) at any page. It is resumed from a local record
 * (space 'merge', written before step 1, removed when step 2 is complete) by `finishMerges`,
 * which the host runs at start-up, and re-running the same merge resumes it too. Every edit
 * goes through store.applyUpdate, so windows that have a page open get it live.
 */
export const MERGE_ORIGIN = 'merge';
export const MERGE_SPACE = 'merge';

export interface MergeProgress {
  phase: 'people' | 'pages';
  done: number;
  total: number;
}

export interface MergePreview extends MergePlan {
  /** Journal days and conversation notes that mention `drop` (per the derived index). */
  conversations: number;
  /** `drop`'s own page has content to copy. */
  hasPage: boolean;
}

export interface MergeOptions {
  /** Null: a host without a derived index (only the two people's own pages are tidied). */
  derived: DerivedIndex | null;
  signal?: AbortSignal;
  onProgress?: (p: MergeProgress) => void;
  now?: () => number;
}

export interface MergeOutcome {
  plan: MergePlan;
  /** The workspace change was written (false only when cancelled before it). */
  merged: boolean;
  /** Page docs rewritten (mentions) or extended (the copied page). */
  pages: number;
  mentions: number;
  /** Cancelled during step 2: the rest is done by `finishMerges` (next start) or a re-run. */
  cancelled: boolean;
}

export class MergeCancelled extends Error {
  constructor() {
    super('Merge cancelled: nothing was changed.');
    this.name = 'MergeCancelled';
  }
}

interface Pending {
  keep: string;
  drop: string;
  dropName: string;
}

async function loadWorkspace(store: JournalStore): Promise<Y.Doc> {
  const ws = new Y.Doc();
  const stored = await store.getUpdate(WORKSPACE_DOC_ID);
  if (stored) Y.applyUpdate(ws, stored);
  return ws;
}

/** Pages (not people's own) whose facts mention any of `ids`, read from the derived index alone. */
async function pagesMentioning(derived: DerivedIndex | null, ids: ReadonlySet<string>): Promise<string[]> {
  if (!derived || ids.size === 0) return [];
  const out: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await derived.pages(after, 1_000);
    for (const [pageId, facts] of page.pages) {
      if (Object.keys(facts.mentions ?? {}).some((id) => ids.has(id))) out.push(pageId);
    }
    if (!page.next) return out;
    after = page.next;
  }
}

/** What a merge would do, for the confirmation. Writes nothing; opens at most `drop`'s page. */
export async function previewMerge(store: JournalStore, derived: DerivedIndex | null, req: MergeRequest): Promise<MergePreview> {
  const ws = await loadWorkspace(store);
  try {
    const plan = planMerge(ws, req);
    const mentioning = await pagesMentioning(derived, new Set([req.drop]));
    const conversations = mentioning.filter((id) => {
      const rec = pagesMap(ws).get(id);
      const r = rec ? readPageRecord(id, rec) : null;
      return r !== null && r.kind !== 'person' && trashStateOf(rec).state === 'live';
    }).length;
    const page = await store.getUpdate(req.drop);
    let hasPage = false;
    if (page) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, page);
      hasPage = hasContent(doc);
      doc.destroy();
    }
    return { ...plan, conversations, hasPage };
  } finally {
    ws.destroy();
  }
}

/** Runs a merge (see above). Throws MergeError for a bad request, MergeCancelled if cancelled in step 1. */
export async function mergePeople(store: JournalStore, req: MergeRequest & { name: string }, opts: MergeOptions): Promise<MergeOutcome> {
  const { signal, onProgress } = opts;
  const now = opts.now ?? Date.now;
  const checkCancel = (): void => {
    if (signal?.aborted) throw new MergeCancelled();
  };
  if (!normalizeName(req.name)) throw new MergeError('The merged person needs a name.');
  checkCancel();
  onProgress?.({ phase: 'people', done: 0, total: 1 });
  const ws = await loadWorkspace(store);
  let plan: MergePlan;
  try {
    plan = planMerge(ws, req);
    const space = store.space(MERGE_SPACE);
    checkCancel();
    // Before the workspace change: a crash right after it still leaves a record to resume.
    await space.batch([{ type: 'put', key: pendingKey(req.drop), value: encodePending({ keep: req.keep, drop: req.drop, dropName: plan.dropName }) }]);
    checkCancel();
    if (!plan.alreadyMerged) {
      const before = Y.encodeStateVector(ws);
      mergePeopleInWorkspace(ws, req, now(), MERGE_ORIGIN);
      settleMergedPeople(ws, MERGE_ORIGIN);
      try {
        checkCancel();
        await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws, before), MERGE_ORIGIN);
      } catch (err) {
        // Not written: nothing to resume either.
        await space.batch([{ type: 'del', key: pendingKey(req.drop) }]);
        throw err;
      }
    }
  } catch (err) {
    ws.destroy();
    if (err instanceof MergeCancelled) await store.space(MERGE_SPACE).batch([{ type: 'del', key: pendingKey(req.drop) }]).catch(() => undefined);
    throw err;
  }
  onProgress?.({ phase: 'people', done: 1, total: 1 });
  try {
    const tidy = await tidyPages(store, ws, opts.derived, [{ keep: req.keep, drop: req.drop, dropName: plan.dropName }], signal, onProgress);
    return { plan, merged: true, ...tidy };
  } finally {
    ws.destroy();
  }
}

/**
 * Completes step 2 of every merge whose record is still pending (interrupted), and tidies what
 * arrived since from a device that had not seen a merge: mentions of merged people are
 * rewritten, dates and interests added to them move to the survivor (settleMergedPeople). Run
 * by the host at start-up, in the background. Returns what it did.
 */
export async function finishMerges(store: JournalStore, opts: Omit<MergeOptions, 'now'>): Promise<{ pending: number; pages: number; mentions: number }> {
  const space = store.space(MERGE_SPACE);
  const pending: Pending[] = [];
  for await (const [key, value] of space.entries({ gt: 'pending:', lt: 'pending;' })) {
    const p = decodePending(value);
    if (p) pending.push(p);
    else await space.batch([{ type: 'del', key }]);
  }
  const ws = await loadWorkspace(store);
  try {
    const hasMerged = [...peopleMap(ws).values()].some((rec) => trashStateOf(rec).state === 'merged');
    if (!hasMerged) {
      // Records of merges that never reached the workspace (a crash between the two writes).
      if (pending.length) await space.batch(pending.map((p) => ({ type: 'del' as const, key: pendingKey(p.drop) })));
      return { pending: 0, pages: 0, mentions: 0 };
    }
    // Dates, interests… added to a merged person on a device that had not seen the merge.
    const sv = Y.encodeStateVector(ws);
    if (settleMergedPeople(ws, MERGE_ORIGIN) > 0) await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws, sv), MERGE_ORIGIN);
    const live = pending.filter((p) => trashStateOf(peopleMap(ws).get(p.drop)).state === 'merged');
    const stale = pending.filter((p) => !live.includes(p));
    if (stale.length) await space.batch(stale.map((p) => ({ type: 'del' as const, key: pendingKey(p.drop) })));
    const tidy = await tidyPages(store, ws, opts.derived, live, opts.signal, opts.onProgress);
    return { pending: live.length, pages: tidy.pages, mentions: tidy.mentions };
  } finally {
    ws.destroy();
  }
}

async function tidyPages(
  store: JournalStore,
  ws: Y.Doc,
  derived: DerivedIndex | null,
  merges: readonly Pending[],
  signal: AbortSignal | undefined,
  onProgress: ((p: MergeProgress) => void) | undefined,
): Promise<{ pages: number; mentions: number; cancelled: boolean }> {
  const people = peopleMap(ws);
  const merged = new Set<string>();
  people.forEach((rec, id) => trashStateOf(rec).state === 'merged' && merged.add(id));
  const to = (id: string): string | null => (merged.has(id) ? resolveMerged(people, id) : null);
  const targets = new Set<string>(await pagesMentioning(derived, merged));
  for (const m of merges) targets.add(resolveMerged(people, m.keep));
  const total = targets.size + merges.length;
  let done = 0;
  let pages = 0;
  let mentions = 0;
  onProgress?.({ phase: 'pages', done, total });
  for (const m of merges) {
    if (signal?.aborted) return { pages, mentions, cancelled: true };
    const survivor = resolveMerged(people, m.keep);
    const source = await openPage(store, m.drop);
    if (source) {
      const target = (await openPage(store, survivor)) ?? new Y.Doc({ guid: survivor });
      const before = Y.encodeStateVector(target);
      if (appendCopyOf(target, source, [{ text: `From ${m.dropName || 'the merged person'}’s page:` }], m.drop, MERGE_ORIGIN)) {
        await store.applyUpdate(survivor, Y.encodeStateAsUpdate(target, before), MERGE_ORIGIN);
        pages++;
      }
      target.destroy();
      source.destroy();
    }
    onProgress?.({ phase: 'pages', done: ++done, total });
  }
  for (const pageId of [...targets].sort()) {
    if (signal?.aborted) return { pages, mentions, cancelled: true };
    const doc = await openPage(store, pageId);
    if (doc) {
      const before = Y.encodeStateVector(doc);
      const n = rewriteMentions(doc, to, MERGE_ORIGIN);
      if (n > 0) {
        await store.applyUpdate(pageId, Y.encodeStateAsUpdate(doc, before), MERGE_ORIGIN);
        pages++;
        mentions += n;
      }
      doc.destroy();
    }
    onProgress?.({ phase: 'pages', done: ++done, total });
  }
  if (merges.length) await store.space(MERGE_SPACE).batch(merges.map((m) => ({ type: 'del' as const, key: pendingKey(m.drop) })));
  return { pages, mentions, cancelled: false };
}

async function openPage(store: JournalStore, pageId: string): Promise<Y.Doc | null> {
  const update = await store.getUpdate(pageId);
  if (!update) return null;
  const doc = new Y.Doc({ guid: pageId });
  Y.applyUpdate(doc, update);
  return doc;
}

const pendingKey = (drop: string): string => `pending:${drop}`;

function encodePending(p: Pending): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(p));
}

function decodePending(bytes: Uint8Array): Pending | null {
  try {
    const v = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Pending>;
    if (typeof v.keep === 'string' && typeof v.drop === 'string') return { keep: v.keep, drop: v.drop, dropName: typeof v.dropName === 'string' ? v.dropName : '' };
  } catch {
    // a damaged record: dropped by the caller
  }
  return null;
}
