import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autostartEntry, createLoginItems, loginExecPath, quoteExecArg } from './loginItem';
import type { LoginItemSettingsLike } from './loginItem';

let dir: string;
let autostartDir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kindred-login-'));
  autostartDir = join(dir, 'config', 'autostart');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Linux: XDG autostart entry', () => {
  it('enable writes kindred.desktop, disable removes only it', async () => {
    await mkdir(autostartDir, { recursive: true });
    await writeFile(join(autostartDir, 'other-app.desktop'), '[Desktop Entry]\nExec=other\n');
    const items = createLoginItems({ platform: 'linux', autostartDir, execPath: '/opt/Kindred/kindred' });
    expect(await items.get()).toEqual({ enabled: false, note: '' });
    expect(await items.set(true)).toEqual({ enabled: true, note: '' });
    expect(await readFile(join(autostartDir, 'kindred.desktop'), 'utf8')).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Kindred',
        'Comment=Start Kindred in the background',
        'Exec="/opt/Kindred/kindred" "--background"',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
    expect(await items.get()).toEqual({ enabled: true, note: '' });
    await items.set(false);
    expect(await readdir(autostartDir)).toEqual(['other-app.desktop']);
    expect(await items.get()).toEqual({ enabled: false, note: '' });
    await items.set(false); // already off: fine
  });

  it('creates the autostart folder when it does not exist yet', async () => {
    await createLoginItems({ platform: 'linux', autostartDir, execPath: '/usr/bin/kindred' }).set(true);
    expect(await readdir(autostartDir)).toEqual(['kindred.desktop']);
  });

  it('reads an entry the desktop disabled in place as off', async () => {
    const items = createLoginItems({ platform: 'linux', autostartDir, execPath: '/usr/bin/kindred' });
    await items.set(true);
    const entry = join(autostartDir, 'kindred.desktop');
    const text = await readFile(entry, 'utf8');
    await writeFile(entry, `${text}Hidden=true\n`);
    expect((await items.get()).enabled).toBe(false);
    await writeFile(entry, text.replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    expect((await items.get()).enabled).toBe(false);
  });

  it('quotes Exec arguments per the Desktop Entry spec', () => {
    expect(quoteExecArg('/opt/My Apps/Kindred')).toBe('"/opt/My Apps/Kindred"');
    // Quote level: \" \` \$ \\ ; then string level doubles each backslash; % becomes %%.
    expect(quoteExecArg('a"b')).toBe('"a\\\\"b"');
    expect(quoteExecArg('$HOME`x`')).toBe('"\\\\$HOME\\\\`x\\\\`"');
    expect(quoteExecArg('C:\\dir')).toBe('"C:\\\\\\\\dir"');
    expect(quoteExecArg('100%')).toBe('"100%%"');
    expect(() => quoteExecArg('/tmp/a\nExec=evil')).toThrow('line break');
    expect(autostartEntry('/x', ['--background', 'two words'])).toContain('Exec="/x" "--background" "two words"\n');
  });

  it('writes nothing for a path that cannot be represented', async () => {
    const items = createLoginItems({ platform: 'linux', autostartDir, execPath: '/tmp/a\nb' });
    await expect(items.set(true)).rejects.toThrow('line break');
    expect(existsSync(autostartDir)).toBe(false);
  });

  it('runs an AppImage through $APPIMAGE', () => {
    expect(loginExecPath('/tmp/.mount_KindrXYZ/kindred', { APPIMAGE: '/home/me/Apps/Kindred.AppImage' })).toBe('/home/me/Apps/Kindred.AppImage');
    expect(loginExecPath('/usr/bin/kindred', { APPIMAGE: '' })).toBe('/usr/bin/kindred');
    expect(loginExecPath('/usr/bin/kindred', {})).toBe('/usr/bin/kindred');
  });

  const hasValidator = existsSync('/usr/bin/desktop-file-validate');
  it.skipIf(!hasValidator)('passes desktop-file-validate (skipped when desktop-file-utils is not installed)', async () => {
    await createLoginItems({ platform: 'linux', autostartDir, execPath: '/opt/We ird $dir "q" `t` \\b/kindred' }).set(true);
    expect(() => execFileSync('desktop-file-validate', [join(autostartDir, 'kindred.desktop')], { encoding: 'utf8' })).not.toThrow();
  });

  const hasGio = existsSync('/usr/bin/gio');
  it.skipIf(!hasGio)('GLib launches it with exactly our arguments (real `gio launch`; skipped without gio)', async () => {
    // A path with every character the spec reserves (except %, which GLib's load-time program
    // check does not unescape) and a script that records its argv.
    const appDir = join(dir, 'We ird $dir "q" `t` \\b');
    await mkdir(appDir, { recursive: true });
    const out = join(dir, 'argv.txt');
    const script = join(appDir, 'kindred app');
    await writeFile(script, `#!/bin/sh\nfor a in "$0" "$@"; do printf '%s\\n' "$a"; done > '${out}'\n`);
    await chmod(script, 0o755);
    await createLoginItems({ platform: 'linux', autostartDir, execPath: script, args: ['--background', 'a b'] }).set(true);
    execFileSync('gio', ['launch', join(autostartDir, 'kindred.desktop')], { timeout: 10_000 });
    // gio spawns the program and returns; wait for the file it writes (no fixed sleep).
    const deadline = Date.now() + 10_000;
    while (!existsSync(out) || !(await readFile(out, 'utf8')).endsWith('a b\n')) {
      if (Date.now() > deadline) throw new Error('the autostart entry never ran');
      await new Promise((r) => setImmediate(r));
    }
    expect((await readFile(out, 'utf8')).split('\n')).toEqual([script, '--background', 'a b', '']);
  });
});

