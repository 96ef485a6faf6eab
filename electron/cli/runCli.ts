/**
 * The `kindred` command line, minus the process: parses `kindred [--data DIR] [--quiet] <command>
 * [args]`, picks the journal's folder, builds the CliContext, runs the command and turns every
 * outcome into an exit code and at most one line on stderr. index.ts wires it to the process
 * (argv, streams, Ctrl+C) and lists the commands.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { connectRunningApp, runningAppAddress } from '../services/cliEndpoint';
import { openLevelStore } from '../services/store/index';
import type { JournalStore } from '../services/store/types';
import { chooseDataDir, defaultDataDir, isFolderInUse } from '../webhost/dataDir';
import { CliError, type CliCommand, type CliContext } from './types';

export interface CliIo {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  signal: AbortSignal;
  now?: () => number;
}

/** Exit codes: 0 done, 1 a failure explained in one line, 2 something unexpected, 130 cancelled. */
export const EXIT_CANCELLED = 130;
export const EXIT_UNEXPECTED = 2;

/**
 * The desktop app's journal: `<userData>/journal`, where userData is Electron's per-user app
 * folder named after productName ("Kindred"), or KINDRED_USER_DATA_DIR as the app honours it.
 */
export function desktopJournalDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (env.KINDRED_USER_DATA_DIR) return path.join(path.resolve(env.KINDRED_USER_DATA_DIR), 'journal');
  if (platform === 'win32') return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), 'Kindred', 'journal');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Kindred', 'journal');
  const xdg = env.XDG_CONFIG_HOME && path.posix.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.posix.join(home, '.config');
  return path.posix.join(xdg, 'Kindred', 'journal');
}

/** A folder that holds a journal store (LevelDB's CURRENT file is written when it is created). */
export const holdsJournal = (dir: string): boolean => existsSync(path.join(dir, 'CURRENT'));

export type JournalChoice = { dir: string; from: 'argument' | 'KINDRED_DATA' | 'desktop' | 'web' } | { error: string };

/**
 * `--data DIR`, else KINDRED_DATA, else the desktop app's journal if there is one, else the web
 * host's (`npm run web`) if there is one, else the desktop app's folder (where a restore goes).
 * The desktop app comes first: it is what a user installs; the web host is for development.
 */
export function chooseJournal(
  globalArgs: readonly string[],
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  home: string,
  cwd: string,
  exists: (dir: string) => boolean = holdsJournal,
): JournalChoice {
  const chosen = chooseDataDir(globalArgs, env, platform, home, cwd);
  if ('error' in chosen) return chosen;
  if (chosen.from !== 'default') return { dir: chosen.dir, from: chosen.from };
  const desktop = desktopJournalDir(platform, env, home);
  if (exists(desktop)) return { dir: desktop, from: 'desktop' };
  const web = defaultDataDir(platform, env, home);
  if (exists(web)) return { dir: web, from: 'web' };
  return { dir: desktop, from: 'desktop' };
}

/** Where a command can be done in the app instead, for the "app is running" message. */
const IN_THE_APP: Record<string, string> = {
  backup: 'File → Back up…',
  restore: 'File → Restore…',
  'export-vault': 'File → Export…',
  'export-ics': 'File → Export calendar…',
  'import-vcards': 'File → Import contacts…',
};

/** When the folder is locked and the app's endpoint did not answer either. */
export function notAnsweringMessage(address: string, why: string): string {
  return `Kindred is running but did not answer at ${address} (${why}) — quit it or try again.`;
}

export function runningAppMessage(dir: string, commandName: string): string {
  const where = IN_THE_APP[commandName] ?? 'the File menu';
  return `Kindred is running and has this journal open (${dir}). Quit it first, or use ${where} in the app.`;
}

/** The error a command should throw when opening `dir` failed. */
export function openFailure(err: unknown, dir: string, commandName: string): Error {
  if (isFolderInUse(err)) return new CliError(runningAppMessage(dir, commandName));
  if (err instanceof Error && err.name === 'StoreError') return new CliError(`Cannot open the journal in ${dir}: ${err.message}`);
  return err instanceof Error ? err : new Error(String(err));
}

export function usage(commands: readonly CliCommand[], platform: NodeJS.Platform = process.platform): string {
  const rows = [...commands.map((c) => splitUsage(c.usage)), ['help', 'Show this list']] as Array<[string, string]>;
  const width = Math.max(...rows.map(([s]) => s.length)) + 3;
  const example =
    platform === 'win32' ? '%APPDATA%\\Kindred\\journal' : platform === 'darwin' ? '~/Library/Application Support/Kindred/journal' : '~/.config/Kindred/journal';
  return [
    'Usage: kindred [--data DIR] [--quiet] [--verbose] <command> [arguments]',
    '',
    'Commands:',
    ...rows.map(([s, d]) => `  ${s.padEnd(width)}${d}`.trimEnd()),
    '',
    'Options:',
    `  --data DIR   The journal's folder (or KINDRED_DATA=DIR). Default: the desktop app's journal`,
    `               (${example}), or the one \`npm run web\` uses if only that exists.`,
    '  --quiet      No progress lines on stderr.',
    '  --verbose    Say on stderr whether the journal was opened directly or through the running app.',
    '',
    'While Kindred is running, commands work through the app (its windows see imports at once);',
    'otherwise they open the journal folder themselves.',
    '',
  ].join('\n');
}

