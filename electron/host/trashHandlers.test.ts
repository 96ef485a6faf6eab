import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deletePage, listTrash } from '../../shared/domain/trash';
import type { TrashProgress } from '../../shared/host/slices/trash';
import { trashRequestSchemas, trashEventSchemas } from '../../shared/host/slices/trash';
import { openLevelHarness, type StoreHarness } from '../services/store/storeTest.testkit';
import { editWorkspace, pageText, readWorkspace, seedTrashJournal } from '../services/trash/trash.testkit';
import { createTrashSlice, type TrashSlice } from './trashHandlers';

const ctx = { clientId: 'w1' };
let h: StoreHarness;
let slice: TrashSlice | null = null;
beforeEach(async () => {
  h = await openLevelHarness();
});
afterEach(async () => {
  await slice?.dispose();
  slice = null;
  await h.cleanup();
});

function recorder(onEvent: (p: TrashProgress) => void = () => undefined) {
  const events: TrashProgress[] = [];
  let finish: (p: TrashProgress) => void = () => undefined;
  const finished = new Promise<TrashProgress>((r) => (finish = r));
  const emitAll = ((name: string, payload: TrashProgress) => {
    expect(name).toBe('trash.progress');
    expect(trashEventSchemas['trash.progress'].safeParse(payload).success).toBe(true);
    events.push(payload);
    onEvent(payload);
    if (payload.finished) finish(payload);
  }) as Parameters<typeof createTrashSlice>[0]['emitAll'];
  return { events, finished, emitAll };
}

describe('trash.* handlers', () => {
  it('empties Trash as a job: progress to every window, then finished; the journal is left with an empty Trash', async () => {
    const { notes } = await seedTrashJournal(h.store, 3);
    await editWorkspace(h.store, (ws) => notes.forEach((id, i) => deletePage(ws, id, 1000 + i)));
    const rec = recorder();
    slice = createTrashSlice({ store: h.store, emitAll: rec.emitAll, now: () => 5000 });
    const { jobId } = await slice.handlers['trash.empty']({}, ctx);
    // A second click joins the same job.
    expect((await slice.handlers['trash.empty']({}, ctx)).jobId).toBe(jobId);
    const last = await rec.finished;
    expect(last).toEqual({ jobId, done: 3, total: 3, finished: true });
    expect(rec.events.map((e) => e.done)).toEqual([0, 1, 2, 3, 3]);
    const ws = await readWorkspace(h.store);
    expect(listTrash(ws)).toEqual([]);
    for (const id of notes) expect(await pageText(h.store, id)).toBe('');
    // Finished: a new job can start (nothing in Trash: it finishes at once).
    const again = recorder();
    slice = createTrashSlice({ store: h.store, emitAll: again.emitAll });
    const second = await slice.handlers['trash.empty']({}, ctx);
    expect(await again.finished).toEqual({ jobId: second.jobId, done: 0, total: 0, finished: true });
  });

  it('cancel stops between items: purged stay purged, the rest stay in Trash with their text', async () => {
    const { notes } = await seedTrashJournal(h.store, 4);
    await editWorkspace(h.store, (ws) => notes.forEach((id, i) => deletePage(ws, id, 1000 + i)));
    let jobId = '';
    const rec = recorder((p) => {
      if (p.done === 1 && !p.finished) void slice!.handlers['trash.cancel']({ jobId }, ctx);
    });
    slice = createTrashSlice({ store: h.store, emitAll: rec.emitAll });
    jobId = (await slice.handlers['trash.empty']({}, ctx)).jobId;
    const last = await rec.finished;
    expect(last).toMatchObject({ jobId, finished: true, cancelled: true, done: 1, total: 4 });
    const ws = await readWorkspace(h.store);
    expect(listTrash(ws).map((t) => t.id).sort()).toEqual([notes[0], notes[1], notes[2]].sort());
    for (const i of [0, 1, 2]) expect(await pageText(h.store, notes[i]!)).toBe(`Secret note ${i}`);
    expect(await slice.handlers['trash.cancel']({ jobId }, ctx)).toEqual({ cancelling: false });
  });

  it('reports a failure as a finished event with plain words, and validates its input', async () => {
    const { notes } = await seedTrashJournal(h.store, 1);
    await editWorkspace(h.store, (ws) => deletePage(ws, notes[0]!, 1));
    await h.store.close();
    const rec = recorder();
    slice = createTrashSlice({ store: h.store, emitAll: rec.emitAll, log: () => undefined });
    await slice.handlers['trash.empty']({}, ctx);
    const last = await rec.finished;
    expect(last.error).toMatch(/^Emptying Trash stopped after 0 of 0: .+What was left is still in Trash\.$/);
    expect(trashRequestSchemas['trash.cancel'].safeParse({ jobId: 'x' }).success).toBe(false);
    expect(trashRequestSchemas['trash.cancel'].safeParse({ jobId: 'abcdefgh', more: 1 }).success).toBe(false);
    expect(trashRequestSchemas['trash.empty'].safeParse({}).success).toBe(true);
  });
});
