import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, ensureJournalPage, initWorkspace, WORKSPACE_DOC_ID } from '../../shared/domain/workspace';
import { toBase64 } from '../../shared/host/base64';
import { createTransportClient } from '../../shared/host/client';
import type { HostClient, HostEventName, HostEvents } from '../../shared/host/contract';
import { createHostRouter } from '../../shared/host/router';
import { serveConnection, type ServedConnection } from '../../shared/host/server';
import { DATA_PART_BYTES, type DataProgress } from '../../shared/host/slices/data';
import { createInMemoryPair } from '../../shared/host/transport';
import { appendBlocks, para } from '../../shared/pages/pageDoc.testkit';
import { readPageBlocks } from '../../shared/pages/pageBlocks';
import { readBackup } from '../services/backup';
import { hashStore, seededFolder } from '../services/backup/backup.testkit';
import { listDocIds } from '../services/backup/writeBackup';
import type { DataTargets } from '../services/dataJobs/dataTargets';
import { webDataServices } from '../services/dataJobs/webData';
import { openLevelStore } from '../services/store';
import type { JournalStore } from '../services/store/types';
import { createHostHandlers } from './handlers';

/**
 * `data.*` through the real router, schemas and handlers, over the in-memory transport pair,
 * with real LevelDB stores in temp folders and the web host's own targets (names inside an
 * exports folder). The desktop dialogs cannot run here: one test stands in for them with a
 * DataTargets that answers like a dialog (a picked path, or closed).
 */
let root: string;
/** A closed journal folder seeded with 600 pages (copied per test that needs a big journal). */
let seeded: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kindred-data-'));
  seeded = join(root, 'seeded');
  await seededFolder(seeded, 600);
}, 60_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Harness {
  store: JournalStore;
  exportsDir: string;
  host: HostClient;
  events: DataProgress[];
  /** Resolves with the job's last event (done, cancelled or failed). */
  ended(jobId: string): Promise<DataProgress>;
  /** Resolves with the first running event that has made progress. */
  progressed(jobId: string): Promise<DataProgress>;
  dispose(): Promise<void>;
}

const open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.dispose()));
});

let n = 0;
async function harness(opts: { from?: string; targets?: DataTargets } = {}): Promise<Harness> {
  const dir = join(root, `h${++n}`);
  const journal = join(dir, 'journal');
  if (opts.from) await cp(opts.from, journal, { recursive: true });
  const store = await openLevelStore(journal);
  const exportsDir = join(dir, 'exports');
  const web = webDataServices({ store, exportsDir, autoBackup: false });
  const served = new Map<string, ServedConnection>();
  const events: DataProgress[] = [];
  const waiters: (() => void)[] = [];
  const set = createHostHandlers({
    appInfo: { name: 'Kindred', version: '0.0.0-test', platform: 'test', host: 'web' },
    openExternal: async () => undefined,
    showNotification: async () => 'banner',
    windowReadyToClose: () => undefined,
    store,
    derived: null,
    log: () => undefined,
    data: opts.targets ? { ...web.data, targets: opts.targets } : web.data,
    emitTo<E extends HostEventName>(clientId: string, event: E, payload: HostEvents[E]) {
      served.get(clientId)?.emit(event, payload);
    },
    emitAll<E extends HostEventName>(event: E, payload: HostEvents[E]) {
      served.forEach((s) => s.emit(event, payload));
    },
  });
  const [clientSide, hostSide] = createInMemoryPair();
  served.set('window-1', serveConnection(createHostRouter(set.handlers), hostSide, 'window-1'));
  const host = createTransportClient(clientSide);
  host.subscribe('data.progress', (p) => {
    events.push(p);
    for (const w of waiters.splice(0)) w();
  });
  const waitFor = (pred: () => DataProgress | undefined): Promise<DataProgress> =>
    new Promise((resolve) => {
      const look = (): void => {
        const hit = pred();
        if (hit) resolve(hit);
        else waiters.push(look);
      };
      look();
    });
  const h: Harness = {
    store,
    exportsDir,
    host,
    events,
    ended: (jobId) => waitFor(() => events.find((e) => e.jobId === jobId && e.state !== 'running')),
    progressed: (jobId) => waitFor(() => events.find((e) => e.jobId === jobId && e.state === 'running' && e.done > 0)),
    async dispose() {
      set.dispose();
      await web.stop();
      await store.close();
    },
  };
  open.push(h);
  return h;
}

