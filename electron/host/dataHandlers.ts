import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import { basename } from 'node:path';
import * as Y from 'yjs';
import { isLive } from '../../shared/domain/trashState';
import { pagesMap, peopleMap, readPageRecord, WORKSPACE_DOC_ID } from '../../shared/domain/workspace';
import type { HostHandlers } from '../../shared/host/contract';
import { fromBase64 } from '../../shared/host/base64';
import { HostError } from '../../shared/host/errors';
import { DATA_UPLOAD_MAX_BYTES, type DataExportKind, type DataRequests, type RestorePreview } from '../../shared/host/slices/data';
import { readBackup, restoreBackup, writeBackup, type ParsedBackup } from '../services/backup';
import { writeCalendar } from '../services/calendar';
import { autoBackupView, writeAutoBackupSettings } from '../services/dataJobs/autoBackupSchedule';
import { DataTargetError, suggestedName, type DataServices } from '../services/dataJobs/dataTargets';
import { createDiskUploads, UploadError } from '../services/dataJobs/diskUploads';
import { failureText } from '../services/dataJobs/failureText';
import { BUSY, createJobRunner, JobBusyError, type JobContext, type JobOutcome } from '../services/dataJobs/jobRunner';
import type { DerivedIndex } from '../services/derived/types';
import type { JournalStore } from '../services/store/types';
import { exportVault } from '../services/vault/exportVault';
import type { HostEmitter } from './emitter';

/**
 * `data.*` (Settings → Your data, File menu) over the export, backup and restore services, the
 * same in both hosts; they differ only in `DataTargets` (dialogs vs. the exports folder).
 * Every long job runs in the job runner (one per kind, progress, cancel). A restore in the
 * running app is always a merge: first a preview that reads and checks the whole file (nothing
 * changes), then the merge. Replacing a journal is the CLI's `kindred restore` into an empty
 * folder.
 */
export type DataHandlers = Pick<HostHandlers, keyof DataRequests>;

export type { DataServices };

export interface DataSliceOptions extends Pick<HostEmitter, 'emitAll'> {
  store: JournalStore;
  derived: DerivedIndex | null | Promise<DerivedIndex | null>;
  data: DataServices | undefined;
  now?: () => number;
  log?: (line: string) => void;
  /** Progress events at most this often (ms). */
  throttleMs?: number;
}

export interface DataSlice {
  handlers: DataHandlers;
  clientGone(clientId: string): void;
  dispose(): Promise<void>;
}

const PREVIEW_TTL_MS = 10 * 60_000;
const MAX_PREVIEWS = 4;

