import { describe, expect, it } from 'vitest';
import { detectDisplayServer, WAYLAND_SHORTCUT_FEATURES, withEnabledFeatures } from './mainDisplayServer';

describe('detectDisplayServer', () => {
  it('is not-linux on macOS and Windows, whatever the environment says', () => {
    expect(detectDisplayServer('darwin', { WAYLAND_DISPLAY: 'wayland-0' }, [])).toBe('not-linux');
    expect(detectDisplayServer('win32', {}, ['--ozone-platform=wayland'])).toBe('not-linux');
  });

  it('follows WAYLAND_DISPLAY on Linux, as Electron’s automatic Ozone choice does', () => {
    expect(detectDisplayServer('linux', { WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }, [])).toBe('wayland');
    expect(detectDisplayServer('linux', { DISPLAY: ':0' }, [])).toBe('x11');
    expect(detectDisplayServer('linux', { WAYLAND_DISPLAY: '' }, [])).toBe('x11');
  });

  it('lets --ozone-platform override the environment (the last one wins)', () => {
    expect(detectDisplayServer('linux', { WAYLAND_DISPLAY: 'wayland-0' }, ['kindred', '--ozone-platform=x11'])).toBe('x11');
    expect(detectDisplayServer('linux', {}, ['--ozone-platform=wayland'])).toBe('wayland');
    expect(
      detectDisplayServer('linux', {}, ['--ozone-platform=x11', '--ozone-platform=Wayland']),
    ).toBe('wayland');
    // An unknown value falls back to the automatic choice.
    expect(detectDisplayServer('linux', { WAYLAND_DISPLAY: 'w' }, ['--ozone-platform=headless'])).toBe('wayland');
  });
});

describe('withEnabledFeatures', () => {
  it('adds the portal features to an empty switch', () => {
    expect(withEnabledFeatures('', WAYLAND_SHORTCUT_FEATURES)).toBe(
      'GlobalShortcutsPortal,GlobalShortcutsPortalPreferredTrigger',
    );
  });

  it('keeps features the user already enabled, and adds none twice', () => {
    expect(withEnabledFeatures('UseOzonePlatform, GlobalShortcutsPortal', WAYLAND_SHORTCUT_FEATURES)).toBe(
      'UseOzonePlatform,GlobalShortcutsPortal,GlobalShortcutsPortalPreferredTrigger',
    );
    expect(withEnabledFeatures('A,,B', ['B', 'C'])).toBe('A,B,C');
  });
});