/** A small journal: one person (with a birthday) and today's page mentioning them. */
async function writeSmallJournal(store: JournalStore, words = 'Coffee with Ada'): Promise<{ pageId: string; personId: string }> {
  const ws = new Y.Doc({ guid: WORKSPACE_DOC_ID });
  const pending: Promise<unknown>[] = [];
  const existing = await store.getUpdate(WORKSPACE_DOC_ID);
  if (existing) Y.applyUpdate(ws, existing);
  ws.on('update', (u: Uint8Array) => pending.push(store.applyUpdate(WORKSPACE_DOC_ID, u, 'test')));
  if (!existing) initWorkspace(ws);
  const stamp = { now: Date.UTC(2026, 10, 30, 9), deviceId: 'test-device' };
  const person = createPerson(ws, `Ada ${words.length}`, '2026-11-30', stamp as never);
  const pageId = ensureJournalPage(ws, '2026-11-30', stamp as never);
  const page = new Y.Doc({ guid: pageId });
  page.on('update', (u: Uint8Array) => pending.push(store.applyUpdate(pageId, u, 'test')));
  appendBlocks(page, [para(words, ' with ', { m: person.id })]);
  await Promise.all(pending);
  ws.destroy();
  page.destroy();
  return { pageId, personId: person.id };
}

async function pageText(store: JournalStore, pageId: string): Promise<string> {
  const doc = new Y.Doc({ guid: pageId });
  const u = await store.getUpdate(pageId);
  if (u) Y.applyUpdate(doc, u);
  const text = JSON.stringify(readPageBlocks(doc));
  doc.destroy();
  return text;
}

async function upload(host: HostClient, bytes: Uint8Array, uploadId = 'upload-0001'): Promise<string> {
  const count = Math.max(1, Math.ceil(bytes.length / DATA_PART_BYTES));
  for (let index = 0; index < count; index++) {
    await host.request('data.upload.part', { uploadId, index, count, bytesB64: toBase64(bytes.subarray(index * DATA_PART_BYTES, (index + 1) * DATA_PART_BYTES)) });
  }
  return uploadId;
}