interface HeldPreview {
  clientId: string;
  file: string;
  name: string;
  /** An uploaded temp file, removed once used or forgotten (a picked file is the user's). */
  owned: boolean;
  expiresAt: number;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function createDataSlice(options: DataSliceOptions): DataSlice {
  const now = options.now ?? Date.now;
  const { store } = options;
  const data = options.data;
  const runner = createJobRunner({
    emit: (p) => options.emitAll('data.progress', p),
    now,
    ...(options.throttleMs !== undefined ? { throttleMs: options.throttleMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const uploads = createDiskUploads({ maxBytes: DATA_UPLOAD_MAX_BYTES, now, ...(data?.uploadDir ? { parentDir: data.uploadDir } : {}) });
  const previews = new Map<string, HeldPreview>();

  const need = (): DataServices => {
    if (!data) throw new HostError('unavailable', 'Exports and backups are not available in this version of Kindred.');
    return data;
  };
  const forget = (id: string): void => {
    const held = previews.get(id);
    if (!held) return;
    previews.delete(id);
    if (held.owned) void uploads.release(held.file).catch(() => undefined);
  };
  const sweep = (): void => {
    const t = now();
    for (const [id, p] of previews) if (p.expiresAt <= t) forget(id);
  };
  const refuseBusy = (kind: DataExportKind | 'restore'): void => {
    if (runner.running().some((j) => j.kind === kind)) throw new HostError('refused', BUSY[kind]);
  };
  const start = (kind: DataExportKind | 'restore', target: string, run: (ctx: JobContext) => Promise<JobOutcome>): string => {
    try {
      return runner.start(kind, target, run);
    } catch (err) {
      if (err instanceof JobBusyError) throw new HostError('refused', err.message);
      throw err;
    }
  };

  const runExport = (kind: DataExportKind, target: string) => async (ctx: JobContext): Promise<JobOutcome> => {
    if (kind === 'vault') {
      const existed = existsSync(target);
      try {
        const r = await exportVault(store, target, { signal: ctx.signal, onProgress: (p) => ctx.progress('writing', p.done, p.total) });
        return { target, message: `${plural(r.people, 'person', 'people')}, ${plural(r.journalDays, 'journal day')} and ${plural(r.notes, 'note')}` };
      } catch (err) {
        // A folder this export made goes again (only when empty: nothing else is ever removed).
        if (!existed) await rmdir(target).catch(() => undefined);
        throw err;
      }
    }
    if (kind === 'calendar') {
      ctx.progress('reading', 0, 1);
      const derived = await Promise.resolve(options.derived).catch(() => null);
      const r = await writeCalendar(store, target, { now: now(), signal: ctx.signal, ...(derived ? { derived } : {}) });
      ctx.progress('writing', 1, 1);
      return { target, message: `${plural(r.dates, 'date')} and ${plural(r.checkIns, 'check-in')}` };
    }
    const r = await writeBackup(store, target, { signal: ctx.signal, now, onProgress: (p) => ctx.progress(p.phase, p.done, p.total) });
    // The journal's index (the workspace doc) is one of the docs, not a page.
    return { target, message: `${plural(Math.max(0, r.docs - 1), 'page')}, ${(r.bytes / 1024 / 1024).toFixed(1)} MB` };
  };

  const handlers: DataHandlers = {
    'data.status': async () => {
      const d = need();
      return { picker: d.targets.picker, exportsFolder: d.targets.exportsFolder, jobs: runner.running() };
    },

    'data.export': async ({ kind, name }, { clientId }) => {
      const d = need();
      refuseBusy(kind); // before a dialog: never ask where, then refuse
      let target: string | null;
      try {
        target = await d.targets.chooseSave(kind, name ?? suggestedName(kind, now()), clientId);
      } catch (err) {
        if (err instanceof DataTargetError) throw new HostError('bad_request', err.message);
        throw new HostError('refused', failureText(err));
      }
      if (target === null) return { started: false };
      return { started: true, jobId: start(kind, target, runExport(kind, target)), target };
    },

    'data.upload.part': async ({ uploadId, index, count, bytesB64 }, { clientId }) => {
      const d = need();
      if (d.targets.picker !== 'browser') throw new HostError('unavailable', 'The desktop app opens backups from disk; nothing needs uploading.');
      let bytes: Uint8Array;
      try {
        bytes = fromBase64(bytesB64);
      } catch {
        throw new HostError('bad_request', 'The file did not arrive intact; choose it again.');
      }
      try {
        return await uploads.add(clientId, { id: uploadId, index, count, bytes });
      } catch (err) {
        if (err instanceof UploadError) throw new HostError('bad_request', err.message);
        throw new HostError('refused', failureText(err));
      }
    },

    'data.restorePreview': async ({ uploadId, name }, { clientId }) => {
      const d = need();
      sweep();
      let file: string | null;
      let owned = false;
      if (d.targets.picker === 'host') {
        file = await d.targets.chooseOpen('backup', clientId);
        if (file === null) return { preview: null };
      } else {
        if (!uploadId) throw new HostError('bad_request', 'Choose a backup file first.');
        file = uploads.take(clientId, uploadId);
        if (file === null) throw new HostError('bad_request', 'The backup file was not received completely (or waited too long); choose it again.');
        owned = true;
      }
      const shown = owned ? (name ?? 'the uploaded file') : basename(file);
      let parsed: ParsedBackup;
      try {
        parsed = await readBackup(file);
      } catch (err) {
        if (owned) await uploads.release(file).catch(() => undefined);
        // The reader names the file it read: for an upload, that is our temp name, not the user's.
        const text = failureText(err);
        throw new HostError('refused', owned ? text.split(basename(file)).join(shown) : text);
      }
      const preview = describeBackup(parsed, shown);
      while (previews.size >= MAX_PREVIEWS) forget(previews.keys().next().value as string);
      previews.set(preview.previewId, { clientId, file, name: shown, owned, expiresAt: now() + PREVIEW_TTL_MS });
      return { preview };
    },

    'data.restore': async ({ previewId }, { clientId }) => {
      need();
      sweep();
      const held = previews.get(previewId);
      if (!held || held.clientId !== clientId) {
        throw new HostError('refused', 'This backup is no longer chosen (it waited too long or was already restored); choose it again.');
      }
      refuseBusy('restore');
      previews.delete(previewId); // one use; the file is removed when the job ends
      const jobId = start('restore', held.name, async (ctx) => {
        try {
          const r = await restoreBackup(held.file, store, {
            mode: 'merge',
            signal: ctx.signal,
            onProgress: (p) => ctx.progress(p.phase, p.done, p.total),
          });
          return {
            target: held.name,
            message: r.changed === 0 ? 'Your journal already had everything in this backup.' : `${plural(r.changed, 'page')} brought in or combined`,
          };
        } finally {
          if (held.owned) await uploads.release(held.file).catch(() => undefined);
        }
      });
      return { jobId };
    },

    'data.discard': async ({ previewId }, { clientId }) => {
      if (previews.get(previewId)?.clientId === clientId) forget(previewId);
      return { ok: true };
    },

    'data.cancel': async ({ jobId }) => ({ cancelling: runner.cancel(jobId) }),

    'data.autoBackup.get': async () => autoBackupView(store, need().backupsFolder),

    'data.autoBackup.set': async ({ enabled, keep }) => {
      const d = need();
      await writeAutoBackupSettings(store, { ...(enabled !== undefined ? { enabled } : {}), ...(keep !== undefined ? { keep } : {}) });
      // Turned on with no recent backup: the scheduler makes one now (in the background).
      void d.autoBackup?.check();
      return autoBackupView(store, d.backupsFolder);
    },
  };

  return {
    handlers,
    clientGone(clientId) {
      uploads.clientGone(clientId);
      for (const [id, p] of previews) if (p.clientId === clientId) forget(id);
    },
    async dispose() {
      await runner.dispose();
      for (const id of [...previews.keys()]) forget(id);
      await uploads.dispose();
    },
  };
}

/** The preview's numbers, from the backup's workspace doc (only that one doc is opened). */
function describeBackup(parsed: ParsedBackup, file: string): RestorePreview {
  let pages = 0;
  let people = 0;
  const entry = parsed.docs.find((d) => d.id === WORKSPACE_DOC_ID);
  if (entry) {
    const ws = new Y.Doc();
    try {
      Y.applyUpdate(ws, entry.update);
      pagesMap(ws).forEach((rec, id) => {
        const r = readPageRecord(id, rec);
        if (r && r.kind !== 'person' && isLive(rec)) pages++;
      });
      peopleMap(ws).forEach((rec) => {
        if (rec instanceof Y.Map && isLive(rec)) people++;
      });
    } finally {
      ws.destroy();
    }
  }
  return {
    previewId: randomBytes(12).toString('base64url'),
    file,
    createdAt: parsed.createdAt,
    pages,
    people,
    docs: parsed.docs.length,
    bytes: parsed.bytes,
    device: null,
  };
}
