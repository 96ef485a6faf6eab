/**
 * `kindred export-vault OUTDIR`: the journal as a Markdown vault Obsidian can open (layout and
 * rules in electron/services/vault/). OUTDIR is created when missing; an earlier export there is
 * updated in place (only files Kindred wrote are replaced or removed); a folder holding anything
 * else is refused. Written to a temp folder first: Ctrl+C leaves OUTDIR as it was.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { exportVault } from '../../services/vault/exportVault';
import { VaultFolderError } from '../../services/vault/vaultFolder';
import { CliError, type CliCommand, type CliContext } from '../types';

const USAGE = 'kindred export-vault OUTDIR';

export const command: CliCommand = {
  name: 'export-vault',
  usage: 'export-vault OUTDIR   Write the journal as a Markdown vault Obsidian can open',
  async run(args: readonly string[], ctx: CliContext): Promise<number> {
    const outDir = resolve(parseArgs(args));
    const existing = await stat(outDir).catch(() => null);
    if (existing && !existing.isDirectory()) throw new CliError(`export-vault: ${outDir} is a file; name a folder.`);
    ctx.signal.throwIfAborted();
    const store = await ctx.openStore();
    try {
      const result = await exportVault(store, outDir, {
        signal: ctx.signal,
        now: ctx.now,
        onProgress: ({ done, total }) => ctx.progress(`Exported ${done.toLocaleString('en')} of ${total.toLocaleString('en')} pages…`),
      });
      ctx.stdout(
        `Exported ${plural(result.people, 'person', 'people')}, ${plural(result.journalDays, 'journal day')} and ${plural(result.notes, 'conversation note')} to ${outDir}\n`,
      );
    } catch (err) {
      if (err instanceof VaultFolderError) throw new CliError(`export-vault: ${err.message}`);
      throw err;
    } finally {
      await store.close();
    }
    return 0;
  },
};

function parseArgs(args: readonly string[]): string {
  const unknown = args.find((a) => a.startsWith('-'));
  if (unknown) throw new CliError(`export-vault: unknown option "${unknown}". Usage: ${USAGE}`);
  if (args.length === 0) throw new CliError(`export-vault: name the folder to write, like: ${USAGE} ~/Documents/Kindred`);
  if (args.length > 1) throw new CliError(`export-vault: one folder only (got ${args.length}). Usage: ${USAGE}`);
  const dir = args[0]!;
  if (!dir.trim()) throw new CliError('export-vault: the folder name is empty.');
  return dir;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
