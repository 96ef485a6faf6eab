import type { SettingsView } from '../../../shared/host/slices/settings';

/**
 * The little logic the Settings page needs beyond React: accepting the host's view only when it
 * has the shape we know, splitting a shortcut into keys (and naming them for screen readers), and
 * the words for each platform. Pure, so it is tested without a DOM.
 */

/**
 * `settings.changed` is not validated on the way in (the host produces it), and an older or newer
 * host may send something else: the page keeps what it has rather than breaking.
 */
export function isSettingsView(value: unknown): value is SettingsView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const s = v.settings as Record<string, unknown> | null | undefined;
  const h = v.hotkey as Record<string, unknown> | null | undefined;
  return (
    typeof v.available === 'boolean' &&
    typeof v.platform === 'string' &&
    typeof v.backgroundDefault === 'boolean' &&
    typeof s === 'object' &&
    s !== null &&
    typeof s.captureHotkey === 'string' &&
    typeof s.keepRunning === 'boolean' &&
    typeof s.startAtLogin === 'boolean' &&
    (s.captureMode === 'note' || s.captureMode === 'today') &&
    typeof h === 'object' &&
    h !== null &&
    typeof h.state === 'string' &&
    typeof h.message === 'string' &&
    typeof h.display === 'string' &&
    Array.isArray(h.suggestions) &&
    (v.wayland === null || (typeof v.wayland === 'object' && typeof (v.wayland as { instructions?: unknown }).instructions === 'string'))
  );
}

const MAC_MODIFIERS = '⌃⌥⇧⌘';

/**
 * A shortcut as the host displays it, split into the keys to draw: "Ctrl+Shift+Space" →
 * ["Ctrl", "Shift", "Space"]; "⇧⌘Space" → ["⇧", "⌘", "Space"]; "Ctrl++" → ["Ctrl", "+"].
 */
export function displayKeys(display: string): string[] {
  const keys: string[] = [];
  let rest = display.trim();
  while (rest.length > 1 && MAC_MODIFIERS.includes(rest[0]!)) {
    keys.push(rest[0]!);
    rest = rest.slice(1);
  }
  if (rest === '+' || rest === '') return rest ? [...keys, rest] : keys;
  let plus = false;
  if (rest.endsWith('++')) {
    plus = true;
    rest = rest.slice(0, -2);
  }
  const parts = rest.split('+').filter((p) => p !== '');
  return plus ? [...keys, ...parts, '+'] : [...keys, ...parts];
}

const SPOKEN: Record<string, string> = {
  '⌃': 'Control',
  '⌥': 'Option',
  '⇧': 'Shift',
  '⌘': 'Command',
  '↩': 'Return',
  '⇥': 'Tab',
  '⌫': 'Delete',
  '⌦': 'Forward Delete',
  '⎋': 'Escape',
  '↑': 'Up Arrow',
  '↓': 'Down Arrow',
  '←': 'Left Arrow',
  '→': 'Right Arrow',
  '⇞': 'Page Up',
  '⇟': 'Page Down',
  '↖': 'Home',
  '↘': 'End',
  '+': 'Plus',
  Ctrl: 'Control',
  Esc: 'Escape',
  Del: 'Delete',
  Ins: 'Insert',
  PgUp: 'Page Up',
  PgDn: 'Page Down',
};

/** What a screen reader should say for one key ("⌘" → "Command"). */
export function spokenKey(key: string): string {
  return SPOKEN[key] ?? key;
}

/** The whole shortcut in words: "Shift Command Space", "Control Shift Space". */
export function spokenShortcut(display: string): string {
  return displayKeys(display).map(spokenKey).join(' ');
}

export function platformName(platform: string): string {
  if (platform === 'darwin') return 'macOS';
  if (platform === 'win32') return 'Windows';
  if (platform === 'linux') return 'Linux';
  return 'this computer';
}

/** Under "Keep Kindred running…": what it means here, and the platform's default. */
export function keepRunningHelp(platform: string, backgroundDefault: boolean): string {
  const name = platformName(platform);
  const byDefault = `${backgroundDefault ? 'On' : 'Off'} by default on ${name}.`;
  if (platform === 'darwin') {
    return `Closing the window leaves Kindred in the menu bar and the Dock, so quick capture keeps working. ${byDefault}`;
  }
  if (platform === 'linux') {
    return (
      `Kindred then waits in the tray, where “Open Kindred” brings the window back and quick capture keeps working. ` +
      `${byDefault} Some desktops (GNOME without an extension, for example) show no tray icons, so a hidden Kindred can be hard to find; ` +
      `when this is off, closing the window quits Kindred.`
    );
  }
  return `Kindred then waits in the notification area, and quick capture keeps working. When this is off, closing the window quits Kindred. ${byDefault}`;
}

export function startAtLoginHelp(platform: string): string {
  if (platform === 'linux') return 'Kindred adds itself to your desktop’s autostart list, and starts in the background.';
  return 'Kindred starts in the background, ready for quick capture.';
}

/** The page's line after a toggle or choice was saved. */
export function savedText(patch: { keepRunning?: boolean; startAtLogin?: boolean; captureMode?: 'note' | 'today' }): string {
  if (patch.keepRunning !== undefined) {
    return patch.keepRunning ? 'Saved. Kindred keeps running when you close the window.' : 'Saved. Closing the window quits Kindred.';
  }
  if (patch.startAtLogin !== undefined) {
    return patch.startAtLogin ? 'Saved. Kindred will start when you log in.' : 'Saved. Kindred won’t start when you log in.';
  }
  if (patch.captureMode !== undefined) {
    return patch.captureMode === 'today' ? 'Saved. Quick captures are added to today’s journal.' : 'Saved. Quick captures are saved as conversation notes.';
  }
  return 'Saved.';
}
