import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallContext, HostEventName, HostEvents } from '../../shared/host/contract';
import { createHotkeyManager, type ShortcutRegistry } from '../services/desktop/hotkey';
import { createLoginItems } from '../services/desktop/loginItem';
import { createDesktopSettings } from '../services/desktop/mainSettings';
import { createSettingsFile } from '../services/desktop/settingsFile';
import { createSettingsSlice } from './settingsHandlers';

/**
 * The settings handlers over the desktop app's real services (settings file, hotkey manager,
 * Linux autostart entry, all in a temp folder). Only the OS's global-shortcut table is faked:
 * this machine has no desktop session to grab keys from. It checks the two sides agree on the
 * key recorder's sequence: record → test → press → save → the saved shortcut is the only one
 * the OS holds for Kindred.
 */

const dirs: string[] = [];
const slices: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const slice of slices.splice(0)) slice.dispose();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function desktop(taken: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-settings-slice-'));
  dirs.push(dir);
  const held = new Map<string, () => void>();
  const registry: ShortcutRegistry = {
    register(acc, cb) {
      if (taken.includes(acc) || held.has(acc)) return false;
      held.set(acc, cb);
      return true;
    },
    unregister: (acc) => void held.delete(acc),
    isRegistered: (acc) => held.has(acc),
  };
  let captures = 0;
  const services = createDesktopSettings({
    file: createSettingsFile(join(dir, 'desktop-settings.json'), 'linux'),
    hotkey: createHotkeyManager({ shortcuts: registry, onPressed: () => captures++, platform: 'linux', isWayland: false }),
    loginItems: createLoginItems({ platform: 'linux', autostartDir: join(dir, 'autostart'), execPath: '/opt/Kindred/kindred' }),
    platform: 'linux',
    isWayland: false,
    log: () => undefined,
  });
  await services.start();
  const sent: Array<{ to: string; event: HostEventName; payload: unknown }> = [];
  const slice = createSettingsSlice(
    services,
    {
      emitTo: <E extends HostEventName>(to: string, event: E, payload: HostEvents[E]) => void sent.push({ to, event, payload }),
      emitAll: <E extends HostEventName>(event: E, payload: HostEvents[E]) => void sent.push({ to: '*', event, payload }),
    },
    'linux',
  );
  slices.push(slice);
  return { slice, held, sent, dir, captures: () => captures, press: (acc: string) => held.get(acc)?.() };
}

const w1: CallContext = { clientId: 'window-1' };

describe('settings.* over the desktop services', () => {
  it('record, test, press, save: the new shortcut is the one the OS holds, and it opens capture', async () => {
    const d = await desktop();
    const h = d.slice.handlers;
    expect([...d.held.keys()]).toEqual(['CommandOrControl+Shift+Space']);

    await h['settings.hotkey.record']({ active: true }, w1);
    expect([...d.held.keys()]).toEqual([]); // the page now sees the old keys too
    expect(await h['settings.hotkey.test.start']({ accelerator: 'Ctrl+Alt+J' }, w1)).toMatchObject({ state: 'registered' });
    d.press('CommandOrControl+Alt+J');
    expect(d.sent.filter((s) => s.event === 'settings.hotkeyTestPressed')).toEqual([
      { to: 'window-1', event: 'settings.hotkeyTestPressed', payload: { accelerator: 'CommandOrControl+Alt+J' } },
    ]);
    expect(d.captures()).toBe(0); // a test press is not a capture

    const view = await h['settings.update']({ patch: { captureHotkey: 'CommandOrControl+Alt+J' } }, w1);
    await h['settings.hotkey.test.stop']({}, w1);
    await h['settings.hotkey.record']({ active: false }, w1);
    expect(view.hotkey).toMatchObject({ state: 'registered', display: 'Ctrl+Alt+J' });
    expect([...d.held.keys()]).toEqual(['CommandOrControl+Alt+J']);
    d.press('CommandOrControl+Alt+J');
    expect(d.captures()).toBe(1);
    expect(JSON.parse(readFileSync(join(d.dir, 'desktop-settings.json'), 'utf8')).captureHotkey).toBe('CommandOrControl+Alt+J');
    expect(d.sent.some((s) => s.event === 'settings.changed' && s.to === '*')).toBe(true);
  });

  it('a window closed mid-test leaves the saved shortcut registered, as before', async () => {
    const d = await desktop();
    const h = d.slice.handlers;
    await h['settings.hotkey.record']({ active: true }, w1);
    await h['settings.hotkey.test.start']({ accelerator: 'Ctrl+Alt+J' }, w1);
    d.slice.clientGone('window-1');
    expect([...d.held.keys()]).toEqual(['CommandOrControl+Shift+Space']);
    d.press('CommandOrControl+Shift+Space');
    expect(d.captures()).toBe(1);
  });

  it('a shortcut the OS refuses: the view says so, and each suggestion is a shortcut the page can try', async () => {
    const d = await desktop(['CommandOrControl+Alt+K']);
    const view = await d.slice.handlers['settings.update']({ patch: { captureHotkey: 'Ctrl+Alt+K' } }, w1);
    expect(view.hotkey.state).toBe('refused');
    expect(view.hotkey.suggestions.length).toBeGreaterThan(0);
    for (const suggestion of view.hotkey.suggestions) {
      expect(await d.slice.handlers['settings.hotkey.test.start']({ accelerator: suggestion }, w1)).toMatchObject({ state: 'registered' });
    }
    await d.slice.handlers['settings.hotkey.test.stop']({}, w1);
  });
});