describe('data.export', () => {
  it('exports a vault, a calendar and a backup into the exports folder, with progress and "Saved to"', async () => {
    const h = await harness();
    await writeSmallJournal(h.store);
    expect(await h.host.request('data.status', {})).toEqual({ picker: 'browser', exportsFolder: h.exportsDir, jobs: [] });

    const vault = await h.host.request('data.export', { kind: 'vault', name: 'My vault' });
    if (!vault.started) throw new Error('not started');
    expect(vault.target.endsWith(join('exports', 'My vault'))).toBe(true);
    const vaultEnd = await h.ended(vault.jobId);
    expect(vaultEnd).toMatchObject({ state: 'done', kind: 'vault', target: vault.target, message: '1 person, 1 journal day and 0 notes' });
    expect((await readdir(join(vault.target, 'Journal'))).sort()).toEqual(['2026-11-30.md']);
    expect(await readFile(join(vault.target, 'Journal', '2026-11-30.md'), 'utf8')).toContain('Coffee with Ada');

    const ics = await h.host.request('data.export', { kind: 'calendar', name: 'birthdays' });
    if (!ics.started) throw new Error('not started');
    expect(ics.target.endsWith('birthdays.ics')).toBe(true);
    expect(await h.ended(ics.jobId)).toMatchObject({ state: 'done', kind: 'calendar' });
    expect(await readFile(ics.target, 'utf8')).toMatch(/^BEGIN:VCALENDAR/);

    const backup = await h.host.request('data.export', { kind: 'backup' });
    if (!backup.started) throw new Error('not started');
    expect(backup.target).toMatch(/Kindred backup \d{4}-\d{2}-\d{2}\.kindred-backup$/);
    expect(await h.ended(backup.jobId)).toMatchObject({ state: 'done', kind: 'backup', message: expect.stringMatching(/^1 page, /) });
    const parsed = await readBackup(backup.target);
    expect(parsed.docs.map((d) => d.id).sort()).toEqual((await listDocIds(h.store)).sort());
    // Only the three results: no temp or staging leftovers.
    expect((await readdir(h.exportsDir)).sort()).toEqual([backup.target.split('/').pop(), 'My vault', 'birthdays.ics'].sort());
  });

  it('refuses names that are paths, hidden, reserved or taken — and writes nothing', async () => {
    const h = await harness();
    await writeSmallJournal(h.store);
    for (const name of ['../escape', 'a/b', 'a\\b', '..', '.hidden', 'con', 'tab\there', 'x'.repeat(121)]) {
      await expect(h.host.request('data.export', { kind: 'backup', name })).rejects.toMatchObject({ code: 'bad_request' });
    }
    await mkdir(h.exportsDir, { recursive: true });
    await writeFile(join(h.exportsDir, 'mine.ics'), 'the user’s own file');
    await expect(h.host.request('data.export', { kind: 'calendar', name: 'mine' })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('already a file named "mine.ics"'),
    });
    await symlink(tmpdir(), join(h.exportsDir, 'link'));
    await expect(h.host.request('data.export', { kind: 'vault', name: 'link' })).rejects.toMatchObject({ code: 'bad_request' });
    expect((await readdir(h.exportsDir)).sort()).toEqual(['link', 'mine.ics']);
    expect(await readFile(join(h.exportsDir, 'mine.ics'), 'utf8')).toBe('the user’s own file');
    expect(h.events).toEqual([]);
  });

  it('cancelling a vault export of 600 pages leaves no folder and no staging folder', async () => {
    const h = await harness({ from: seeded });
    const job = await h.host.request('data.export', { kind: 'vault', name: 'Big vault' });
    if (!job.started) throw new Error('not started');
    const mid = await h.progressed(job.jobId);
    expect(mid.total).toBeGreaterThan(mid.done);
    expect(await h.host.request('data.cancel', { jobId: job.jobId })).toEqual({ cancelling: true });
    expect(await h.ended(job.jobId)).toMatchObject({ state: 'cancelled', kind: 'vault' });
    expect(existsSync(job.target)).toBe(false);
    expect(await readdir(h.exportsDir)).toEqual([]);
    // Cancelling again: nothing runs.
    expect(await h.host.request('data.cancel', { jobId: job.jobId })).toEqual({ cancelling: false });
  }, 30_000);

  it('cancelling a backup leaves no file (and no temp file)', async () => {
    const h = await harness({ from: seeded });
    const job = await h.host.request('data.export', { kind: 'backup', name: 'big' });
    if (!job.started) throw new Error('not started');
    await h.progressed(job.jobId);
    await h.host.request('data.cancel', { jobId: job.jobId });
    expect(await h.ended(job.jobId)).toMatchObject({ state: 'cancelled' });
    expect(await readdir(h.exportsDir)).toEqual([]);
  }, 30_000);

  it('runs one job of a kind at a time; another kind may run beside it', async () => {
    const h = await harness({ from: seeded });
    const first = await h.host.request('data.export', { kind: 'vault', name: 'one' });
    if (!first.started) throw new Error('not started');
    await expect(h.host.request('data.export', { kind: 'vault', name: 'two' })).rejects.toMatchObject({
      code: 'refused',
      message: 'An export to a Markdown vault is already running. Wait for it to finish, or cancel it.',
    });
    expect(existsSync(join(h.exportsDir, 'two'))).toBe(false);
    const status = await h.host.request('data.status', {});
    expect(status.jobs.map((j) => j.kind)).toEqual(['vault']);
    const ics = await h.host.request('data.export', { kind: 'calendar', name: 'cal' });
    if (!ics.started) throw new Error('not started');
    expect(await h.ended(ics.jobId)).toMatchObject({ state: 'done' });
    expect(await h.ended(first.jobId)).toMatchObject({ state: 'done' });
    // Free again once it ended.
    const again = await h.host.request('data.export', { kind: 'vault', name: 'two' });
    if (!again.started) throw new Error('not started');
    expect(await h.ended(again.jobId)).toMatchObject({ state: 'done' });
  }, 40_000);

  it('says why in plain words when the folder cannot be written', async () => {
    const h = await harness();
    await writeSmallJournal(h.store);
    // The exports "folder" is a file: nothing can be written under it.
    await mkdir(join(h.exportsDir, '..'), { recursive: true });
    await writeFile(h.exportsDir, 'not a folder');
    await expect(h.host.request('data.export', { kind: 'backup', name: 'b' })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('Cannot create the exports folder'),
    });
  });
});

