import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPTURE_HOTKEY, acceleratorFromKeyEvent, parseAccelerator } from './accelerator';
import type { AcceleratorResult, RecordedKeyEvent } from './accelerator';

const ok = (r: AcceleratorResult): { accelerator: string; display: string } => {
  if (!r.ok) throw new Error(`expected ok, got: ${r.error}`);
  return { accelerator: r.accelerator, display: r.display };
};
const err = (r: AcceleratorResult): string => {
  if (r.ok) throw new Error(`expected an error, got ${r.accelerator}`);
  return r.error;
};

describe('parseAccelerator', () => {
  it('keeps the default and shows it per platform', () => {
    expect(ok(parseAccelerator(DEFAULT_CAPTURE_HOTKEY, 'linux'))).toEqual({ accelerator: 'CommandOrControl+Shift+Space', display: 'Ctrl+Shift+Space' });
    expect(ok(parseAccelerator(DEFAULT_CAPTURE_HOTKEY, 'win32')).display).toBe('Ctrl+Shift+Space');
    expect(ok(parseAccelerator(DEFAULT_CAPTURE_HOTKEY, 'darwin'))).toEqual({ accelerator: 'CommandOrControl+Shift+Space', display: '⇧⌘Space' });
  });

  it('accepts every modifier spelling Electron accepts, case-insensitively, with spaces around +', () => {
    const cases: [string, string, string][] = [
      ['cmdorctrl + shift + k', 'linux', 'CommandOrControl+Shift+K'],
      ['CommandOrControl+K', 'win32', 'CommandOrControl+K'],
      ['CONTROL+ALT+k', 'linux', 'CommandOrControl+Alt+K'],
      ['Ctrl+Option+K', 'linux', 'CommandOrControl+Alt+K'],
      ['Ctrl+AltGr+K', 'win32', 'CommandOrControl+AltGr+K'],
      ['Ctrl+Alt+K', 'darwin', 'Control+Alt+K'],
      ['Super+K', 'linux', 'Super+K'],
      ['Meta+K', 'linux', 'Super+K'],
      ['Command+K', 'darwin', 'Command+K'],
      ['Cmd+K', 'darwin', 'Command+K'],
      ['Meta+K', 'darwin', 'Command+K'],
      ['Control+Command+K', 'darwin', 'Command+Control+K'],
      ['Option+Command+K', 'darwin', 'Command+Alt+K'],
    ];
    for (const [text, platform, expected] of cases) expect([text, ok(parseAccelerator(text, platform)).accelerator]).toEqual([text, expected]);
  });

  it('puts modifiers in one order whatever order they were typed in', () => {
    expect(ok(parseAccelerator('Shift+Space+Ctrl', 'linux')).accelerator).toBe('CommandOrControl+Shift+Space');
    expect(ok(parseAccelerator('shift+alt+cmdorctrl+n', 'win32'))).toEqual({ accelerator: 'CommandOrControl+Alt+Shift+N', display: 'Ctrl+Alt+Shift+N' });
    expect(ok(parseAccelerator('Shift+Alt+Control+Cmd+N', 'darwin')).display).toBe('⌃⌥⇧⌘N');
    expect(ok(parseAccelerator('Super+Ctrl+N', 'win32')).display).toBe('Ctrl+Win+N');
    expect(ok(parseAccelerator('Super+Ctrl+N', 'linux')).display).toBe('Ctrl+Super+N');
  });

  it('knows the key names: letters, digits, F-keys, named keys, punctuation, media, numpad', () => {
    const keys: [string, string][] = [
      ['a', 'A'], ['7', '7'], ['f12', 'F12'], ['F24', 'F24'], ['space', 'Space'], ['Tab', 'Tab'], ['return', 'Enter'],
      ['Enter', 'Enter'], ['up', 'Up'], ['ArrowLeft', 'Left'], ['esc', 'Escape'], ['plus', 'Plus'], ['PageDown', 'PageDown'],
      ['/', '/'], ['`', '`'], ['\\', '\\'], ['.', '.'], ['mediaplaypause', 'MediaPlayPause'], ['VolumeUp', 'VolumeUp'],
      ['num5', 'num5'], ['NUMADD', 'numadd'], ['PrintScreen', 'PrintScreen'],
    ];
    for (const [typed, canonical] of keys) expect(ok(parseAccelerator(`Ctrl+Alt+${typed}`, 'linux')).accelerator).toBe(`CommandOrControl+Alt+${canonical}`);
  });

  it('shows keys with Mac symbols on darwin', () => {
    expect(ok(parseAccelerator('Cmd+Shift+Enter', 'darwin')).display).toBe('⇧⌘↩');
    expect(ok(parseAccelerator('Ctrl+Option+Up', 'darwin')).display).toBe('⌃⌥↑');
    expect(ok(parseAccelerator('CmdOrCtrl+Plus', 'darwin')).display).toBe('⌘+');
    expect(ok(parseAccelerator('CmdOrCtrl+Plus', 'linux')).display).toBe('Ctrl++');
  });

  it('lets F1–F24 stand alone, and nothing else', () => {
    expect(ok(parseAccelerator('F9', 'linux')).accelerator).toBe('F9');
    expect(err(parseAccelerator('K', 'linux'))).toBe('“K” needs a modifier such as Ctrl or Alt; only F1–F24 may be used alone.');
    expect(err(parseAccelerator('Space', 'darwin'))).toContain('needs a modifier');
    expect(err(parseAccelerator('F25', 'linux'))).toBe('“F25”: function keys go from F1 to F24.');
  });

  it('explains stray pluses', () => {
    expect(err(parseAccelerator('Shift+', 'linux'))).toBe('“Shift+” needs a key after the plus.');
    expect(err(parseAccelerator('Ctrl + Shift + ', 'linux'))).toBe('“Ctrl + Shift +” needs a key after the plus.');
    expect(err(parseAccelerator('+Shift+K', 'linux'))).toContain('starts with a plus');
    expect(err(parseAccelerator('Ctrl++K', 'linux'))).toContain('two pluses in a row');
    expect(err(parseAccelerator('Ctrl++', 'linux'))).toContain('write “Plus” for the + key');
    expect(err(parseAccelerator('+', 'linux'))).toContain('write “Plus”');
  });

  it('refuses two keys, no key, duplicates and unknown words', () => {
    expect(err(parseAccelerator('Ctrl+Shift+Q+W', 'linux'))).toBe(
      '“Ctrl+Shift+Q+W” has two keys (Q and W); a shortcut has exactly one key after its modifiers.',
    );
    expect(err(parseAccelerator('Ctrl+Shift', 'linux'))).toBe('“Ctrl+Shift” has no key, only modifiers; add one, e.g. Ctrl+Shift+Space.');
    expect(err(parseAccelerator('Ctrl+ctrl+K', 'linux'))).toBe('“Ctrl+ctrl+K” names Ctrl twice.');
    expect(err(parseAccelerator('Ctrl+Control+K', 'linux'))).toBe('“Ctrl+Control+K” names the same key twice (Ctrl and Control).');
    expect(err(parseAccelerator('CmdOrCtrl+Ctrl+K', 'win32'))).toContain('the same key twice');
    expect(err(parseAccelerator('CmdOrCtrl+Cmd+K', 'darwin'))).toContain('the same key twice');
    expect(err(parseAccelerator('Alt+Option+K', 'linux'))).toContain('the same key twice (Alt and Option)');
    expect(err(parseAccelerator('Super+Meta+K', 'linux'))).toContain('the same key twice');
    expect(err(parseAccelerator('Ctrl+Banana', 'linux'))).toMatch(/^“Banana” is not a key a shortcut can use; use a letter/);
    expect(err(parseAccelerator('Hyper+K', 'linux'))).toContain('“Hyper” is not a key');
    expect(err(parseAccelerator('', 'linux'))).toBe('Type a shortcut, for example Ctrl+Shift+Space.');
    expect(err(parseAccelerator('   ', 'linux'))).toContain('Type a shortcut');
    expect(err(parseAccelerator('Ctrl+'.repeat(60) + 'K', 'linux'))).toBe('That is too long to be a shortcut.');
  });

  it('asks for Shift+digit instead of a shifted character', () => {
    expect(err(parseAccelerator('Ctrl+!', 'linux'))).toBe('“!” depends on the keyboard layout; write Shift+1 instead.');
  });

  it('applies the platform differences', () => {
    expect(err(parseAccelerator('Command+K', 'linux'))).toBe('“Command” only exists on a Mac; use Ctrl (or CommandOrControl) instead.');
    expect(err(parseAccelerator('Cmd+Shift+K', 'win32'))).toContain('only exists on a Mac');
    expect(err(parseAccelerator('Ctrl+AltGr+K', 'darwin'))).toContain('no AltGr key');
    // Option alone types special characters on a Mac (and macOS 15 refuses it); fine elsewhere.
    expect(err(parseAccelerator('Option+K', 'darwin'))).toContain('only Option');
    expect(err(parseAccelerator('Option+Shift+Space', 'darwin'))).toContain('only Option');
    expect(ok(parseAccelerator('Alt+Shift+Space', 'linux')).accelerator).toBe('Alt+Shift+Space');
    expect(ok(parseAccelerator('Option+F5', 'darwin')).accelerator).toBe('Alt+F5');
    // Shift alone would take over typing capitals, on every platform.
    expect(err(parseAccelerator('Shift+K', 'win32'))).toBe('Shift+K would take over typing; add Ctrl or Alt.');
    expect(ok(parseAccelerator('Shift+F3', 'win32')).accelerator).toBe('Shift+F3');
  });

  it('round-trips: the canonical form parses to itself on its platform', () => {
    for (const platform of ['linux', 'win32', 'darwin']) {
      for (const text of ['CmdOrCtrl+Shift+Space', 'Ctrl+Alt+Return', 'Alt+Shift+F2', 'Super+Ctrl+num0', 'CmdOrCtrl+/']) {
        const first = ok(parseAccelerator(text, platform));
        expect(ok(parseAccelerator(first.accelerator, platform))).toEqual(first);
      }
    }
  });
});

