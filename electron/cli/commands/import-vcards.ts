/**
 * `kindred import-vcards FILES… [--dry-run]`: adds people from vCard files (a folder imports the
 * .vcf/.vcard files in it). The preview is computed first; `--dry-run` prints it as JSON and
 * writes nothing. A file that cannot be read is reported and the others still import.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as Y from 'yjs';
import { SEED_ON_FIRST_OPEN, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { applyImport, ImportCancelled, previewImport, settlePhotos, type ImportFile, type ImportPreview } from '../../services/contacts';
import { CliError, type CliCommand, type CliContext } from '../types';

/** The device id written on pages the CLI creates (PageMeta.createdOn). */
// People added here have no window to seed their pages: the first device to open one does.
const CLI_DEVICE = SEED_ON_FIRST_OPEN;

async function readInputs(paths: readonly string[]): Promise<{ files: ImportFile[]; unreadable: { file: string; reason: string }[] }> {
  const files: ImportFile[] = [];
  const unreadable: { file: string; reason: string }[] = [];
  for (const path of paths) {
    try {
      if ((await stat(path)).isDirectory()) {
        const names = (await readdir(path)).filter((n) => /\.(vcf|vcard)$/i.test(n)).sort();
        for (const n of names) files.push({ name: n, bytes: await readFile(join(path, n)) });
      } else {
        files.push({ name: basename(path), bytes: await readFile(path) });
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      unreadable.push({ file: path, reason: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message });
    }
  }
  return { files, unreadable };
}

/** In --dry-run's JSON a photo is its type and size, not thousands of numbers. */
function photoSummary(key: string, value: unknown): unknown {
  if (key === 'photo' && typeof value === 'object' && value !== null && (value as { bytes?: unknown }).bytes instanceof Uint8Array) {
    const { mime, bytes, hash } = value as { mime: string; bytes: Uint8Array; hash: string };
    return { mime, bytes: bytes.length, hash };
  }
  return value;
}

function summary(preview: ImportPreview): string {
  return `${preview.add.length} to add, ${preview.update.length} to update, ${preview.skip.length} skipped, from ${preview.cards} card(s) in ${preview.files} file(s)`;
}

async function run(args: readonly string[], ctx: CliContext): Promise<number> {
  const dryRun = args.includes('--dry-run');
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--dry-run');
  if (unknown.length) throw new CliError(`Unknown option ${unknown[0]}. Usage: ${command.usage}`);
  const paths = args.filter((a) => !a.startsWith('--'));
  if (paths.length === 0) throw new CliError(`Name at least one vCard file. Usage: ${command.usage}`);

  const { files, unreadable } = await readInputs(paths);
  if (files.length === 0) throw new CliError(`No vCard file could be read: ${unreadable.map((u) => `${u.file} (${u.reason})`).join(', ')}`);

  const store = await ctx.openStore();
  try {
    const ws = new Y.Doc();
    const update = await store.getUpdate(WORKSPACE_DOC_ID);
    if (update) Y.applyUpdate(ws, update);
    const preview = previewImport(ws, files);
    ws.destroy();
    await settlePhotos(preview, store);
    for (const u of unreadable) preview.problems.unshift({ file: u.file, card: null, name: null, level: 'error', message: `not read: ${u.reason}` });

    if (dryRun) {
      ctx.stdout(JSON.stringify(preview, photoSummary, 2) + '\n');
      return 0;
    }
    ctx.progress(`Importing: ${summary(preview)}…`);
    const result = await applyImport(store, preview, {
      signal: ctx.signal,
      now: ctx.now(),
      deviceId: CLI_DEVICE,
      onProgress: (done, total) => {
        if (done === total || done % 500 === 0) ctx.progress(`Imported ${done} of ${total}…`);
      },
    });
    for (const s of preview.skip) ctx.stdout(`skipped ${s.file} card ${s.card}${s.name ? ` (${s.name})` : ''}: ${s.reason}\n`);
    for (const p of preview.problems.filter((x) => x.level !== 'info')) {
      ctx.stdout(`${p.level} ${p.file}${p.card !== null ? ` card ${p.card}` : ''}${p.name ? ` (${p.name})` : ''}: ${p.message}\n`);
    }
    const notImported = preview.problems.filter((x) => x.level === 'info').length;
    if (notImported > 0) ctx.stdout(`${notImported} note(s) on fields not imported (photos, addresses…): see them with --dry-run.\n`);
    const photos = result.photos > 0 ? ` Kept ${result.photos} photo${result.photos === 1 ? '' : 's'}.` : '';
    ctx.stdout(`Added ${result.added.length} people, updated ${result.updated.length}, skipped ${preview.skip.length + result.alreadyThere}.${photos}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ImportCancelled) throw new CliError(err.message, 130);
    throw err;
  } finally {
    await store.close();
  }
}

export const command: CliCommand = {
  name: 'import-vcards',
  usage: 'import-vcards FILES… [--dry-run]   Add people from vCard files (Apple, Google, Outlook, Android)',
  run,
};