describe('data.restorePreview and data.restore (merge)', () => {
  it('previews a backup, then merges it: pages come back and nothing of the journal is lost', async () => {
    const a = await harness();
    const { pageId } = await writeSmallJournal(a.store, 'Lunch at the harbour');
    const job = await a.host.request('data.export', { kind: 'backup', name: 'a' });
    if (!job.started) throw new Error('not started');
    await a.ended(job.jobId);
    const bytes = await readFile(job.target);

    const b = await harness();
    const mine = await writeSmallJournal(b.store, 'A walk by the river');
    const id = await upload(b.host, bytes);
    const { preview } = await b.host.request('data.restorePreview', { uploadId: id, name: 'a.kindred-backup' });
    expect(preview).toMatchObject({ file: 'a.kindred-backup', pages: 1, people: 1, docs: 2, device: null });
    expect(preview!.createdAt).toBeGreaterThan(0);
    const before = await hashStore(b.store);
    expect(await hashStore(b.store)).toBe(before); // the preview wrote nothing

    const { jobId } = await b.host.request('data.restore', { previewId: preview!.previewId });
    expect(await b.ended(jobId)).toMatchObject({ state: 'done', kind: 'restore', target: 'a.kindred-backup' });
    // Same day on both: the one journal page now holds both texts; the person from A is there too.
    expect(pageId).toBe(mine.pageId);
    const text = await pageText(b.store, pageId);
    expect(text).toContain('Lunch at the harbour');
    expect(text).toContain('A walk by the river');
    // One use.
    await expect(b.host.request('data.restore', { previewId: preview!.previewId })).rejects.toMatchObject({ code: 'refused' });
  });

  it('refuses a file that is not a backup, or a damaged one, in plain words, and changes nothing', async () => {
    const a = await harness();
    await writeSmallJournal(a.store);
    const job = await a.host.request('data.export', { kind: 'backup', name: 'a' });
    if (!job.started) throw new Error('not started');
    await a.ended(job.jobId);
    const good = await readFile(job.target);
    const b = await harness();
    await writeSmallJournal(b.store, 'Mine');
    const before = await hashStore(b.store);

    const garbage = new TextEncoder().encode('BEGIN:VCARD\r\nFN:Not a backup\r\nEND:VCARD\r\n');
    await expect(b.host.request('data.restorePreview', { uploadId: await upload(b.host, garbage, 'upload-0002') })).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringMatching(/^This file is not a Kindred backup \(.*\)\. Nothing in your journal changed\.$/),
    });
    const flipped = good.slice();
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    await expect(b.host.request('data.restorePreview', { uploadId: await upload(b.host, flipped, 'upload-0003') })).rejects.toMatchObject({
      message: expect.stringContaining('damaged'),
    });
    const truncated = good.subarray(0, good.length - 40);
    await expect(b.host.request('data.restorePreview', { uploadId: await upload(b.host, truncated, 'upload-0004') })).rejects.toMatchObject({
      message: expect.stringMatching(/^This file is not a Kindred backup \(the uploaded file is (incomplete|damaged)/),
    });
    expect(await hashStore(b.store)).toBe(before);
    expect(b.events).toEqual([]);
  });

  it('refuses an upload out of order, or one never finished', async () => {
    const h = await harness();
    await expect(h.host.request('data.upload.part', { uploadId: 'upload-0009', index: 1, count: 2, bytesB64: 'AAAA' })).rejects.toMatchObject({ code: 'bad_request' });
    await h.host.request('data.upload.part', { uploadId: 'upload-0010', index: 0, count: 2, bytesB64: 'AAAA' });
    await expect(h.host.request('data.restorePreview', { uploadId: 'upload-0010' })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('not received completely'),
    });
    await expect(h.host.request('data.restorePreview', {})).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('cancelling a merge leaves only whole pages merged (every page is all there or not there)', async () => {
    const a = await harness({ from: seeded });
    const job = await a.host.request('data.export', { kind: 'backup', name: 'a' });
    if (!job.started) throw new Error('not started');
    await a.ended(job.jobId);
    const parsed = await readBackup(job.target);
    const b = await harness();
    await writeSmallJournal(b.store, 'Mine');
    const { preview } = await b.host.request('data.restorePreview', { uploadId: await upload(b.host, await readFile(job.target)) });
    const { jobId } = await b.host.request('data.restore', { previewId: preview!.previewId });
    await b.progressed(jobId);
    await b.host.request('data.cancel', { jobId });
    const end = await b.ended(jobId);
    expect(end.state).toBe('cancelled');
    let whole = 0;
    let absent = 0;
    for (const d of parsed.docs) {
      if (d.id === WORKSPACE_DOC_ID) continue;
      const sv = await b.store.stateVector(d.id);
      if (sv.length <= 1) absent++;
      else {
        expect(Buffer.from(sv).equals(Buffer.from(d.sv))).toBe(true);
        whole++;
      }
    }
    expect(whole).toBeGreaterThan(0);
    expect(absent).toBeGreaterThan(0);
    expect(whole).toBeLessThanOrEqual(end.done);
  }, 40_000);
});

