import { existsSync } from 'node:fs';
import { lstat, mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataExportKind, DataPicker } from '../../../shared/host/slices/data';
import { DATA_NAME_MAX } from '../../../shared/host/slices/data';
import { isWithin } from '../containment';

/**
 * Where "Your data" writes and reads files. The renderer never hands the host a path it trusts:
 *  - the desktop app implements this with the OS Save/Open dialogs on the asking window
 *    (electron/main/dataDialogs.ts), so the path is whatever the user picked there;
 *  - the browser build (`exportsFolderTargets`) takes a NAME only and resolves it inside its
 *    exports folder, refusing separators, `..`, hidden or reserved names and anything that
 *    resolves outside the folder (a symlink included).
 */
export interface DataTargets {
  picker: DataPicker;
  /** The browser build's exports folder; null when the user picks each time. */
  exportsFolder: string | null;
  /**
   * An absolute path to write `kind` to (a folder for the vault), or null when the user closed
   * the dialog. `name` is the renderer's wish: a suggestion for a dialog, the name in the folder.
   */
  chooseSave(kind: DataExportKind, name: string, clientId: string): Promise<string | null>;
  /** An absolute path of a backup to read, or null when closed; the browser build uploads instead. */
  chooseOpen(kind: 'backup', clientId: string): Promise<string | null>;
}

/** What a host gives the `data.*` handlers (electron/host/dataHandlers.ts). */
export interface DataServices {
  targets: DataTargets;
  /** Where the daily backups go (shown in Settings). */
  backupsFolder: string;
  /** The daily backup's scheduler when it runs in this process: asked to look again after a change. */
  autoBackup?: { check(): Promise<void> } | null;
  /** Where uploaded backups wait (the OS temp folder by default). */
  uploadDir?: string;
}

export class DataTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataTargetError';
  }
}

export const EXTENSIONS: Record<DataExportKind, string> = { vault: '', calendar: '.ics', backup: '.kindred-backup' };

/** "Kindred vault 2026-11-30", "Kindred birthdays 2026-11-30.ics", "Kindred backup 2026-11-30.kindred-backup". */
export function suggestedName(kind: DataExportKind, nowMs: number): string {
  const d = new Date(nowMs);
  const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const stem = kind === 'vault' ? 'Kindred vault' : kind === 'calendar' ? 'Kindred birthdays' : 'Kindred backup';
  return `${stem} ${day}${EXTENSIONS[kind]}`;
}

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * The name as it will be written (the kind's extension added when missing), or a
 * DataTargetError in plain words. Only one path segment of ordinary characters passes.
 */
export function checkExportName(kind: DataExportKind, raw: string): string {
  const name = raw.normalize('NFC').trim();
  if (!name) throw new DataTargetError('Give the export a name.');
  if (name.length > DATA_NAME_MAX) throw new DataTargetError(`A name has at most ${DATA_NAME_MAX} characters.`);
  if (/[/\\]/.test(name)) throw new DataTargetError('A name cannot contain / or \\ — it is a name in the exports folder, not a path.');
  if (/[\u0000-\u001f\u007f:*?"<>|]/.test(name)) throw new DataTargetError('A name cannot contain control characters or any of : * ? " < > |');
  if (name === '.' || name === '..' || name.startsWith('.')) throw new DataTargetError('A name cannot start with a dot.');
  if (RESERVED.test(name)) throw new DataTargetError(`"${name}" is a name some systems reserve; choose another.`);
  const ext = EXTENSIONS[kind];
  return ext && !name.toLowerCase().endsWith(ext) ? `${name}${ext}` : name;
}

/** The browser build's targets: names inside `folder` (created when first used). */
export function exportsFolderTargets(folder: string): DataTargets {
  return {
    picker: 'browser',
    exportsFolder: folder,
    async chooseSave(kind, rawName) {
      const name = checkExportName(kind, rawName);
      try {
        await mkdir(folder, { recursive: true });
      } catch (err) {
        throw new DataTargetError(`Cannot create the exports folder ${folder}: ${(err as Error).message}`);
      }
      const root = await realpath(folder);
      const target = join(root, name);
      if (!isWithin(root, target)) throw new DataTargetError('That name leads outside the exports folder.');
      if (existsSync(target)) {
        const info = await lstat(target);
        if (info.isSymbolicLink()) throw new DataTargetError(`"${name}" in the exports folder is a link; choose another name.`);
        // A vault folder may be exported to again (the export only replaces its own files);
        // a file is never replaced from the browser build: the user did not see it to agree.
        if (kind !== 'vault' || !info.isDirectory()) {
          throw new DataTargetError(`There is already ${info.isDirectory() ? 'a folder' : 'a file'} named "${name}" in ${folder}. Choose another name.`);
        }
      }
      return target;
    },
    async chooseOpen() {
      throw new DataTargetError('In the browser, choose the backup file in the page; it is uploaded to Kindred.');
    },
  };
}
