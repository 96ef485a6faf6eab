import { z } from 'zod';
import { DATA_NAME_MAX, DATA_KEEP_MAX, DATA_PART_BYTES, DATA_UPLOAD_MAX_BYTES, DATA_MAX_PARTS } from '../limits';
export { DATA_NAME_MAX, DATA_KEEP_MAX, DATA_PART_BYTES, DATA_UPLOAD_MAX_BYTES, DATA_MAX_PARTS } from '../limits';

/**
 * `data.*`: "Your data" (Settings → Your data, File menu) — export the journal as a Markdown
 * vault or a calendar (.ics), back up, restore a backup into the running journal (a merge), and
 * the daily automatic backup.
 *
 * Where files go is the host's business, never a path the renderer sends:
 *  - the desktop app (`picker: 'host'`): the host shows the Save / Open dialog on the window
 *    that asked; `name` is only the suggested name;
 *  - the browser build (`picker: 'browser'`): the renderer sends a NAME only and the host writes
 *    into its exports folder (checked: no separators, no `..`, nothing outside the folder); a
 *    backup to restore is uploaded in parts (`data.upload.part`), then named by `uploadId`.
 *
 * Long jobs (one of each kind at a time) report `data.progress` to every window until they end
 * as done, cancelled or failed. A cancelled export or backup leaves nothing behind.
 */

export type DataExportKind = 'vault' | 'calendar' | 'backup';
export type DataJobKind = DataExportKind | 'restore';
export type DataJobState = 'running' | 'done' | 'cancelled' | 'failed';
export type DataPicker = 'host' | 'browser';

export interface DataProgress {
  jobId: string;
  kind: DataJobKind;
  /** What the job is doing now: 'listing', 'reading', 'writing', 'checking', 'restoring', 'moving'… */
  phase: string;
  done: number;
  /** 0 while the total is not known yet. */
  total: number;
  state: DataJobState;
  /** Plain words for the end (failed: why; done: a summary like "1,200 pages"). */
  message?: string;
  /** Where it was written (done) or what was restored from. */
  target?: string;
}

export interface AutoBackupView {
  enabled: boolean;
  /** How many daily backups are kept (older ones are removed). */
  keep: number;
  /** The folder daily backups go to. */
  folder: string;
  /** The newest daily backup written, or null when none has been. */
  last: { at: number; file: string } | null;
  /** Daily backups in the folder now. */
  kept: number;
  /** Why the latest automatic backup failed (cleared by the next success). */
  error: string | null;
}

export interface DataStatus {
  picker: DataPicker;
  /** The browser build's exports folder (null in the desktop app, which asks each time). */
  exportsFolder: string | null;
  /** Jobs running now (a window that opens Your data mid-job shows them). */
  jobs: DataProgress[];
}

export interface RestorePreview {
  /** Names the chosen file on the host (one use, 10 minutes). */
  previewId: string;
  /** The file's name (not its folder). */
  file: string;
  createdAt: number;
  pages: number;
  people: number;
  /** Docs in the file (pages' content, plus the journal's index). */
  docs: number;
  bytes: number;
  /** The device that made it, when the backup says; format 1 does not record it. */
  device: string | null;
}


export type DataExportResult = { started: true; jobId: string; target: string } | { started: false };

export interface DataRequests {
  'data.status': { params: Record<string, never>; result: DataStatus };
  /** Starts an export; `started: false` when the user closed the Save dialog. */
  'data.export': { params: { kind: DataExportKind; name?: string }; result: DataExportResult };
  /** One part of a backup file to restore (browser build); parts in order 0…count-1. */
  'data.upload.part': {
    params: { uploadId: string; index: number; count: number; bytesB64: string };
    result: { done: boolean; bytes: number };
  };
  /**
   * Reads and checks a backup (nothing changes): the desktop app asks for the file with an Open
   * dialog (`preview: null` when closed), the browser build names an upload.
   */
  'data.restorePreview': { params: { uploadId?: string; name?: string }; result: { preview: RestorePreview | null } };
  /** Merges a previewed backup into the journal (a job: progress, cancel). */
  'data.restore': { params: { previewId: string }; result: { jobId: string } };
  /** Forgets a preview the user did not restore. */
  'data.discard': { params: { previewId: string }; result: { ok: true } };
  /** Asks a running job to stop; answers whether there was one to stop. */
  'data.cancel': { params: { jobId: string }; result: { cancelling: boolean } };
  'data.autoBackup.get': { params: Record<string, never>; result: AutoBackupView };
  'data.autoBackup.set': { params: { enabled?: boolean; keep?: number }; result: AutoBackupView };
}

export interface DataEvents {
  'data.progress': DataProgress;
}

const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Not a valid id.');
const b64Max = (bytes: number): number => Math.ceil(bytes / 3) * 4;

export const dataRequestSchemas = {
  'data.status': z.object({}).strict(),
  'data.export': z
    .object({
      kind: z.enum(['vault', 'calendar', 'backup']),
      name: z.string().min(1, 'Give the export a name.').max(DATA_NAME_MAX, `A name has at most ${DATA_NAME_MAX} characters.`).optional(),
    })
    .strict(),
  'data.upload.part': z
    .object({
      uploadId: id,
      index: z.number().int().min(0),
      count: z.number().int().min(1).max(DATA_MAX_PARTS, `A backup may have at most ${DATA_UPLOAD_MAX_BYTES / 1024 / 1024} MiB.`),
      bytesB64: z.string().min(1).max(b64Max(DATA_PART_BYTES)),
    })
    .strict()
    .refine((p) => p.index < p.count, 'index must be below count'),
  'data.restorePreview': z.object({ uploadId: id.optional(), name: z.string().min(1).max(255).optional() }).strict(),
  'data.restore': z.object({ previewId: id }).strict(),
  'data.discard': z.object({ previewId: id }).strict(),
  'data.cancel': z.object({ jobId: id }).strict(),
  'data.autoBackup.get': z.object({}).strict(),
  'data.autoBackup.set': z
    .object({
      enabled: z.boolean().optional(),
      keep: z.number().int().min(1, 'Keep at least 1 backup.').max(DATA_KEEP_MAX, `Keep at most ${DATA_KEEP_MAX} backups.`).optional(),
    })
    .strict(),
} satisfies Record<string, z.ZodType>;

// Produced by the host itself; the renderer checks the fields it uses.
export const dataEventSchemas = {
  'data.progress': z.unknown() as unknown as z.ZodType<DataEvents['data.progress']>,
} satisfies Record<string, z.ZodType>;
