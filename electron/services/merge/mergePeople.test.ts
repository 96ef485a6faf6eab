import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addImportantDate, addInterest, readCareProfile, setHowWeMet } from '../../../shared/care/careStore';
import { MergeError } from '../../../shared/domain/mergePeople';
import { resolveMerged, trashStateOf } from '../../../shared/domain/trashState';
import { createConversation, createPerson, initWorkspace, peopleMap, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { readPageBlocks, type Block } from '../../../shared/pages/pageBlocks';
import { appendBlocks, para } from '../../../shared/pages/pageDoc.testkit';
import { startDerivedIndex, type RunningDerivedIndex } from '../derived';
import { openLevelStore } from '../store';
import type { JournalStore } from '../store/types';
import { finishMerges, MERGE_SPACE, MergeCancelled, mergePeople, previewMerge, type MergeProgress } from './mergePeople';

/**
 * The merge job on a real LevelDB store in a temp folder, with the real derived index telling
 * it which pages mention whom, and real page docs in @lexical/yjs's layout.
 */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const stamp = { now: 1_000, deviceId: 'dev-a' };

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function edit(store: JournalStore, docId: string, change: (doc: Y.Doc) => void, origin = 'test'): Promise<void> {
  const doc = new Y.Doc({ guid: docId });
  const stored = await store.getUpdate(docId);
  if (stored) Y.applyUpdate(doc, stored);
  const sv = Y.encodeStateVector(doc);
  change(doc);
  await store.applyUpdate(docId, Y.encodeStateAsUpdate(doc, sv), origin);
  doc.destroy();
}

const write = (store: JournalStore, docId: string, blocks: Block[]): Promise<void> => edit(store, docId, (doc) => appendBlocks(doc, blocks));

async function blocksOf(store: JournalStore, docId: string): Promise<Block[]> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await store.getUpdate(docId))!);
  return readPageBlocks(doc);
}

async function workspaceOf(store: JournalStore): Promise<Y.Doc> {
  const ws = new Y.Doc();
  Y.applyUpdate(ws, (await store.getUpdate(WORKSPACE_DOC_ID))!);
  return ws;
}

interface Journal {
  dir: string;
  store: JournalStore;
  derived: RunningDerivedIndex;
  keep: string;
  drop: string;
  ana: string;
  notes: string[];
  other: string;
  caughtUp(): Promise<void>;
}

async function openAt(dir: string): Promise<{ store: JournalStore; derived: RunningDerivedIndex }> {
  const store = await openLevelStore(dir);
  const derived = await startDerivedIndex(store, { liveDelayMs: 1, log: () => undefined });
  return { store, derived };
}

async function journal(): Promise<Journal> {
  const dir = await mkdtemp(join(tmpdir(), 'kindred-merge-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const { store, derived } = await openAt(dir);
  const j: Journal = { dir, store, derived, keep: '', drop: '', ana: '', notes: [], other: '', caughtUp: async () => undefined };
  j.caughtUp = () => until(async () => j.derived.state().kind === 'ready' && j.derived.seq() >= (await j.store.head()));
  cleanups.push(async () => {
    await j.derived.close();
    await j.store.close();
  });
  const ws = new Y.Doc();
  initWorkspace(ws);
  j.keep = createPerson(ws, 'Sam Lee', '2026-01-01', stamp).id;
  j.drop = createPerson(ws, 'Samuel Lee', '2026-01-02', stamp).id;
  j.ana = createPerson(ws, 'Ana', '2026-01-01', stamp).id;
  addImportantDate(ws, j.drop, { label: 'birthday', month: 12, day: 14, year: null });
  addImportantDate(ws, j.drop, { label: 'name day', month: 6, day: 2, year: null });
  addInterest(ws, j.drop, 'pottery');
  setHowWeMet(ws, j.drop, { text: 'Climbing gym' });
  for (let i = 0; i < 3; i++) j.notes.push(createConversation(ws, `2026-02-0${i + 1}`, '', stamp));
  j.other = createConversation(ws, '2026-02-09', '', stamp);
  await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws), 'test');
  for (const [i, id] of j.notes.entries()) await write(store, id, [para(`Coffee ${i} with `, { m: j.drop }, ' and ', { m: j.ana })]);
  await write(store, j.other, [para('Lunch with ', { m: j.ana })]);
  await write(store, j.drop, [para('Loves pottery, ask about ', { m: j.ana })]);
  await write(store, j.keep, [para('Met at work')]);
  await j.caughtUp();
  return j;
}

