import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../shared/host/slices/settings';
import { createHotkeyManager } from './hotkey';
import type { ShortcutRegistry } from './hotkey';
import { AUTOSTART_FILE, createLoginItems } from './loginItem';
import { createDesktopSettings } from './mainSettings';
import { createSettingsFile } from './settingsFile';

/**
 * The OS's global-shortcut table is the one thing faked here (this machine has no desktop
 * session to grab keys from): `taken` lists shortcuts another app holds. The settings file and
 * the Linux autostart entry are real files in a temp folder.
 */
function fakeShortcuts(taken: string[] = []) {
  const mine = new Map<string, () => void>();
  const registry: ShortcutRegistry = {
    register(acc, cb) {
      if (taken.includes(acc) || mine.has(acc)) return false;
      mine.set(acc, cb);
      return true;
    },
    unregister(acc) {
      mine.delete(acc);
    },
    isRegistered: (acc) => mine.has(acc),
  };
  return { registry, mine, press: (acc: string) => mine.get(acc)?.() };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(options: { taken?: string[]; isWayland?: boolean; failLogin?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-main-settings-'));
  dirs.push(dir);
  const shortcuts = fakeShortcuts(options.taken);
  let captures = 0;
  const hotkey = createHotkeyManager({
    shortcuts: shortcuts.registry,
    onPressed: () => captures++,
    platform: 'linux',
    isWayland: options.isWayland ?? false,
  });
  const autostartDir = join(dir, 'autostart');
  const realLogin = createLoginItems({ platform: 'linux', autostartDir, execPath: '/opt/Kindred/kindred' });
  const loginItems = options.failLogin
    ? { ...realLogin, set: async () => Promise.reject(new Error('the autostart folder is read-only')) }
    : realLogin;
  const settingsPath = join(dir, 'desktop-settings.json');
  const lines: string[] = [];
  const services = createDesktopSettings({
    file: createSettingsFile(settingsPath, 'linux'),
    hotkey,
    loginItems,
    platform: 'linux',
    isWayland: options.isWayland ?? false,
    desktop: 'GNOME',
    log: (line) => lines.push(line),
  });
  const views: SettingsView[] = [];
  services.onChange((v) => views.push(v));
  return { services, shortcuts, settingsPath, autostartDir, views, captures: () => captures, lines };
}

describe('desktop settings in the Electron app', () => {
  it('starts with the platform defaults and registers the default capture hotkey', async () => {
    const { services, shortcuts, views, captures } = setup();
    expect(services.view().hotkey.state).toBe('unavailable'); // before start: being set up
    const view = await services.start();
    expect(view.available).toBe(true);
    expect(view.settings).toEqual({ captureHotkey: 'CommandOrControl+Shift+Space', keepRunning: false, startAtLogin: false, captureMode: 'note' });
    expect(view.hotkey).toMatchObject({ state: 'registered', display: 'Ctrl+Shift+Space' });
    expect(view.backgroundDefault).toBe(false);
    expect(view.wayland).toMatchObject({ active: false });
    expect(views).toHaveLength(1);
    shortcuts.press('CommandOrControl+Shift+Space');
    expect(captures()).toBe(1);
  });

  it('a refused shortcut is saved, shown as refused with suggestions, and the old one keeps working', async () => {
    const { services, shortcuts, settingsPath, captures } = setup({ taken: ['CommandOrControl+Alt+K'] });
    await services.start();
    const view = await services.update({ captureHotkey: 'CommandOrControl+Alt+K' });
    expect(view.hotkey.state).toBe('refused');
    expect(view.hotkey.message).toContain('taken');
    expect(view.hotkey.suggestions.length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(settingsPath, 'utf8')).captureHotkey).toBe('CommandOrControl+Alt+K');
    shortcuts.press('CommandOrControl+Shift+Space');
    expect(captures()).toBe(1);
  });

  it('a bad patch is refused with the file’s words and changes nothing', async () => {
    const { services, settingsPath, views } = setup();
    await services.start();
    const count = views.length;
    await expect(services.update({ captureMode: 'later' as never })).rejects.toMatchObject({ code: 'bad_request' });
    expect(existsSync(settingsPath)).toBe(false);
    expect(services.current().captureMode).toBe('note');
    expect(views).toHaveLength(count);
  });

  it('start at login writes and removes the XDG autostart entry', async () => {
    const { services, autostartDir, settingsPath } = setup();
    await services.start();
    const on = await services.update({ startAtLogin: true });
    expect(on.settings.startAtLogin).toBe(true);
    const entry = readFileSync(join(autostartDir, AUTOSTART_FILE), 'utf8');
    expect(entry).toContain('Exec="/opt/Kindred/kindred" "--background"');
    await services.update({ startAtLogin: false });
    expect(existsSync(join(autostartDir, AUTOSTART_FILE))).toBe(false);
    expect(JSON.parse(readFileSync(settingsPath, 'utf8')).startAtLogin).toBe(false);
  });

  it('a login item the OS refuses is put back and reported', async () => {
    const { services, settingsPath } = setup({ failLogin: true });
    await services.start();
    await expect(services.update({ startAtLogin: true })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('read-only'),
    });
    expect(services.current().startAtLogin).toBe(false);
    expect(JSON.parse(readFileSync(settingsPath, 'utf8')).startAtLogin).toBe(false);
  });

  it('adopts a start-at-login change made outside Kindred (the autostart entry exists)', async () => {
    const first = setup();
    await first.services.start();
    await first.services.update({ startAtLogin: true });
    // A second run reads the same folder, with the file saying off (e.g. restored from a backup).
    await createSettingsFile(first.settingsPath, 'linux').update({ startAtLogin: false });
    const again = createDesktopSettings({
      file: createSettingsFile(first.settingsPath, 'linux'),
      hotkey: createHotkeyManager({ shortcuts: fakeShortcuts().registry, onPressed: () => undefined, platform: 'linux', isWayland: false }),
      loginItems: createLoginItems({ platform: 'linux', autostartDir: first.autostartDir, execPath: '/opt/Kindred/kindred' }),
      platform: 'linux',
      isWayland: false,
    });
    expect((await again.start()).settings.startAtLogin).toBe(true);
  });

  it('holding the hotkey for the key recorder lets it go, and releasing takes it back', async () => {
    const { services, shortcuts } = setup();
    await services.start();
    services.holdHotkey?.(true);
    expect(shortcuts.mine.has('CommandOrControl+Shift+Space')).toBe(false);
    services.holdHotkey?.(false);
    expect(shortcuts.mine.has('CommandOrControl+Shift+Space')).toBe(true);
  });

  it('on Wayland the shortcut is unverified until a test press, then shown as working', async () => {
    const { services, shortcuts, views } = setup({ isWayland: true });
    const view = await services.start();
    expect(view.hotkey.state).toBe('registered');
    expect(view.hotkey.message).toContain('kindred --capture');
    let pressed = 0;
    const test = await services.startHotkeyTest('CommandOrControl+Shift+Space', () => pressed++);
    expect(test.state).toBe('registered');
    shortcuts.press('CommandOrControl+Shift+Space');
    expect(pressed).toBe(1);
    services.stopHotkeyTest();
    const after = views.at(-1)!;
    expect(after.hotkey).toMatchObject({ state: 'registered', message: '' });
    expect(after.wayland).toMatchObject({ active: true, instructions: expect.stringContaining('GNOME Settings') });
  });
});
