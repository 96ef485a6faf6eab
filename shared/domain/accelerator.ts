/**
 * Global-shortcut text (Electron "accelerator") → one canonical form, a display label, or a
 * plain-words error. Settings, the key recorder and the hotkey manager all go through here, so
 * what is stored is always something Electron's `globalShortcut.register` understands.
 *
 * Platform decisions (Electron: "On Linux and Windows, the Command key does not have any
 * effect"):
 * - Command/Cmd is refused off macOS (it would silently never fire); CommandOrControl is the
 *   portable spelling and is what the recorder writes for ⌘ on a Mac and Ctrl elsewhere.
 * - Option is Electron's alias of Alt everywhere; it is stored as "Alt".
 * - Super/Meta is the ⌘ key on macOS (stored as "Command") and the Windows/Super key elsewhere.
 * - Control off macOS is stored as "CommandOrControl" (the same key there), like the recorder.
 * - AltGr does not exist on a Mac keyboard: refused on darwin.
 * - Shift alone, and on macOS Option or Option+Shift alone, are refused with a printable key:
 *   they would take over typing (capital letters, ⌥-characters; macOS 15 refuses those itself).
 *
 * Pure and in shared/ (moved from electron/services/desktop, which re-exports it) because the
 * renderer's key recorder maps key events and shows shortcuts with the same rules as the host.
 */
import { displayKey, keyFromCode, normaliseKey } from './acceleratorKeys';

export type DesktopPlatform = 'darwin' | 'win32' | 'linux' | (string & {});

export type AcceleratorResult =
  | {
      ok: true;
      /** Canonical Electron form, e.g. "CommandOrControl+Shift+Space". */
      accelerator: string;
      /** "Ctrl+Shift+Space", or "⌘⇧Space" on darwin. */
      display: string;
    }
  | { ok: false; /** Plain words, safe to show as is. */ error: string };

/** The fields of a DOM KeyboardEvent the recorder needs (JSON-safe, so it can cross the host). */
export interface RecordedKeyEvent {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export const DEFAULT_CAPTURE_HOTKEY = 'CommandOrControl+Shift+Space';

/** Longer than any real accelerator; stops pathological input before any work. */
const MAX_LENGTH = 100;

type Modifier = 'CommandOrControl' | 'Command' | 'Control' | 'Alt' | 'AltGr' | 'Shift' | 'Super';
/** Canonical order of modifiers in the stored form. */
const ORDER: readonly Modifier[] = ['CommandOrControl', 'Command', 'Control', 'Alt', 'AltGr', 'Shift', 'Super'];

const MODIFIER_SPELLINGS: Record<string, Modifier> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};

/** The physical key each modifier means on a platform: two spellings of one key are duplicates. */
function physical(mod: Modifier, platform: DesktopPlatform): string {
  const mac = platform === 'darwin';
  if (mod === 'CommandOrControl') return mac ? 'cmd' : 'ctrl';
  if (mod === 'Command' || mod === 'Super') return mac ? 'cmd' : 'super';
  if (mod === 'Control') return 'ctrl';
  return mod.toLowerCase();
}

function label(mod: Modifier, platform: DesktopPlatform): string {
  if (platform === 'darwin') {
    return { CommandOrControl: '⌘', Command: '⌘', Super: '⌘', Control: '⌃', Alt: '⌥', AltGr: '⌥', Shift: '⇧' }[mod];
  }
  const superName = platform === 'win32' ? 'Win' : 'Super';
  return { CommandOrControl: 'Ctrl', Command: 'Cmd', Super: superName, Control: 'Ctrl', Alt: 'Alt', AltGr: 'AltGr', Shift: 'Shift' }[mod];
}

/** Apple's order ⌃⌥⇧⌘; elsewhere Ctrl+Alt+AltGr+Shift+Super. */
function displayOrder(platform: DesktopPlatform): (m: Modifier) => number {
  const rank: Record<string, number> =
    platform === 'darwin'
      ? { ctrl: 0, alt: 1, altgr: 1, shift: 2, cmd: 3 }
      : { ctrl: 0, alt: 1, altgr: 2, shift: 3, super: 4 };
  return (m) => rank[physical(m, platform)] ?? 9;
}

const fail = (error: string): AcceleratorResult => ({ ok: false, error });

