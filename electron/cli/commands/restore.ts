/**
 * `kindred restore FILE [--merge]`: a backup back into the journal folder. The whole file is
 * checked first (a damaged or truncated backup changes nothing). Into an empty or new folder it
 * gives a byte-identical journal; a folder that holds a journal is refused unless --merge, which
 * merges every page (a CRDT merge: nothing in either is lost; merging twice changes nothing).
 */
import { resolve } from 'node:path';
import { restoreBackup } from '../../services/backup';
import { isFolderInUse } from '../../webhost/dataDir';
import { CliError, type CliCommand, type CliContext } from '../types';
import { count, oneFile, progressLines } from './backup';

export const runningIn = (dir: string): string =>
  `Kindred is running on this journal (${dir}): restore into it with --merge (nothing in either is lost), or quit Kindred and restore into an empty folder.`;

export const command: CliCommand = {
  name: 'restore',
  usage: 'restore FILE [--merge]   Restore a backup into an empty journal folder, or merge it into this journal',
  async run(args: readonly string[], ctx: CliContext): Promise<number> {
    const merge = args.includes('--merge');
    const file = resolve(oneFile('restore', args, 'kindred restore journal.kindred-backup [--merge]', ['--merge']));
    const options = { mode: merge ? ('merge' as const) : ('empty' as const), signal: ctx.signal, onProgress: progressLines(ctx, 'Restored') };
    let result;
    try {
      result = await restoreBackup(file, ctx.dataDir, options);
    } catch (err) {
      if (!isFolderInUse(err)) throw err;
      // Kindred is running on this journal: only a merge can go through it (applyUpdate, live in
      // its windows); replacing a journal under an open app cannot.
      if (!merge) throw new CliError(runningIn(ctx.dataDir));
      const store = await ctx.openStore();
      try {
        result = await restoreBackup(file, store, options);
      } finally {
        await store.close();
      }
    }
    const made = new Date(result.createdAt).toISOString().slice(0, 16).replace('T', ' ');
    if (merge) {
      ctx.stdout(`Merged the backup of ${made} UTC into ${ctx.dataDir}: ${result.changed.toLocaleString('en-US')} of ${count(result.docs, 'page')} gained something.\n`);
    } else {
      ctx.stdout(`Restored ${count(result.docs, 'page')} from the backup of ${made} UTC into ${ctx.dataDir}.\n`);
    }
    return 0;
  },
};