describe('the desktop app’s dialogs (stood in for: Electron cannot run here)', () => {
  it('starts nothing when the dialog is closed, and uses the picked path', async () => {
    const picked: { path: string | null } = { path: null };
    const asked: string[] = [];
    const targets: DataTargets = {
      picker: 'host',
      exportsFolder: null,
      chooseSave: async (kind, name) => {
        asked.push(`${kind}:${name}`);
        return picked.path;
      },
      chooseOpen: async () => picked.path,
    };
    const h = await harness({ targets });
    await writeSmallJournal(h.store);
    expect(await h.host.request('data.export', { kind: 'backup' })).toEqual({ started: false });
    expect(asked[0]).toMatch(/^backup:Kindred backup \d{4}-\d{2}-\d{2}\.kindred-backup$/);
    expect(await h.host.request('data.restorePreview', {})).toEqual({ preview: null });
    await expect(h.host.request('data.upload.part', { uploadId: 'upload-0001', index: 0, count: 1, bytesB64: 'AAAA' })).rejects.toMatchObject({ code: 'unavailable' });

    picked.path = join(root, `picked-${n}.kindred-backup`);
    const job = await h.host.request('data.export', { kind: 'backup' });
    expect(job).toEqual({ started: true, jobId: expect.any(String), target: picked.path });
    if (!job.started) throw new Error('not started');
    await h.ended(job.jobId);
    const { preview } = await h.host.request('data.restorePreview', {});
    expect(preview).toMatchObject({ file: `picked-${n}.kindred-backup`, pages: 1, people: 1 });
    // A picked file is the user's: a discarded preview leaves it where it is.
    await h.host.request('data.discard', { previewId: preview!.previewId });
    expect(existsSync(picked.path)).toBe(true);
  });
});

describe('data.autoBackup', () => {
  it('is off by default (keep 7), saves changes, and refuses nonsense', async () => {
    const h = await harness();
    const view = await h.host.request('data.autoBackup.get', {});
    expect(view).toMatchObject({ enabled: false, keep: 7, last: null, kept: 0, error: null });
    expect(view.folder.endsWith('journal backups')).toBe(true);
    expect(await h.host.request('data.autoBackup.set', { enabled: true, keep: 3 })).toMatchObject({ enabled: true, keep: 3 });
    expect(await h.host.request('data.autoBackup.get', {})).toMatchObject({ enabled: true, keep: 3 });
    for (const keep of [0, -1, 1.5, 366]) {
      await expect(h.host.request('data.autoBackup.set', { keep })).rejects.toMatchObject({ code: 'bad_request' });
    }
    await expect(h.host.request('data.autoBackup.set', { enabled: 'yes' } as never)).rejects.toMatchObject({ code: 'bad_request' });
    expect(await h.host.request('data.autoBackup.get', {})).toMatchObject({ enabled: true, keep: 3 });
  });
});
