/**
 * The key part of an accelerator: the names Electron's accelerator parser accepts (see
 * Electron's docs/api/accelerator.md "Available key codes"), their canonical spelling, how
 * they are shown, and the DOM `KeyboardEvent.code` each physical key reports.
 */
import type { DesktopPlatform } from './accelerator';

const NAMED_KEYS = [
  'Space', 'Tab', 'Enter', 'Backspace', 'Delete', 'Insert', 'Home', 'End', 'PageUp', 'PageDown',
  'Up', 'Down', 'Left', 'Right', 'Escape', 'Plus', 'Capslock', 'Numlock', 'Scrolllock', 'PrintScreen',
  'VolumeUp', 'VolumeDown', 'VolumeMute', 'MediaNextTrack', 'MediaPreviousTrack', 'MediaStop', 'MediaPlayPause',
  'num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9',
  'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
] as const;

/** Lower-case spelling → canonical name; aliases Electron documents included. */
const KEY_SPELLINGS: Record<string, string> = Object.fromEntries([
  ...NAMED_KEYS.map((k) => [k.toLowerCase(), k]),
  ['return', 'Enter'],
  ['esc', 'Escape'],
  ['arrowup', 'Up'],
  ['arrowdown', 'Down'],
  ['arrowleft', 'Left'],
  ['arrowright', 'Right'],
  ['del', 'Delete'],
  ['spacebar', 'Space'],
]);

/** Unshifted punctuation Electron reads as the key itself. */
const PUNCTUATION = new Set(['-', '=', '[', ']', '\\', ';', "'", ',', '.', '/', '`']);
/** Shifted characters → the unshifted key on a US layout (Electron would add Shift silently). */
const SHIFTED: Record<string, string> = {
  '!': '1', '@': '2', '#': '3', $: '4', '%': '5', '^': '6', '&': '7', '*': '8', '(': '9', ')': '0',
  _: '-', '{': '[', '}': ']', '|': '\\', ':': ';', '"': "'", '<': ',', '>': '.', '?': '/', '~': '`',
};

export type KeyParse = { ok: true; key: string } | { ok: false; error: string };

export function normaliseKey(part: string): KeyParse {
  if (/^[a-z0-9]$/i.test(part)) return { ok: true, key: part.toUpperCase() };
  const fn = /^f(\d{1,2})$/i.exec(part);
  if (fn) {
    const n = Number(fn[1]);
    if (n >= 1 && n <= 24) return { ok: true, key: `F${n}` };
    return { ok: false, error: `“${part}”: function keys go from F1 to F24.` };
  }
  if (PUNCTUATION.has(part)) return { ok: true, key: part };
  const unshifted = SHIFTED[part];
  if (unshifted !== undefined) return { ok: false, error: `“${part}” depends on the keyboard layout; write Shift+${unshifted} instead.` };
  const named = KEY_SPELLINGS[part.toLowerCase()];
  if (named) return { ok: true, key: named };
  const shown = part.length > 30 ? `${part.slice(0, 30)}…` : part;
  return {
    ok: false,
    error: `“${shown}” is not a key a shortcut can use; use a letter, a digit, F1–F24, Space, Tab, Enter, an arrow, punctuation or a media key.`,
  };
}

const MAC_SYMBOLS: Record<string, string> = {
  Enter: '↩', Tab: '⇥', Backspace: '⌫', Delete: '⌦', Escape: '⎋', Up: '↑', Down: '↓', Left: '←', Right: '→',
  PageUp: '⇞', PageDown: '⇟', Home: '↖', End: '↘', Plus: '+',
};
const OTHER_LABELS: Record<string, string> = { Plus: '+', Escape: 'Esc', Delete: 'Del', Insert: 'Ins', PageUp: 'PgUp', PageDown: 'PgDn' };

export function displayKey(key: string, platform: DesktopPlatform): string {
  if (/^num\d$/.test(key)) return `Num ${key.slice(3)}`;
  return (platform === 'darwin' ? MAC_SYMBOLS[key] : OTHER_LABELS[key]) ?? key;
}

const CODE_KEYS: Record<string, string> = {
  Space: 'Space', Tab: 'Tab', Enter: 'Enter', NumpadEnter: 'Enter', Backspace: 'Backspace', Delete: 'Delete',
  Insert: 'Insert', Home: 'Home', End: 'End', PageUp: 'PageUp', PageDown: 'PageDown', Escape: 'Escape',
  ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right', CapsLock: 'Capslock',
  NumLock: 'Numlock', ScrollLock: 'Scrolllock', PrintScreen: 'PrintScreen',
  Minus: '-', Equal: '=', BracketLeft: '[', BracketRight: ']', Backslash: '\\', Semicolon: ';', Quote: "'",
  Comma: ',', Period: '.', Slash: '/', Backquote: '`',
  NumpadDecimal: 'numdec', NumpadAdd: 'numadd', NumpadSubtract: 'numsub', NumpadMultiply: 'nummult', NumpadDivide: 'numdiv',
  AudioVolumeUp: 'VolumeUp', AudioVolumeDown: 'VolumeDown', AudioVolumeMute: 'VolumeMute',
  MediaTrackNext: 'MediaNextTrack', MediaTrackPrevious: 'MediaPreviousTrack', MediaStop: 'MediaStop', MediaPlayPause: 'MediaPlayPause',
};

/** `KeyboardEvent.code` → accelerator key name, or undefined for codes with no accelerator name. */
export function keyFromCode(code: string): string | undefined {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1];
  const digit = /^Digit(\d)$/.exec(code);
  if (digit) return digit[1];
  const numpad = /^Numpad(\d)$/.exec(code);
  if (numpad) return `num${numpad[1]}`;
  if (/^F([1-9]|1\d|2[0-4])$/.test(code)) return code;
  return CODE_KEYS[code];
}
