import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAccelerator } from '../../../shared/domain/accelerator';
import type { SettingsView } from '../../../shared/host/slices/settings';
import { displayKeys, isSettingsView, keepRunningHelp, savedText, spokenShortcut } from './settingsModel';

describe('displayKeys', () => {
  it.each([
    ['Ctrl+Shift+Space', ['Ctrl', 'Shift', 'Space']],
    ['⇧⌘Space', ['⇧', '⌘', 'Space']],
    ['⌃⌥⇧⌘K', ['⌃', '⌥', '⇧', '⌘', 'K']],
    ['Ctrl++', ['Ctrl', '+']],
    ['Ctrl+Shift++', ['Ctrl', 'Shift', '+']],
    ['⌘+', ['⌘', '+']],
    ['F5', ['F5']],
    ['Ctrl+Alt+Num 5', ['Ctrl', 'Alt', 'Num 5']],
    ['', []],
  ])('%s → %j', (display, keys) => {
    expect(displayKeys(display)).toEqual(keys);
  });

  it('gives back as many keys as the shortcut has (one key plus its modifiers), on every platform', () => {
    const mods = ['CommandOrControl', 'Alt', 'Shift', 'Control', 'Super'];
    const keys = ['A', 'K', '1', 'Space', 'Plus', 'F5', '-', '/', 'Up', 'Enter', 'num5', 'Escape'];
    fc.assert(
      fc.property(
        fc.subarray(mods, { minLength: 1 }),
        fc.constantFrom(...keys),
        fc.constantFrom('linux', 'win32', 'darwin'),
        (chosen, key, platform) => {
          const parsed = parseAccelerator([...chosen, key].join('+'), platform);
          if (!parsed.ok) return; // combinations the parser refuses are not shown at all
          const count = parsed.accelerator.split('+').filter((p) => p !== '').length;
          expect(displayKeys(parsed.display)).toHaveLength(count);
        },
      ),
    );
  });
});

describe('spokenShortcut', () => {
  it('says Mac symbols and short labels as words', () => {
    expect(spokenShortcut('⇧⌘Space')).toBe('Shift Command Space');
    expect(spokenShortcut('⌃⌥K')).toBe('Control Option K');
    expect(spokenShortcut('Ctrl+Shift++')).toBe('Control Shift Plus');
    expect(spokenShortcut('Ctrl+Alt+PgUp')).toBe('Control Alt Page Up');
  });
});

describe('isSettingsView', () => {
  it('accepts what the host sends, and refuses other shapes', () => {
    const view: SettingsView = {
      available: false,
      platform: 'linux',
      settings: { captureHotkey: 'CommandOrControl+Shift+Space', keepRunning: false, startAtLogin: false, captureMode: 'note' },
      hotkey: { state: 'unavailable', message: 'These settings are part of the desktop app.', display: 'Ctrl+Shift+Space', suggestions: [] },
      wayland: null,
      backgroundDefault: false,
    };
    expect(isSettingsView(view)).toBe(true);
    expect(isSettingsView({ ...view, wayland: { active: true, instructions: 'Bind kindred --capture' } })).toBe(true);
    expect(isSettingsView(null)).toBe(false);
    expect(isSettingsView({ ...view, settings: { ...view.settings, captureMode: 'diary' } })).toBe(false);
    expect(isSettingsView({ ...view, hotkey: { state: 'registered' } })).toBe(false);
    expect(isSettingsView({ ...view, wayland: 'yes' })).toBe(false);
    expect(isSettingsView({ nonsense: true })).toBe(false);
  });
});

describe('words', () => {
  it('names the platform default, and on Linux says why the tray may be invisible', () => {
    expect(keepRunningHelp('darwin', true)).toContain('On by default on macOS.');
    expect(keepRunningHelp('win32', true)).toContain('On by default on Windows.');
    const linux = keepRunningHelp('linux', false);
    expect(linux).toContain('Off by default on Linux.');
    expect(linux).toContain('show no tray icons');
    expect(linux).toContain('closing the window quits Kindred');
  });

  it('confirms each change in words', () => {
    expect(savedText({ keepRunning: false })).toBe('Saved. Closing the window quits Kindred.');
    expect(savedText({ startAtLogin: true })).toBe('Saved. Kindred will start when you log in.');
    expect(savedText({ captureMode: 'today' })).toBe('Saved. Quick captures are added to today’s journal.');
  });
});