const press = (over: Partial<RecordedKeyEvent>): RecordedKeyEvent => ({
  key: '',
  code: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...over,
});

describe('acceleratorFromKeyEvent', () => {
  it('records Ctrl elsewhere and ⌘ on a Mac as CommandOrControl', () => {
    expect(ok(acceleratorFromKeyEvent(press({ key: ' ', code: 'Space', ctrlKey: true, shiftKey: true }), 'linux')).accelerator).toBe(DEFAULT_CAPTURE_HOTKEY);
    expect(ok(acceleratorFromKeyEvent(press({ key: ' ', code: 'Space', metaKey: true, shiftKey: true }), 'darwin'))).toEqual({
      accelerator: DEFAULT_CAPTURE_HOTKEY,
      display: '⇧⌘Space',
    });
    expect(ok(acceleratorFromKeyEvent(press({ key: 'k', code: 'KeyK', ctrlKey: true, metaKey: true }), 'darwin')).accelerator).toBe('CommandOrControl+Control+K');
    expect(ok(acceleratorFromKeyEvent(press({ key: 'k', code: 'KeyK', ctrlKey: true, metaKey: true }), 'win32')).accelerator).toBe('CommandOrControl+Super+K');
  });

  it('uses the physical key, so Option and AltGr letters record as the letter', () => {
    expect(ok(acceleratorFromKeyEvent(press({ key: 'å', code: 'KeyA', metaKey: true, altKey: true }), 'darwin')).accelerator).toBe('CommandOrControl+Alt+A');
    expect(ok(acceleratorFromKeyEvent(press({ key: '@', code: 'KeyQ', ctrlKey: true, altKey: true }), 'win32')).accelerator).toBe('CommandOrControl+Alt+Q');
    expect(ok(acceleratorFromKeyEvent(press({ key: '!', code: 'Digit1', ctrlKey: true, shiftKey: true }), 'linux')).accelerator).toBe('CommandOrControl+Shift+1');
    expect(ok(acceleratorFromKeyEvent(press({ key: 'ArrowUp', code: 'ArrowUp', ctrlKey: true }), 'linux')).accelerator).toBe('CommandOrControl+Up');
    expect(ok(acceleratorFromKeyEvent(press({ key: 'Enter', code: 'NumpadEnter', ctrlKey: true }), 'linux')).accelerator).toBe('CommandOrControl+Enter');
    expect(ok(acceleratorFromKeyEvent(press({ key: '-', code: 'Minus', ctrlKey: true, altKey: true }), 'linux')).accelerator).toBe('CommandOrControl+Alt+-');
  });

  it('falls back to the key when the code is unknown', () => {
    expect(ok(acceleratorFromKeyEvent(press({ key: 'j', code: '', ctrlKey: true, altKey: true }), 'linux')).accelerator).toBe('CommandOrControl+Alt+J');
    expect(ok(acceleratorFromKeyEvent(press({ key: 'F7', code: 'F7' }), 'linux')).accelerator).toBe('F7');
  });

  it('waits while only modifiers are held, and applies the same rules as typed text', () => {
    expect(err(acceleratorFromKeyEvent(press({ key: 'Control', code: 'ControlLeft', ctrlKey: true }), 'linux'))).toBe('Keep holding the modifiers and press a key.');
    expect(err(acceleratorFromKeyEvent(press({ key: 'Meta', code: 'MetaLeft', metaKey: true }), 'darwin'))).toContain('Keep holding');
    expect(err(acceleratorFromKeyEvent(press({ key: 'k', code: 'KeyK' }), 'linux'))).toContain('needs a modifier');
    expect(err(acceleratorFromKeyEvent(press({ key: 'Dead', code: 'IntlRo', ctrlKey: true }), 'linux'))).toContain('cannot be used');
  });
});
