import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { trashStateOf } from '../../shared/domain/trashState';
import { createConversation, createPerson, initWorkspace, peopleMap, WORKSPACE_DOC_ID } from '../../shared/domain/workspace';
import { fromBase64, toBase64 } from '../../shared/host/base64';
import type { HostEventName, HostEvents } from '../../shared/host/contract';
import { requestSchemas } from '../../shared/host/schemas';
import type { MergeProgressEvent } from '../../shared/host/slices/people';
import { readPageBlocks } from '../../shared/pages/pageBlocks';
import { appendBlocks, para } from '../../shared/pages/pageDoc.testkit';
import { startDerivedIndex } from '../services/derived';
import { openLevelStore } from '../services/store';
import type { JournalStore } from '../services/store/types';
import { createHostHandlers } from './handlers';

/**
 * `people.*` through the composed host handlers, on a real LevelDB store with the real derived
 * index, and a window that has a note open as a live replica (replica.open / replica.updated).
 */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const stamp = { now: 1, deviceId: 'dev-a' };

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function write(store: JournalStore, docId: string, change: (doc: Y.Doc) => void): Promise<void> {
  const doc = new Y.Doc();
  const stored = await store.getUpdate(docId);
  if (stored) Y.applyUpdate(doc, stored);
  const sv = Y.encodeStateVector(doc);
  change(doc);
  await store.applyUpdate(docId, Y.encodeStateAsUpdate(doc, sv), 'test');
}

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'kindred-people-'));
  const store = await openLevelStore(dir);
  const derived = await startDerivedIndex(store, { liveDelayMs: 1, log: () => undefined });
  const events: { to: string | null; event: HostEventName; payload: unknown }[] = [];
  const host = createHostHandlers({
    appInfo: { name: 'Kindred', version: '0.0.0-test', platform: 'test', host: 'web' },
    openExternal: async () => undefined,
    showNotification: async () => 'native',
    windowReadyToClose: () => undefined,
    store,
    derived,
    log: () => undefined,
    emitTo<E extends HostEventName>(to: string, event: E, payload: HostEvents[E]) {
      events.push({ to, event, payload });
    },
    emitAll<E extends HostEventName>(event: E, payload: HostEvents[E]) {
      events.push({ to: null, event, payload });
    },
  } as Parameters<typeof createHostHandlers>[0]);
  cleanups.push(async () => {
    host.dispose();
    await derived.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const ws = new Y.Doc();
  initWorkspace(ws);
  const keep = createPerson(ws, 'Maria Silva', '2026-01-01', stamp).id;
  const drop = createPerson(ws, 'Maria S.', '2026-01-02', stamp).id;
  const note = createConversation(ws, '2026-02-01', '', stamp);
  await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws), 'test');
  await write(store, note, (doc) => appendBlocks(doc, [para('Tea with ', { m: drop })]));
  await until(async () => derived.state().kind === 'ready' && derived.seq() >= (await store.head()));
  const progress = (jobId: string) =>
    events.filter((e): e is { to: null; event: 'people.mergeProgress'; payload: MergeProgressEvent } => e.event === 'people.mergeProgress' && (e.payload as MergeProgressEvent).jobId === jobId).map((e) => e.payload);
  return { store, host, events, keep, drop, note, progress, ctx: { clientId: 'window-1' } };
}

describe('people.* handlers', () => {
  it('previews, merges with progress to every window, and a window with the note open gets the rewrite live', async () => {
    const { store, host, events, keep, drop, note, progress, ctx } = await setup();
    const h = host.handlers;
    const preview = await h['people.mergePreview']({ keep, drop }, ctx);
    expect(preview).toMatchObject({ keepName: 'Maria Silva', dropName: 'Maria S.', conversations: 1, hasPage: false, alreadyMerged: false });

    // The window opens the note as a replica.
    const replica = new Y.Doc();
    const opened = await h['replica.open']({ docId: note, sv: toBase64(Y.encodeStateVector(replica)) }, ctx);
    Y.applyUpdate(replica, fromBase64(opened.update));

    const { jobId } = await h['people.merge']({ keep, drop, name: 'Maria Silva' }, ctx);
    await until(() => progress(jobId).some((p) => p.phase === 'done'));
    expect(progress(jobId).map((p) => p.phase)).toEqual(['people', 'people', 'pages', 'pages', 'pages', 'pages', 'done']); // pages: copy of their page, the note, the survivor's page
    for (const e of events.filter((x) => x.event === 'replica.updated' && (x.payload as { docId: string }).docId === note)) {
      Y.applyUpdate(replica, fromBase64((e.payload as { update: string }).update));
    }
    expect(readPageBlocks(replica)).toEqual([para('Tea with ', { m: keep })]);
    const ws = new Y.Doc();
    Y.applyUpdate(ws, (await store.getUpdate(WORKSPACE_DOC_ID))!);
    expect(trashStateOf(peopleMap(ws).get(drop))).toEqual({ state: 'merged', into: keep });
    expect(await h['people.mergeCancel']({ jobId }, ctx)).toEqual({ cancelled: false });
  });

  it('refuses bad requests plainly, before starting a job, and the schemas reject malformed params', async () => {
    const { store, host, keep, drop, ctx } = await setup();
    const h = host.handlers;
    const head = await store.head();
    await expect(h['people.merge']({ keep, drop: keep, name: 'x' }, ctx)).rejects.toMatchObject({ code: 'refused', message: 'Choose two different people to merge.' });
    await expect(h['people.merge']({ keep, drop: 'person-nobody', name: 'x' }, ctx)).rejects.toMatchObject({ code: 'refused' });
    await expect(h['people.merge']({ keep, drop, name: '  ' }, ctx)).rejects.toMatchObject({ code: 'refused' });
    expect(await store.head()).toBe(head);
    expect(requestSchemas['people.merge'].safeParse({ keep, drop, name: '' }).success).toBe(false);
    expect(requestSchemas['people.merge'].safeParse({ keep, drop: '../x', name: 'a' }).success).toBe(false);
    expect(requestSchemas['people.merge'].safeParse({ keep, drop, name: 'a', extra: 1 }).success).toBe(false);
    expect(requestSchemas['people.mergePreview'].safeParse({ keep, drop }).success).toBe(true);
  });

  it('cancel right after starting: nothing changed, and the job says so', async () => {
    const { store, host, keep, drop, progress, ctx } = await setup();
    const h = host.handlers;
    const head = await store.head();
    const { jobId } = await h['people.merge']({ keep, drop, name: 'Maria Silva' }, ctx);
    // Cancelled before the job's first step ran (the job waits for the start-up tidying).
    expect(await h['people.mergeCancel']({ jobId }, ctx)).toEqual({ cancelled: true });
    await until(() => progress(jobId).some((p) => p.phase === 'cancelled'));
    expect(progress(jobId).at(-1)).toMatchObject({ phase: 'cancelled', message: 'Merge cancelled: nothing was changed.' });
    expect(await store.head()).toBe(head);
  });
});
