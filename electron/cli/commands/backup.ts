/**
 * `kindred backup FILE`: the whole journal (every page and the workspace: people, dates, care
 * data) in one file, format in docs/backup-format.md. Written beside FILE under a temporary name
 * and renamed when complete: a failure or Ctrl+C leaves no file (and an older FILE untouched).
 */
import { open, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { writeBackup, type BackupProgress } from '../../services/backup';
import { BACKUP_MAGIC } from '../../services/backup/backupFormat';
import { CliError, type CliCommand, type CliContext } from '../types';

export const command: CliCommand = {
  name: 'backup',
  usage: 'backup FILE   Write the whole journal into one backup file',
  async run(args: readonly string[], ctx: CliContext): Promise<number> {
    const file = resolve(oneFile('backup', args, 'kindred backup journal.kindred-backup'));
    await checkTarget(file);
    ctx.signal.throwIfAborted();
    const store = await ctx.openStore();
    try {
      const result = await writeBackup(store, file, { signal: ctx.signal, now: ctx.now, onProgress: progressLines(ctx, 'Read') });
      const empty = result.emptyDocs > 0 ? ` (${count(result.emptyDocs, 'empty page')} left out)` : '';
      ctx.stdout(`Backed up ${count(result.docs, 'page')} (${megabytes(result.bytes)}) to ${result.file}${empty}\n`);
    } finally {
      await store.close();
    }
    return 0;
  },
};

/** The single positional argument of a command taking one file; no options. */
export function oneFile(name: string, args: readonly string[], example: string, options: readonly string[] = []): string {
  const unknown = args.find((a) => a.startsWith('-') && a !== '-' && !options.includes(a));
  if (unknown) throw new CliError(`${name}: unknown option "${unknown}". Usage: ${example}`);
  const positional = args.filter((a) => !options.includes(a));
  if (positional.length === 0) throw new CliError(`${name}: name the backup file, like: ${example}`);
  if (positional.length > 1) throw new CliError(`${name}: one file only (got ${positional.length}). Usage: ${example}`);
  const file = positional[0] as string;
  if (!file.trim() || file === '-') throw new CliError(`${name}: name a file, like: ${example}`);
  return file;
}

/**
 * Refuses, before the journal is opened: a folder as FILE, a missing folder, and an existing
 * file that is not a Kindred backup (replacing an older backup is fine; anything else is the
 * user's and is never overwritten).
 */
async function checkTarget(file: string): Promise<void> {
  const existing = await stat(file).catch(() => null);
  if (existing?.isDirectory()) throw new CliError(`backup: ${file} is a folder; name a file, like ${file}/journal.kindred-backup`);
  const parent = await stat(dirname(file)).catch(() => null);
  if (!parent?.isDirectory()) throw new CliError(`backup: the folder ${dirname(file)} does not exist.`);
  if (existing && existing.size > 0) {
    const h = await open(file, 'r');
    try {
      const head = Buffer.alloc(BACKUP_MAGIC.length);
      await h.read(head, 0, head.length, 0);
      if (head.toString('latin1') !== BACKUP_MAGIC) {
        throw new CliError(`backup: ${file} exists and is not a Kindred backup; choose another name.`);
      }
    } finally {
      await h.close();
    }
  }
}

/** Progress as a line per phase and about every 10%. */
export function progressLines(ctx: CliContext, verb: string): (p: BackupProgress) => void {
  let lastTenth = -1;
  let lastPhase = '';
  return (p) => {
    if (p.phase !== lastPhase) {
      lastPhase = p.phase;
      lastTenth = -1;
      if (p.phase === 'checking') ctx.progress('Checking the backup…');
      if (p.phase === 'listing') ctx.progress('Listing the journal…');
    }
    if (p.total === 0) return;
    const tenth = Math.floor((p.done / p.total) * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    const what = p.phase === 'restoring' ? 'Restored' : verb;
    ctx.progress(`${what} ${p.done.toLocaleString('en-US')} of ${count(p.total, 'page')}…`);
  };
}

export const count = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
