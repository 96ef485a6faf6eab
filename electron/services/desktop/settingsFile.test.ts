import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDesktopSettings } from './closePolicy';
import { DesktopSettingsError, createSettingsFile } from './settingsFile';
import type { DesktopSettingsPatch } from './settingsFile';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kindred-settings-'));
  file = join(dir, 'desktop-settings.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('settings file', () => {
  it('a missing file gives the platform defaults and writes nothing', async () => {
    expect(await createSettingsFile(file, 'linux').load()).toEqual(defaultDesktopSettings('linux'));
    expect(await createSettingsFile(file, 'darwin').load()).toEqual(defaultDesktopSettings('darwin'));
    expect(await readdir(dir)).toEqual([]);
  });

  it('update validates, stores the canonical hotkey and survives a restart', async () => {
    const settings = createSettingsFile(file, 'win32');
    const next = await settings.update({ captureHotkey: 'ctrl + alt + k', captureMode: 'today' });
    expect(next).toEqual({ ...defaultDesktopSettings('win32'), captureHotkey: 'CommandOrControl+Alt+K', captureMode: 'today' });
    expect(await createSettingsFile(file, 'win32').load()).toEqual(next);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(next);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['desktop-settings.json']);
  });

  it('an invalid hotkey is refused with the parser’s message and changes nothing', async () => {
    const settings = createSettingsFile(file, 'linux');
    await settings.update({ keepRunning: true });
    const before = await readFile(file, 'utf8');
    await expect(settings.update({ captureHotkey: 'Ctrl+Shift+Q+W', startAtLogin: true })).rejects.toThrow(
      new DesktopSettingsError('“Ctrl+Shift+Q+W” has two keys (Q and W); a shortcut has exactly one key after its modifiers.'),
    );
    await expect(settings.update({ captureHotkey: 'Command+K' })).rejects.toThrow('only exists on a Mac');
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await settings.load()).startAtLogin).toBe(false);
  });

  it('refuses unknown keys and wrong types', async () => {
    const settings = createSettingsFile(file, 'linux');
    await expect(settings.update({ theme: 'dark' } as unknown as DesktopSettingsPatch)).rejects.toThrow(DesktopSettingsError);
    await expect(settings.update({ keepRunning: 'yes' } as unknown as DesktopSettingsPatch)).rejects.toThrow(/keepRunning/);
    await expect(settings.update({ captureMode: 'diary' } as unknown as DesktopSettingsPatch)).rejects.toThrow(/captureMode/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a corrupt file gives defaults and is moved aside', async () => {
    await writeFile(file, '{"keepRunning": tr');
    expect(await createSettingsFile(file, 'darwin').load()).toEqual(defaultDesktopSettings('darwin'));
    const names = await readdir(dir);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^desktop-settings\.json\.corrupt-\d+$/);
  });

  it('keeps each readable field of a partly damaged file', async () => {
    await writeFile(file, JSON.stringify({ captureHotkey: 'Shift+', keepRunning: true, startAtLogin: 'sometimes', captureMode: 'today' }));
    expect(await createSettingsFile(file, 'linux').load()).toEqual({ ...defaultDesktopSettings('linux'), keepRunning: true, captureMode: 'today' });
    // A hotkey saved on another platform that this one cannot use falls back to the default.
    await writeFile(file, JSON.stringify({ captureHotkey: 'Command+K' }));
    expect((await createSettingsFile(file, 'linux').load()).captureHotkey).toBe('CommandOrControl+Shift+Space');
  });

  it('concurrent updates apply in call order and none is lost', async () => {
    const settings = createSettingsFile(file, 'linux');
    await Promise.all([
      settings.update({ keepRunning: true }),
      settings.update({ startAtLogin: true }),
      settings.update({ captureMode: 'today' }),
      settings.update({ keepRunning: false }),
    ]);
    const expected = { ...defaultDesktopSettings('linux'), keepRunning: false, startAtLogin: true, captureMode: 'today' };
    expect(await settings.load()).toEqual(expected);
    expect(await createSettingsFile(file, 'linux').load()).toEqual(expected);
  });
});
