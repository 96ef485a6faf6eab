import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClassicLevel } from 'classic-level';
import { describe, expect, it } from 'vitest';
import { openLevelStore } from '../services/store';
import { chooseDataDir, defaultDataDir, isFolderInUse } from './dataDir';

describe('defaultDataDir', () => {
  it('follows each OS convention for per-user data', () => {
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.local/share/kindred');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/data/ana' }, '/home/ana')).toBe('/data/ana/kindred');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: 'relative/dir' }, '/home/ana')).toBe('/home/ana/.local/share/kindred');
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support/Kindred');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\Kindred',
    );
    expect(defaultDataDir('win32', {}, 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\AppData\\Roaming\\Kindred');
  });
});

describe('chooseDataDir', () => {
  const choose = (argv: string[], env: NodeJS.ProcessEnv = {}) => chooseDataDir(argv, env, 'linux', '/home/ana', '/work');
  it('prefers --data, then KINDRED_DATA, then the default, resolving relative folders', () => {
    expect(choose(['--data', 'j'], { KINDRED_DATA: '/env' })).toEqual({ dir: '/work/j', from: 'argument' });
    expect(choose(['--ready-line', '--data=/abs/j'])).toEqual({ dir: '/abs/j', from: 'argument' });
    expect(choose([], { KINDRED_DATA: '/env' })).toEqual({ dir: '/env', from: 'KINDRED_DATA' });
    expect(choose([], { KINDRED_DATA: '  ' })).toEqual({ dir: '/home/ana/.local/share/kindred', from: 'default' });
  });
  it('refuses --data without a folder', () => {
    expect(choose(['--data'])).toHaveProperty('error');
    expect(choose(['--data', '--ready-line'])).toHaveProperty('error');
    expect(choose(['--data='])).toHaveProperty('error');
  });
});

describe('isFolderInUse', () => {
  it('recognises the lock failure of classic-level and of the store, and nothing else', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kindred-lock-'));
    const first = await openLevelStore(dir);
    try {
      const fromStore = await openLevelStore(dir).then(
        () => null,
        (err: unknown) => err,
      );
      expect(isFolderInUse(fromStore)).toBe(true);
      const raw = new ClassicLevel(path.join(dir, 'raw'));
      await raw.open();
      const second = await new ClassicLevel(path.join(dir, 'raw')).open().then(
        () => null,
        (err: unknown) => err,
      );
      await raw.close();
      expect(isFolderInUse(second)).toBe(true);
    } finally {
      await first.close();
      await rm(dir, { recursive: true, force: true });
    }
    expect(isFolderInUse(new Error('ENOSPC: no space left on device'))).toBe(false);
    expect(isFolderInUse(undefined)).toBe(false);
  });
});