describe('macOS and Windows: through Electron (mocked: no Electron here)', () => {
  function fakeElectron(status?: string) {
    const calls: unknown[] = [];
    let openAtLogin = false;
    return {
      calls,
      setLoginItemSettings: (s: { openAtLogin: boolean; path?: string; args?: string[] }) => {
        calls.push({ set: s });
        openAtLogin = s.openAtLogin;
      },
      getLoginItemSettings: (o?: { path?: string; args?: string[] }): LoginItemSettingsLike => {
        calls.push({ get: o ?? null });
        return { openAtLogin, ...(status ? { status } : {}) };
      },
    };
  }

  it('Windows passes the executable and --background, and asks with the same ones', async () => {
    const electron = fakeElectron();
    const items = createLoginItems({ platform: 'win32', ...electron, autostartDir, execPath: 'C:\\Kindred\\Kindred.exe' });
    expect(await items.set(true)).toEqual({ enabled: true, note: '' });
    expect(electron.calls).toEqual([
      { set: { openAtLogin: true, path: 'C:\\Kindred\\Kindred.exe', args: ['--background'] } },
      { get: { path: 'C:\\Kindred\\Kindred.exe', args: ['--background'] } },
    ]);
    expect(await items.get()).toEqual({ enabled: true, note: '' });
    expect(existsSync(autostartDir)).toBe(false); // never touches XDG folders
  });

  it('macOS passes no arguments and explains a pending approval', async () => {
    const electron = fakeElectron('requires-approval');
    const items = createLoginItems({ platform: 'darwin', ...electron, autostartDir, execPath: '/Applications/Kindred.app/Contents/MacOS/Kindred' });
    const state = await items.set(true);
    expect(electron.calls[0]).toEqual({ set: { openAtLogin: true } });
    expect(state.note).toContain('System Settings → General → Login Items');
    await items.set(false);
    expect((await items.get()).enabled).toBe(false);
  });

  it('without the Electron calls it says so instead of pretending', async () => {
    const items = createLoginItems({ platform: 'darwin', autostartDir, execPath: '/x' });
    await expect(items.set(true)).rejects.toThrow('not available');
    expect(await items.get()).toEqual({ enabled: false, note: 'Start at login is not available here.' });
  });
});
