import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { app, dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { DataTargets } from '../services/dataJobs/dataTargets';
import { findAppWindow } from './window';

/**
 * Settings → Your data in the desktop app: the OS Save / Open dialogs, on the window that asked
 * (sheet-style on macOS). The renderer's name is only the suggestion the dialog starts with; the
 * path used is the one the user picked, so the host never trusts a path from the page. The
 * handlers run here in main (electron/host/dataHandlers.ts), so no other process is involved.
 */
export function createDialogTargets(): DataTargets {
  const startIn = (): string => {
    try {
      return app.getPath('documents');
    } catch {
      return homedir();
    }
  };
  const owner = (clientId: string): BrowserWindow | undefined => {
    const w = findAppWindow(clientId)?.win;
    return w && !w.isDestroyed() ? w : undefined;
  };
  const save = async (clientId: string, options: SaveDialogOptions): Promise<string | null> => {
    const win = owner(clientId);
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath || !isAbsolute(r.filePath) ? null : r.filePath;
  };
  const open = async (clientId: string, options: OpenDialogOptions): Promise<string | null> => {
    const win = owner(clientId);
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    const picked = r.filePaths[0];
    return r.canceled || !picked || !isAbsolute(picked) ? null : picked;
  };

  return {
    picker: 'host',
    exportsFolder: null,
    async chooseSave(kind, name, clientId) {
      if (kind === 'vault') {
        // A vault is a folder: pick (or make) an empty one, or one Kindred exported to before.
        return open(clientId, {
          title: 'Export as Markdown vault',
          buttonLabel: 'Export here',
          message: 'Choose an empty folder (or one Kindred exported to before).',
          defaultPath: startIn(),
          properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
        });
      }
      const calendar = kind === 'calendar';
      return save(clientId, {
        title: calendar ? 'Export calendar' : 'Back up your journal',
        buttonLabel: calendar ? 'Export' : 'Back up',
        defaultPath: join(startIn(), name),
        filters: calendar ? [{ name: 'Calendar', extensions: ['ics'] }] : [{ name: 'Kindred backup', extensions: ['kindred-backup'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
    },
    async chooseOpen(_kind, clientId) {
      return open(clientId, {
        title: 'Restore from a backup',
        buttonLabel: 'Choose',
        defaultPath: startIn(),
        filters: [
          { name: 'Kindred backup', extensions: ['kindred-backup'] },
          { name: 'All files', extensions: ['*'] },
        ],
        properties: ['openFile'],
      });
    },
  };
}
