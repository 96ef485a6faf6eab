/**
 * runCli in-process: exit codes for every kind of outcome, Ctrl+C (the signal) → 130, stores a
 * command left open are closed, and how the journal's folder is chosen on each OS.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempRoot } from '../services/backup/backup.testkit';
import { openLevelStore } from '../services/store/index';
import { StoreError } from '../services/store/types';
import { chooseJournal, desktopJournalDir, runCli, type CliIo } from './runCli';
import { CliError, type CliCommand } from './types';

let root: string;
beforeAll(async () => {
  root = await tempRoot();
  await (await openLevelStore(join(root, 'j'))).close();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function io(argv: string[], signal = new AbortController().signal): CliIo & { out: string; err: string } {
  const r = {
    argv,
    env: {},
    platform: 'linux' as NodeJS.Platform,
    home: root,
    cwd: root,
    signal,
    out: '',
    err: '',
    stdout: (t: string) => {
      r.out += t;
    },
    stderr: (t: string) => {
      r.err += t;
    },
  };
  return r;
}

const cmd = (run: CliCommand['run']): CliCommand => ({ name: 'try', usage: 'try   Try something', run });

describe('runCli', () => {
  it('maps outcomes to exit codes and one line on stderr', async () => {
    const cases: Array<[CliCommand['run'], number, string]> = [
      [async () => 0, 0, ''],
      [async () => { throw new CliError('plain\nreason'); }, 1, 'kindred: plain reason\n'],
      [async () => { throw new CliError('usage', 64); }, 64, 'kindred: usage\n'],
      [async () => { throw new StoreError('disk_full', 'The disk is full.'); }, 1, 'kindred: The disk is full.\n'],
      [async () => { throw new TypeError('x is not a function'); }, 2, 'kindred: x is not a function\n'],
      [async () => { throw 'a string'; }, 2, 'kindred: a string\n'],
    ];
    for (const [run, code, err] of cases) {
      const r = io(['--data', join(root, 'j'), '--quiet', 'try']);
      expect(await runCli([cmd(run)], r)).toBe(code);
      expect(r.err).toBe(err);
    }
  });

  it('Ctrl+C (the signal) cancels the command: exit 130, and a store it opened is closed', async () => {
    const ac = new AbortController();
    let store: Awaited<ReturnType<Parameters<CliCommand['run']>[1]['openStore']>> | null = null;
    const r = io(['--data', join(root, 'j'), 'try'], ac.signal);
    const code = runCli(
      [
        cmd(async (_args, ctx) => {
          store = await ctx.openStore();
          ctx.progress('working…');
          setImmediate(() => ac.abort());
          await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
          return 0;
        }),
      ],
      r,
    );
    expect(await code).toBe(130);
    expect(r.err).toBe('working…\nkindred: cancelled.\n');
    // Closed by runCli: the folder opens again in this process.
    await expect(store!.head()).rejects.toMatchObject({ code: 'closed' });
    await (await openLevelStore(join(root, 'j'))).close();
  });

  it('passes the arguments after the command to it, and refuses unknown global options', async () => {
    let seen: readonly string[] = [];
    const r = io(['--data=' + join(root, 'j'), 'try', '--merge', 'f', '--data', 'x']);
    expect(await runCli([cmd(async (args) => ((seen = args), 0))], r)).toBe(0);
    expect(seen).toEqual(['--merge', 'f', '--data', 'x']);
    const bad = io(['--force', 'try']);
    expect(await runCli([cmd(async () => 0)], bad)).toBe(1);
    expect(bad.err).toBe('kindred: unknown option "--force". Run "kindred help" for the list.\n');
  });
});

describe('choosing the journal folder', () => {
  const home = '/home/ana';
  it("prefers --data, then KINDRED_DATA, then the desktop app's journal, then npm run web's", () => {
    const none = (): boolean => false;
    expect(chooseJournal(['--data', 'x'], { KINDRED_DATA: '/e' }, 'linux', home, '/cwd', none)).toEqual({ dir: '/cwd/x', from: 'argument' });
    expect(chooseJournal([], { KINDRED_DATA: '/e' }, 'linux', home, '/cwd', none)).toEqual({ dir: '/e', from: 'KINDRED_DATA' });
    // Nothing anywhere: the desktop app's folder (where a restore then goes).
    expect(chooseJournal([], {}, 'linux', home, '/cwd', none)).toEqual({ dir: '/home/ana/.config/Kindred/journal', from: 'desktop' });
    const webOnly = (d: string): boolean => d === '/home/ana/.local/share/kindred';
    expect(chooseJournal([], {}, 'linux', home, '/cwd', webOnly)).toEqual({ dir: '/home/ana/.local/share/kindred', from: 'web' });
    const both = (): boolean => true;
    expect(chooseJournal([], {}, 'linux', home, '/cwd', both)).toMatchObject({ from: 'desktop' });
    expect(chooseJournal(['--data'], {}, 'linux', home, '/cwd', none)).toEqual({ error: '--data needs a folder: --data DIR.' });
  });

  it("knows the desktop app's userData on each OS", () => {
    expect(desktopJournalDir('linux', { XDG_CONFIG_HOME: '/x/conf' }, home)).toBe('/x/conf/Kindred/journal');
    expect(desktopJournalDir('linux', { XDG_CONFIG_HOME: 'relative' }, home)).toBe('/home/ana/.config/Kindred/journal');
    expect(desktopJournalDir('darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support/Kindred/journal');
    expect(desktopJournalDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\AppData\\Roaming\\Kindred\\journal');
    expect(desktopJournalDir('linux', { KINDRED_USER_DATA_DIR: '/tmp/profile' }, home)).toBe('/tmp/profile/journal');
  });
});