function splitUsage(line: string): [string, string] {
  const m = /^(.*?\S)\s{2,}(\S.*)$/.exec(line.trim());
  return m ? [m[1] as string, m[2] as string] : [line.trim(), ''];
}

/** One line, whatever the message held. */
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

const isAbort = (err: unknown): boolean => err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');

/** Errors whose message is written for the user (exit 1, or a CliError's own code). */
const PLAIN = new Set(['CliError', 'BackupError', 'StoreError']);

export async function runCli(commands: readonly CliCommand[], io: CliIo): Promise<number> {
  const fail = (message: string, code = 1): number => {
    io.stderr(`kindred: ${oneLine(message)}\n`);
    return code;
  };
  // Global options come before the command; everything after it belongs to the command.
  const globalArgs: string[] = [];
  let quiet = false;
  let verbose = false;
  let i = 0;
  for (; i < io.argv.length; i++) {
    const a = io.argv[i] as string;
    if (a === '--quiet' || a === '-q') quiet = true;
    else if (a === '--verbose' || a === '-v') verbose = true;
    else if (a === '--data') {
      const value = io.argv[i + 1];
      if (value === undefined || value.startsWith('-') || value.trim() === '') return fail('--data needs a folder: --data DIR.');
      globalArgs.push(a, value);
      i++;
    } else if (a.startsWith('--data=')) globalArgs.push(a);
    else if (a === '--help' || a === '-h') {
      io.stdout(usage(commands, io.platform));
      return 0;
    } else if (a.startsWith('-')) return fail(`unknown option "${a}". Run "kindred help" for the list.`);
    else break;
  }
  const name = io.argv[i];
  const args = io.argv.slice(i + 1);
  if (name === undefined) {
    io.stderr(usage(commands, io.platform));
    return 1;
  }
  if (name === 'help') {
    io.stdout(usage(commands, io.platform));
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) return fail(`unknown command "${name}". Run "kindred help" for the list.`);
  const choice = chooseJournal(globalArgs, io.env, io.platform, io.home, io.cwd);
  if ('error' in choice) return fail(choice.error);
  const dataDir = choice.dir;
  const progress = (text: string): void => {
    if (!quiet) io.stderr(`${oneLine(text)}\n`);
  };
  if (choice.from === 'desktop' || choice.from === 'web') {
    progress(`Journal: ${dataDir} (${choice.from === 'desktop' ? "the desktop app's" : 'the one npm run web uses'}; choose another with --data DIR)`);
  }
  const opened: JournalStore[] = [];
  const ctx: CliContext = {
    dataDir,
    async openStore() {
      if (!holdsJournal(dataDir)) {
        throw new CliError(
          choice.from === 'argument' || choice.from === 'KINDRED_DATA'
            ? `There is no Kindred journal in ${dataDir}.`
            : `There is no Kindred journal in ${dataDir} (nor where \`npm run web\` keeps one). Point to yours with --data DIR.`,
        );
      }
      let store: JournalStore;
      try {
        store = await openLevelStore(dataDir);
        if (verbose) io.stderr(`Opened the journal folder ${dataDir} directly (Kindred is not running on it).\n`);
      } catch (err) {
        if (!isFolderInUse(err)) throw openFailure(err, dataDir, command.name);
        // The app holds the folder: work through it (its windows see the changes live).
        try {
          store = await connectRunningApp(dataDir, { platform: io.platform });
        } catch (why) {
          const address = (why as { address?: unknown }).address;
          throw new CliError(
            notAnsweringMessage(
              typeof address === 'string' ? address : await runningAppAddress(dataDir, io.platform),
              why instanceof Error ? why.message : String(why),
            ),
          );
        }
        if (verbose) io.stderr(`Kindred is running: working through the app's journal (${dataDir}).\n`);
      }
      opened.push(store);
      return store;
    },
    stdout: io.stdout,
    progress,
    signal: io.signal,
    now: io.now ?? Date.now,
  };
  try {
    return await command.run(args, ctx);
  } catch (err) {
    if (isAbort(err) || io.signal.aborted) return fail('cancelled.', EXIT_CANCELLED);
    if (err instanceof CliError) return fail(err.message, err.code);
    if (err instanceof Error && PLAIN.has(err.name)) return fail(err.message);
    const message = err instanceof Error ? err.message : String(err);
    if (io.env.KINDRED_DEBUG && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    return fail(message || 'something unexpected went wrong.', EXIT_UNEXPECTED);
  } finally {
    // A command that forgot to close (or was interrupted before it could) still releases the folder.
    await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
  }
}
