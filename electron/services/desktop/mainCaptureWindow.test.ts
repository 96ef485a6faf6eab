import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureTriggerAction, captureWindowTraits } from './mainCaptureWindow';
import type { CaptureTrigger } from './mainCaptureWindow';

describe('captureWindowTraits', () => {
  it('macOS: a floating panel with no taskbar button, focused by show() alone', () => {
    expect(captureWindowTraits('darwin', 'not-linux')).toEqual({
      alwaysOnTop: true,
      skipTaskbar: true,
      panel: true,
      followCursor: true,
      focusAfterShow: false,
      removeMenu: false,
      reapplyBounds: false,
    });
  });

  it('Windows: always on top, no taskbar button, focused after show', () => {
    expect(captureWindowTraits('win32', 'not-linux')).toEqual({
      alwaysOnTop: true,
      skipTaskbar: true,
      panel: false,
      followCursor: true,
      focusAfterShow: true,
      removeMenu: true,
      reapplyBounds: true,
    });
  });

  it('Linux X11: always on top and placed under the cursor; skipTaskbar is not offered on Linux', () => {
    expect(captureWindowTraits('linux', 'x11')).toMatchObject({
      alwaysOnTop: true,
      skipTaskbar: false,
      followCursor: true,
      removeMenu: true,
      reapplyBounds: false,
    });
  });

  it('Linux Wayland: neither always-on-top nor cursor placement (the compositor decides)', () => {
    expect(captureWindowTraits('linux', 'wayland')).toMatchObject({
      alwaysOnTop: false,
      skipTaskbar: false,
      followCursor: false,
      focusAfterShow: true,
    });
  });
});

describe('captureTriggerAction', () => {
  it('the hotkey hides the window only when it is visible and in front', () => {
    expect(captureTriggerAction('hotkey', { visible: true, focused: true })).toBe('hide');
    expect(captureTriggerAction('hotkey', { visible: true, focused: false })).toBe('show');
    expect(captureTriggerAction('hotkey', { visible: false, focused: false })).toBe('show');
  });

  it('tray, menu and --capture always show, whatever the window state', () => {
    const triggers: CaptureTrigger[] = ['tray', 'menu', 'launch'];
    fc.assert(
      fc.property(fc.constantFrom(...triggers), fc.boolean(), fc.boolean(), (trigger, visible, focused) => {
        expect(captureTriggerAction(trigger, { visible, focused })).toBe('show');
      }),
    );
  });
});