export function parseAccelerator(text: string, platform: DesktopPlatform): AcceleratorResult {
  if (typeof text !== 'string' || text.trim() === '') return fail('Type a shortcut, for example Ctrl+Shift+Space.');
  if (text.length > MAX_LENGTH) return fail('That is too long to be a shortcut.');
  const shown = text.trim();
  const parts = shown.split('+').map((p) => p.trim());
  // Empty parts come from stray pluses; say which kind.
  if (parts.length > 1 && parts.every((p) => p === '')) return fail(`“${shown}”: write “Plus” for the + key, e.g. Ctrl+Shift+Plus.`);
  if (parts[parts.length - 1] === '') {
    if (parts.length > 2 && parts[parts.length - 2] === '') return fail(`“${shown}”: write “Plus” for the + key, e.g. Ctrl+Plus.`);
    return fail(`“${shown}” needs a key after the plus.`);
  }
  if (parts[0] === '') return fail(`“${shown}” starts with a plus; put a modifier such as Ctrl before it.`);
  if (parts.includes('')) return fail(`“${shown}” has two pluses in a row; write “Plus” for the + key.`);

  const mods: Modifier[] = [];
  const keys: string[] = [];
  const seen = new Map<string, string>();
  for (const part of parts) {
    const mod = MODIFIER_SPELLINGS[part.toLowerCase()];
    if (mod) {
      if (mod === 'Command' && platform !== 'darwin') {
        return fail(`“${part}” only exists on a Mac; use Ctrl (or CommandOrControl) instead.`);
      }
      if (mod === 'AltGr' && platform === 'darwin') return fail('A Mac keyboard has no AltGr key; use Option (⌥) instead.');
      const key = physical(mod, platform);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        return fail(earlier.toLowerCase() === part.toLowerCase() ? `“${shown}” names ${earlier} twice.` : `“${shown}” names the same key twice (${earlier} and ${part}).`);
      }
      seen.set(key, part);
      mods.push(mod);
      continue;
    }
    const key = normaliseKey(part);
    if (!key.ok) return fail(key.error);
    keys.push(key.key);
  }

  if (keys.length === 0) {
    const example = [...parts, 'Space'].join('+');
    return fail(`“${shown}” has no key, only modifiers; add one, e.g. ${example}.`);
  }
  if (keys.length > 1) {
    return fail(`“${shown}” has ${keys.length === 2 ? 'two' : keys.length} keys (${keys.join(' and ')}); a shortcut has exactly one key after its modifiers.`);
  }
  const key = keys[0]!;
  const isFunctionKey = /^F([1-9]|1\d|2[0-4])$/.test(key);
  if (mods.length === 0 && !isFunctionKey) {
    return fail(`“${shown}” needs a modifier such as Ctrl or Alt; only F1–F24 may be used alone.`);
  }
  const typing = /^([A-Z0-9]|Space|[-=[\]\\;',./`])$/.test(key);
  if (typing && mods.every((m) => m === 'Shift')) {
    return fail(`Shift+${key} would take over typing; add Ctrl or Alt.`);
  }
  if (typing && platform === 'darwin' && mods.every((m) => m === 'Alt' || m === 'Shift')) {
    return fail('macOS does not allow shortcuts with only Option (and Shift); add ⌘ or ⌃.');
  }

  // One key, one stored spelling: Super is Command on a Mac, Control is CommandOrControl
  // elsewhere (so Ctrl+Alt+K and CmdOrCtrl+Alt+K are recognised as the same shortcut).
  const canonical = mods.map((m): Modifier => {
    if (m === 'Super' && platform === 'darwin') return 'Command';
    if (m === 'Control' && platform !== 'darwin') return 'CommandOrControl';
    return m;
  });
  canonical.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  const shownMods = [...canonical].sort((a, b) => displayOrder(platform)(a) - displayOrder(platform)(b));
  const keyLabel = displayKey(key, platform);
  const display =
    platform === 'darwin'
      ? shownMods.map((m) => label(m, platform)).join('') + keyLabel
      : [...shownMods.map((m) => label(m, platform)), keyLabel].join('+');
  return { ok: true, accelerator: [...canonical, key].join('+'), display };
}

const MODIFIER_KEYS = new Set(['Control', 'Shift', 'Alt', 'AltGraph', 'Meta', 'OS', 'Super', 'Hyper', 'Fn']);

/**
 * The key recorder: a keydown → an accelerator. Uses `code` (the physical key), so ⌥A on a Mac
 * (which types "å") or an AltGr letter records as A; falls back to `key` when `code` is unknown.
 * ⌘ on a Mac and Ctrl elsewhere record as CommandOrControl (the portable spelling).
 */
export function acceleratorFromKeyEvent(event: RecordedKeyEvent, platform: DesktopPlatform): AcceleratorResult {
  if (MODIFIER_KEYS.has(event.key)) return fail('Keep holding the modifiers and press a key.');
  const key = keyFromCode(event.code) ?? (event.key.length === 1 ? event.key.toUpperCase() : event.key);
  if (!key || key === 'Unidentified' || key === 'Dead') return fail('That key cannot be used in a shortcut; try another.');
  const mods: string[] = [];
  const mac = platform === 'darwin';
  if (mac ? event.metaKey : event.ctrlKey) mods.push('CommandOrControl');
  if (mac && event.ctrlKey) mods.push('Control');
  if (event.altKey) mods.push('Alt');
  if (event.shiftKey) mods.push('Shift');
  if (!mac && event.metaKey) mods.push('Super');
  return parseAccelerator([...mods, key === '+' ? 'Plus' : key].join('+'), platform);
}
