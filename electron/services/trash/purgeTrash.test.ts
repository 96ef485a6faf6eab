import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deletePage, deletePerson, listTrash, markPurged, restoreFromTrash } from '../../../shared/domain/trash';
import { trashStateOf, TRASH_KEEP_MS } from '../../../shared/domain/trashState';
import { pagesMap, peopleMap, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { openLevelHarness, type StoreHarness } from '../store/storeTest.testkit';
import type { JournalStore } from '../store/types';
import { clearPageContent, purgeTrash, RESCUED_HEADING, sweepPurged, TRASH_ORIGIN } from './purgeTrash';
import { editWorkspace, pageText, readWorkspace, seedTrashJournal, writePage } from './trash.testkit';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 10, 12);

let h: StoreHarness;
beforeEach(async () => {
  h = await openLevelHarness();
});
afterEach(async () => {
  await h.cleanup();
});

async function stateOf(store: JournalStore, id: string): Promise<string> {
  const ws = await readWorkspace(store);
  const rec = peopleMap(ws).get(id) ?? pagesMap(ws).get(id);
  const s = trashStateOf(rec).state;
  ws.destroy();
  return s;
}

describe('purgeTrash (real LevelDB store)', () => {
  it('purges only what has been in Trash 30 days: content gone from the doc, purgedAt written, origin trash', async () => {
    const { maria, day, notes } = await seedTrashJournal(h.store);
    await editWorkspace(h.store, (ws) => {
      deletePerson(ws, maria, T0);
      deletePage(ws, notes[0]!, T0 + DAY);
    });
    const origins: (string | undefined)[] = [];
    h.store.onChange((changes) => changes.forEach((c) => origins.push(c.origin)));

    const early = await purgeTrash(h.store, { which: 'due', now: () => T0 + TRASH_KEEP_MS - 1 });
    expect(early).toEqual({ purged: [], total: 0, cancelled: false });
    expect(origins).toEqual([]);

    const progress: [number, number][] = [];
    const r = await purgeTrash(h.store, { which: 'due', now: () => T0 + TRASH_KEEP_MS, onProgress: (d, t) => void progress.push([d, t]) });
    expect(r).toEqual({ purged: [maria], total: 1, cancelled: false });
    expect(progress).toEqual([[0, 1], [1, 1]]);
    expect(await stateOf(h.store, maria)).toBe('purged');
    expect(await pageText(h.store, maria)).toBe('');
    // The current state of the doc holds none of the text (Yjs keeps only deletion markers).
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await h.store.getUpdate(maria))!);
    expect(doc.get('root', Y.XmlText).toString()).toBe('');
    expect(JSON.stringify(doc.toJSON())).not.toContain('pottery');
    expect(origins.every((o) => o === TRASH_ORIGIN)).toBe(true);
    // Not due yet, not in Trash: untouched.
    expect(await stateOf(h.store, notes[0]!)).toBe('trashed');
    expect(await pageText(h.store, notes[0]!)).toBe('Secret note 0');
    expect(await pageText(h.store, day)).toBe(`Lunch with @${maria}`);
    // A purged person keeps their name (their mentions show it as text).
    const ws = await readWorkspace(h.store);
    expect(peopleMap(ws).get(maria)!.get('name')).toBe('Maria');
  });

  it('Empty Trash purges everything in Trash; a cancel stops between items and leaves the rest untouched', async () => {
    const { notes } = await seedTrashJournal(h.store, 5);
    await editWorkspace(h.store, (ws) => notes.forEach((id, i) => deletePage(ws, id, T0 + i)));
    const abort = new AbortController();
    const r = await purgeTrash(h.store, {
      which: 'all',
      now: () => T0 + DAY,
      signal: abort.signal,
      onProgress: (done) => {
        if (done === 2) abort.abort();
      },
    });
    expect(r.cancelled).toBe(true);
    expect(r.total).toBe(5);
    expect(r.purged).toHaveLength(2);
    // Newest first: the two newest are purged, the other three are exactly as they were.
    expect(r.purged).toEqual([notes[4], notes[3]]);
    for (const id of r.purged) expect([await stateOf(h.store, id), await pageText(h.store, id)]).toEqual(['purged', '']);
    for (const i of [0, 1, 2]) expect([await stateOf(h.store, notes[i]!), await pageText(h.store, notes[i]!)]).toEqual(['trashed', `Secret note ${i}`]);
    const rest = await purgeTrash(h.store, { which: 'all', now: () => T0 + DAY });
    expect(rest.purged.sort()).toEqual([notes[0], notes[1], notes[2]].sort());
    const ws = await readWorkspace(h.store);
    expect(listTrash(ws)).toEqual([]);
  });

  it('leaves alone an item restored while the purge runs', async () => {
    const { notes } = await seedTrashJournal(h.store, 2);
    await editWorkspace(h.store, (ws) => notes.forEach((id, i) => deletePage(ws, id, T0 + i)));
    let restored = false;
    const r = await purgeTrash(h.store, {
      which: 'all',
      now: () => T0 + DAY,
      onProgress: async (done) => {
        // A window restores the second item right after the first is purged.
        if (done === 1 && !restored) {
          restored = true;
          await editWorkspace(h.store, (ws) => restoreFromTrash(ws, notes[0]!));
        }
      },
    });
    expect(r.purged).toEqual([notes[1]]);
    expect(await stateOf(h.store, notes[0]!)).toBe('live');
    expect(await pageText(h.store, notes[0]!)).toBe('Secret note 0');
  });

  it('a crash between clearing and marking purges again on the next run (content first, then purgedAt)', async () => {
    const { notes } = await seedTrashJournal(h.store, 1);
    await editWorkspace(h.store, (ws) => deletePage(ws, notes[0]!, T0));
    // The crash: the workspace write never happens.
    const crashing: JournalStore = Object.assign(Object.create(h.store) as JournalStore, {
      applyUpdate: (docId: string, u: Uint8Array, origin?: string) =>
        docId === WORKSPACE_DOC_ID ? Promise.reject(new Error('process killed')) : h.store.applyUpdate(docId, u, origin),
    });
    await expect(purgeTrash(crashing, { which: 'due', now: () => T0 + TRASH_KEEP_MS })).rejects.toThrow('process killed');
    await h.reopen();
    expect(await stateOf(h.store, notes[0]!)).toBe('trashed');
    expect(await pageText(h.store, notes[0]!)).toBe('');
    const r = await purgeTrash(h.store, { which: 'due', now: () => T0 + TRASH_KEEP_MS });
    expect(r.purged).toEqual([notes[0]]);
    expect(await stateOf(h.store, notes[0]!)).toBe('purged');
  });

  it('clears a purged page again when its doc changes later (another device), and skips unchanged ones', async () => {
    const { notes, day } = await seedTrashJournal(h.store, 2);
    await editWorkspace(h.store, (ws) => notes.forEach((id) => deletePage(ws, id, T0)));
    await purgeTrash(h.store, { which: 'all', now: () => T0 });
    expect(await sweepPurged(h.store)).toEqual([]);
    // A device that was offline during the purge syncs its edit to the first note.
    await writePage(h.store, notes[0]!, 'typed on the laptop');
    expect(await pageText(h.store, notes[0]!)).toBe('typed on the laptop');
    const pagesBefore = new Set(pagesMap(await readWorkspace(h.store)).keys());
    expect(await sweepPurged(h.store, undefined, () => T0 + 1000)).toEqual([notes[0]]);
    expect(await pageText(h.store, notes[0]!)).toBe('');
    // Nothing typed is lost: the late text moved to a new note on the page's date first.
    const ws = await readWorkspace(h.store);
    const added = [...pagesMap(ws).keys()].filter((id) => !pagesBefore.has(id));
    expect(added).toHaveLength(1);
    expect(pagesMap(ws).get(added[0]!)!.get('date')).toBe(pagesMap(ws).get(notes[0]!)!.get('date'));
    expect(await pageText(h.store, added[0]!)).toContain(RESCUED_HEADING);
    expect(await pageText(h.store, added[0]!)).toContain('typed on the laptop');
    expect(await sweepPurged(h.store)).toEqual([]);
    // Clearing is idempotent and never touches a live page.
    expect(await clearPageContent(h.store, notes[0]!)).toBe(false);
    expect(await pageText(h.store, day)).toContain('Lunch with');
  });

  it('a page purged on another device (never cleared here) is cleared without making a note: its text was deleted there', async () => {
    const { notes } = await seedTrashJournal(h.store, 2);
    // The purge mark arrives from the other device before its clearing update does.
    await editWorkspace(h.store, (ws) => {
      deletePage(ws, notes[0]!, T0);
      markPurged(ws, notes[0]!, T0 + 1);
    });
    const pagesBefore = [...pagesMap(await readWorkspace(h.store)).keys()].sort();
    expect(await sweepPurged(h.store)).toEqual([notes[0]]);
    expect(await pageText(h.store, notes[0]!)).toBe('');
    expect([...pagesMap(await readWorkspace(h.store)).keys()].sort()).toEqual(pagesBefore);
  });

  it('opens only the docs of what it purges (and the workspace), never every page', async () => {
    const { notes } = await seedTrashJournal(h.store, 60);
    await editWorkspace(h.store, (ws) => notes.slice(0, 3).forEach((id) => deletePage(ws, id, T0)));
    const opened: string[] = [];
    const watched: JournalStore = Object.assign(Object.create(h.store) as JournalStore, {
      getUpdate: (docId: string) => (opened.push(docId), h.store.getUpdate(docId)),
    });
    const r = await purgeTrash(watched, { which: 'due', now: () => T0 + TRASH_KEEP_MS });
    expect(r.purged).toHaveLength(3);
    expect(new Set(opened)).toEqual(new Set([WORKSPACE_DOC_ID, ...notes.slice(0, 3)]));
    opened.length = 0;
    await sweepPurged(watched);
    // Nothing changed since the purge: only the workspace is read.
    expect(opened).toEqual([WORKSPACE_DOC_ID]);
  });
});
