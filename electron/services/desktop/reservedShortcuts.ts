/**
 * Shortcuts the OS keeps for itself. `globalShortcut.register` may still return true for some
 * of them (macOS hands ⌘Space to Spotlight anyway; Windows keeps Win+L), which would leave a
 * shortcut that looks active and never fires — so they are refused up front with the reason.
 * Common input-method toggles are only warned about: they matter only to people who type in
 * more than one script or language. Accelerators are in canonical form (parseAccelerator).
 */
import type { DesktopPlatform } from './accelerator';

export interface ReservedShortcut {
  /** Plain words, e.g. "⌘Space opens Spotlight". */
  reason: string;
  /** True: refuse it. False: allow it, but show the reason as a warning. */
  refuse: boolean;
}

type Table = Record<string, string>;

const MAC_RESERVED: Table = {
  'CommandOrControl+Space': 'opens Spotlight',
  'Command+Space': 'opens Spotlight',
  'CommandOrControl+Alt+Space': 'opens a Finder search window',
  'CommandOrControl+Control+Space': 'opens the emoji picker',
  'CommandOrControl+Tab': 'switches apps',
  'CommandOrControl+Control+Q': 'locks the screen',
  'CommandOrControl+Shift+3': 'takes a screenshot',
  'CommandOrControl+Shift+4': 'takes a screenshot',
  'CommandOrControl+Shift+5': 'opens the screenshot tools',
  'CommandOrControl+Alt+Escape': 'opens Force Quit',
};
const WINDOWS_RESERVED: Table = {
  'Super+Space': 'switches the input language',
  'Super+L': 'locks the computer',
  'Super+D': 'shows the desktop',
  'Super+E': 'opens File Explorer',
  'Super+R': 'opens Run',
  'Alt+Tab': 'switches windows',
  'Alt+F4': 'closes the window in front',
  'CommandOrControl+Alt+Delete': 'is reserved by Windows',
  'CommandOrControl+Shift+Escape': 'opens Task Manager',
};
const LINUX_RESERVED: Table = {
  'Super+Space': 'switches the input source on most desktops',
  'Super+L': 'locks the screen',
  'Alt+Tab': 'switches windows',
  'Alt+F4': 'closes the window in front',
  'Alt+F2': 'opens the run dialog',
  'CommandOrControl+Alt+Delete': 'logs out or restarts',
  'CommandOrControl+Alt+T': 'opens a terminal on many desktops',
};
/** Input-method toggles (IBus, Fcitx, Windows IMEs, macOS input sources). */
const IME_TOGGLES: Record<string, Table> = {
  darwin: { 'Control+Space': 'switches the input source', 'Control+Alt+Space': 'switches to the next input source' },
  other: {
    'CommandOrControl+Space': 'switches the input method (IME) for many people',
    'Shift+Space': 'switches the input method (IME) for many people',
  },
};

export function reservedShortcut(accelerator: string, platform: DesktopPlatform): ReservedShortcut | null {
  const table = platform === 'darwin' ? MAC_RESERVED : platform === 'win32' ? WINDOWS_RESERVED : LINUX_RESERVED;
  const reserved = table[accelerator];
  if (reserved) return { reason: reserved, refuse: true };
  const ime = IME_TOGGLES[platform === 'darwin' ? 'darwin' : 'other']![accelerator];
  if (ime) return { reason: ime, refuse: false };
  return null;
}