describe('previewMerge', () => {
  it('counts conversations from the derived index and care fields from the workspace; writes nothing', async () => {
    const j = await journal();
    const head = await j.store.head();
    const p = await previewMerge(j.store, j.derived, { keep: j.keep, drop: j.drop });
    expect(p).toMatchObject({ keepName: 'Sam Lee', dropName: 'Samuel Lee', conversations: 3, dates: 2, interests: 1, howWeMet: true, hasPage: true });
    await expect(previewMerge(j.store, j.derived, { keep: j.keep, drop: 'person-nobody' })).rejects.toThrow(MergeError);
    expect(await j.store.head()).toBe(head);
  });
});

describe('mergePeople', () => {
  it('merges the workspace in one update, copies the page, rewrites only pages that mention the dropped person', async () => {
    const j = await journal();
    const otherSeq = await j.store.seqOf(j.other);
    const origins: (string | undefined)[] = [];
    j.store.onChange((changes) => changes.forEach((c) => origins.push(c.origin)));
    const progress: MergeProgress[] = [];
    const out = await mergePeople(j.store, { keep: j.keep, drop: j.drop, name: 'Sam Lee' }, { derived: j.derived, onProgress: (p) => progress.push(p) });
    expect(out).toMatchObject({ merged: true, cancelled: false, mentions: 3, pages: 4 }); // 3 notes + keep's page (the copy)
    expect(new Set(origins)).toEqual(new Set(['merge']));
    expect(progress[0]).toEqual({ phase: 'people', done: 0, total: 1 });
    expect(progress.at(-1)).toEqual({ phase: 'pages', done: 5, total: 5 });

    const ws = await workspaceOf(j.store);
    expect(resolveMerged(peopleMap(ws), j.drop)).toBe(j.keep);
    const keep = readCareProfile(j.keep, peopleMap(ws).get(j.keep)!);
    expect(keep.dates.map((d) => d.label)).toEqual(['name day', 'birthday']);
    expect(keep.interests).toEqual(['pottery']);
    expect(keep.howWeMet).toBe('Climbing gym');
    for (const id of j.notes) expect((await blocksOf(j.store, id))[0]!.inlines).toContainEqual({ mention: j.keep });
    expect(await j.store.seqOf(j.other)).toBe(otherSeq); // not mentioning them: not touched
    expect(await blocksOf(j.store, j.keep)).toEqual([
      para('Met at work'),
      para('From Samuel Lee’s page:'),
      para('Loves pottery, ask about ', { m: j.ana }),
    ]);
    await j.caughtUp();
    const facts = await j.derived.pages(undefined, 1_000);
    expect(facts.pages.filter(([, f]) => j.drop in f.mentions)).toEqual([]);
    expect(await spaceKeys(j.store)).toEqual([]);

    // Running it again changes nothing (already merged, page copied once).
    const head = await j.store.head();
    const again = await mergePeople(j.store, { keep: j.keep, drop: j.drop, name: 'Sam Lee' }, { derived: j.derived });
    expect(again).toMatchObject({ merged: true, pages: 0, mentions: 0 });
    expect(again.plan.alreadyMerged).toBe(true);
    expect(await j.store.head()).toBe(head);
  });

  it('refuses bad requests with a clear error and changes nothing', async () => {
    const j = await journal();
    const head = await j.store.head();
    await expect(mergePeople(j.store, { keep: j.keep, drop: j.keep, name: 'x' }, { derived: j.derived })).rejects.toThrow(/two different people/);
    await expect(mergePeople(j.store, { keep: j.keep, drop: j.drop, name: ' ' }, { derived: j.derived })).rejects.toThrow(/needs a name/);
    expect(await j.store.head()).toBe(head);
    expect(await spaceKeys(j.store)).toEqual([]);
  });

  it('cancelled before the workspace change: nothing changed at all', async () => {
    const j = await journal();
    const head = await j.store.head();
    const ac = new AbortController();
    const run = mergePeople(j.store, { keep: j.keep, drop: j.drop, name: 'Sam Lee' }, { derived: j.derived, signal: ac.signal, onProgress: (p) => p.phase === 'people' && p.done === 0 && ac.abort() });
    await expect(run).rejects.toBeInstanceOf(MergeCancelled);
    expect(await j.store.head()).toBe(head);
    expect(trashStateOf(peopleMap(await workspaceOf(j.store)).get(j.drop)).state).toBe('live');
    expect(await spaceKeys(j.store)).toEqual([]);
  });

  it('cancelled while tidying pages: finished at the next start, with mentions written meanwhile by a device that had not seen the merge', async () => {
    const j = await journal();
    const ac = new AbortController();
    const out = await mergePeople(j.store, { keep: j.keep, drop: j.drop, name: 'Samuel Lee' }, {
      derived: j.derived,
      signal: ac.signal,
      onProgress: (p) => p.phase === 'pages' && p.done === 2 && ac.abort(),
    });
    expect(out).toMatchObject({ merged: true, cancelled: true });
    expect(await spaceKeys(j.store)).toEqual([`pending:${j.drop}`]);
    const stillOld = await Promise.all(j.notes.map(async (id) => JSON.stringify(await blocksOf(j.store, id)).includes(j.drop)));
    expect(stillOld.filter(Boolean).length).toBeGreaterThan(0);
    // Another device, not having seen the merge, mentions the dropped person (arrives by sync).
    const late = j.other;
    await write(j.store, late, [para('Also saw ', { m: j.drop })]);
    await edit(j.store, WORKSPACE_DOC_ID, (ws) => addInterest(ws, j.drop, 'sailing'));

    // Quit and start again: the host runs finishMerges in the background.
    await j.derived.close();
    await j.store.close();
    Object.assign(j, await openAt(j.dir));
    await j.caughtUp();
    const done = await finishMerges(j.store, { derived: j.derived });
    expect(done.pending).toBe(1);
    const ws = await workspaceOf(j.store);
    expect(readCareProfile(j.keep, peopleMap(ws).get(j.keep)!).interests).toEqual(['pottery', 'sailing']);
    for (const id of [...j.notes, late]) expect(JSON.stringify(await blocksOf(j.store, id))).not.toContain(j.drop);
    expect((await blocksOf(j.store, j.keep)).filter((b) => JSON.stringify(b).includes('From Samuel Lee’s page:'))).toHaveLength(1);
    expect(await spaceKeys(j.store)).toEqual([]);
    // Nothing left to do: a later start writes nothing.
    const head = await j.store.head();
    await j.caughtUp();
    expect(await finishMerges(j.store, { derived: j.derived })).toEqual({ pending: 0, pages: 0, mentions: 0 });
    expect(await j.store.head()).toBe(head);
  });

  it('a page open as a live replica gets the rewrite while its own edits keep flowing', async () => {
    const j = await journal();
    const note = j.notes[0]!;
    // A window's replica of the note: loads it, applies the store's changes, pushes its own.
    const replica = new Y.Doc({ guid: note });
    Y.applyUpdate(replica, (await j.store.getUpdate(note))!);
    j.store.onChange((changes) => {
      for (const c of changes) if (c.docId === note && c.origin !== 'window') Y.applyUpdate(replica, c.update, 'remote');
    });
    const pushes: Promise<unknown>[] = [];
    replica.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && pushes.push(j.store.applyUpdate(note, u, 'window')));
    const merging = mergePeople(j.store, { keep: j.keep, drop: j.drop, name: 'Sam Lee' }, { derived: j.derived });
    appendBlocks(replica, [para('typed while merging, about ', { m: j.drop })]);
    await merging;
    await Promise.all(pushes);
    await until(async () => JSON.stringify(readPageBlocks(replica)) === JSON.stringify(await blocksOf(j.store, note)));
    const blocks = readPageBlocks(replica);
    expect(blocks[0]!.inlines).toContainEqual({ mention: j.keep });
    expect(JSON.stringify(blocks)).toContain('typed while merging');
    // The line typed during the merge may still name the dropped id (it resolves to the survivor);
    // the next start tidies it.
    await j.caughtUp();
    await finishMerges(j.store, { derived: j.derived });
    await until(() => !JSON.stringify(readPageBlocks(replica)).includes(j.drop));
  });
});

async function spaceKeys(store: JournalStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const [k] of store.space(MERGE_SPACE).entries()) keys.push(k);
  return keys;
}
