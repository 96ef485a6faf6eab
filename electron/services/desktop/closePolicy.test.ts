import { describe, expect, it } from 'vitest';
import { activateAction, closeAction, defaultDesktopSettings, quitWhenAllClosed } from './closePolicy';

describe('closeAction', () => {
  it('follows the table for every platform', () => {
    const rows: [string, boolean, boolean, number, string][] = [
      // platform, quitting, keepRunning, otherWindows → action
      ['darwin', true, true, 0, 'close'],
      ['win32', true, true, 0, 'close'],
      ['linux', true, false, 0, 'close'],
      ['darwin', false, true, 0, 'hide'],
      ['win32', false, true, 0, 'hide'],
      ['linux', false, true, 2, 'hide'],
      ['darwin', false, false, 0, 'close'],
      ['darwin', false, false, 1, 'close'],
      ['win32', false, false, 0, 'quit'],
      ['win32', false, false, 1, 'close'],
      ['linux', false, false, 0, 'quit'],
      ['linux', false, false, 1, 'close'],
    ];
    for (const [platform, quitting, keepRunning, otherWindows, action] of rows) {
      expect([platform, quitting, keepRunning, otherWindows, closeAction({ platform, quitting, keepRunning, otherWindows })]).toEqual([
        platform,
        quitting,
        keepRunning,
        otherWindows,
        action,
      ]);
    }
  });

  it('window-all-closed: macOS stays in the dock, others quit unless kept running', () => {
    expect(quitWhenAllClosed({ platform: 'darwin', keepRunning: false, quitting: false })).toBe(false);
    expect(quitWhenAllClosed({ platform: 'darwin', keepRunning: false, quitting: true })).toBe(true);
    expect(quitWhenAllClosed({ platform: 'linux', keepRunning: false, quitting: false })).toBe(true);
    expect(quitWhenAllClosed({ platform: 'win32', keepRunning: true, quitting: false })).toBe(false);
  });

  it('activate (dock click) shows a hidden main window or opens one', () => {
    expect(activateAction({ mainWindowExists: false, mainWindowVisible: false })).toBe('create');
    expect(activateAction({ mainWindowExists: true, mainWindowVisible: false })).toBe('show');
    expect(activateAction({ mainWindowExists: true, mainWindowVisible: true })).toBe('none');
  });
});

describe('defaultDesktopSettings', () => {
  it('keeps running by default on macOS and Windows, not on Linux', () => {
    expect(defaultDesktopSettings('darwin')).toEqual({ captureHotkey: 'CommandOrControl+Shift+Space', keepRunning: true, startAtLogin: false, captureMode: 'note' });
    expect(defaultDesktopSettings('win32').keepRunning).toBe(true);
    expect(defaultDesktopSettings('linux')).toEqual({ captureHotkey: 'CommandOrControl+Shift+Space', keepRunning: false, startAtLogin: false, captureMode: 'note' });
  });
});
