import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DesktopPlatform } from './accelerator';
import { writeFileAtomic } from './atomicFile';

/**
 * "Start at login". macOS and Windows go through Electron's `app.setLoginItemSettings` /
 * `getLoginItemSettings` (injected); Linux has no Electron API (electron#15198), so an XDG
 * autostart entry `<autostartDir>/kindred.desktop` is written (enable) or removed (disable).
 * Only that one file is ever touched. For an AppImage pass `$APPIMAGE` as execPath (see
 * loginExecPath): `process.execPath` points into a mount that is gone after a reboot.
 */

/** The parts of Electron's LoginItemSettings this uses. */
export interface LoginItemSettingsLike {
  openAtLogin: boolean;
  /** macOS 13+: 'not-registered' | 'enabled' | 'requires-approval' | 'not-found'. */
  status?: string;
}

export interface LoginItemsOptions {
  platform: DesktopPlatform;
  setLoginItemSettings?: (settings: { openAtLogin: boolean; path?: string; args?: string[] }) => void;
  getLoginItemSettings?: (options?: { path?: string; args?: string[] }) => LoginItemSettingsLike;
  /** `$XDG_CONFIG_HOME/autostart`, usually ~/.config/autostart (Linux only). */
  autostartDir: string;
  execPath: string;
  /** Arguments for a login launch; default ['--background'] (start hidden, tray only). */
  args?: string[];
}

export interface LoginItemState {
  enabled: boolean;
  /** Plain words when the OS needs the user to do something (macOS approval), else ''. */
  note: string;
}

export interface LoginItems {
  set(enabled: boolean): Promise<LoginItemState>;
  get(): Promise<LoginItemState>;
}

export const AUTOSTART_FILE = 'kindred.desktop';

/** The executable a login launch should run: the AppImage itself when running from one. */
export function loginExecPath(execPath: string, env: Record<string, string | undefined>): string {
  return env.APPIMAGE && env.APPIMAGE.length > 0 ? env.APPIMAGE : execPath;
}

/**
 * One Exec argument, quoted per the Desktop Entry spec ("Exec key"): inside double quotes,
 * `"`, `` ` ``, `$` and `\` take a backslash. The whole value is then a string value, whose
 * own escaping doubles every backslash again, and `%` must be written `%%` (field codes).
 */
export function quoteExecArg(arg: string): string {
  if (/[\n\r\t\0]/.test(arg)) throw new Error('A path with a line break or tab cannot be written to an autostart entry.');
  const quoted = `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function autostartEntry(execPath: string, args: readonly string[]): string {
  const exec = [quoteExecArg(execPath), ...args.map(quoteExecArg)].join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Kindred',
    'Comment=Start Kindred in the background',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Whether an autostart entry's text would start the app (a desktop can disable it in place). */
export function autostartEnabled(text: string): boolean {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  if (lines.includes('Hidden=true')) return false;
  if (lines.includes('X-GNOME-Autostart-enabled=false')) return false;
  return lines.some((l) => l.startsWith('Exec='));
}

const APPROVAL_NOTE = 'macOS needs your approval: open System Settings → General → Login Items and allow Kindred.';

export function createLoginItems(options: LoginItemsOptions): LoginItems {
  const args = options.args ?? ['--background'];
  const entryFile = join(options.autostartDir, AUTOSTART_FILE);

  const fromElectron = (): LoginItemState => {
    const get = options.getLoginItemSettings;
    if (!get) return { enabled: false, note: 'Start at login is not available here.' };
    // Windows keys the registry entry on path + args, so ask with the same ones we set.
    const s = options.platform === 'win32' ? get({ path: options.execPath, args }) : get();
    return { enabled: s.openAtLogin, note: s.status === 'requires-approval' ? APPROVAL_NOTE : '' };
  };

  return {
    async set(enabled) {
      if (options.platform === 'darwin' || options.platform === 'win32') {
        const set = options.setLoginItemSettings;
        if (!set) throw new Error('Start at login is not available here.');
        // macOS (SMAppService) takes no arguments; the app reads `wasOpenedAtLogin` instead.
        set(options.platform === 'win32' ? { openAtLogin: enabled, path: options.execPath, args } : { openAtLogin: enabled });
        return fromElectron();
      }
      if (enabled) await writeFileAtomic(entryFile, autostartEntry(options.execPath, args), 0o644);
      else await rm(entryFile, { force: true });
      return { enabled, note: '' };
    },
    async get() {
      if (options.platform === 'darwin' || options.platform === 'win32') return fromElectron();
      try {
        return { enabled: autostartEnabled(await readFile(entryFile, 'utf8')), note: '' };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { enabled: false, note: '' };
        throw err;
      }
    },
  };
}
