import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';

/**
 * The export folder's bookkeeping. Kindred only ever removes or overwrites files it wrote: the
 * manifest `.kindred-export.json` lists them (vault-relative, '/'-separated) and remembers the
 * names each person was exported under (their former names become `aliases`). It has no time
 * stamp, so two exports without edits leave byte-identical folders.
 *
 * A folder without a manifest is accepted only when it is empty or holds nothing but Obsidian's
 * settings (`.obsidian/`, what "Create new vault" makes) and OS litter (.DS_Store, Thumbs.db,
 * desktop.ini). Anything else is refused: the user picked a folder that has other things in it
 * (their Documents, another vault), and mixing a few thousand notes into it is not undoable.
 */
export const MANIFEST_NAME = '.kindred-export.json';
export const TEMP_PREFIX = '.kindred-export-tmp-';
const LITTER = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini', '.obsidian']);

export interface ExportManifest {
  format: 1;
  /** Files Kindred wrote, sorted. */
  files: string[];
  /** Person id → every name they were exported under, oldest first (the current one last). */
  names: Record<string, string[]>;
}

export class VaultFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultFolderError';
  }
}

export interface PreparedFolder {
  manifest: ExportManifest | null;
  /** Basenames (no .md) of notes in the folder Kindred did not write: never reused as a name. */
  foreignNotes: string[];
  /** The folder did not exist before this export (removed again if the export fails). */
  created: boolean;
}

export async function prepareFolder(outDir: string): Promise<PreparedFolder> {
  const created = (await mkdir(outDir, { recursive: true })) !== undefined;
  const entries = await readdir(outDir, { withFileTypes: true });
  // Left by an export that was killed (a cancel removes its own): ours by name.
  for (const e of entries) if (e.isDirectory() && e.name.startsWith(TEMP_PREFIX)) await rm(join(outDir, e.name), { recursive: true, force: true });
  let manifest: ExportManifest | null = null;
  if (entries.some((e) => e.name === MANIFEST_NAME)) manifest = parseManifest(await readFile(join(outDir, MANIFEST_NAME), 'utf8'));
  else {
    const other = entries.filter((e) => !LITTER.has(e.name) && !e.name.startsWith(TEMP_PREFIX));
    if (other.length) {
      throw new VaultFolderError(
        `${outDir} is not empty and has no ${MANIFEST_NAME}: choose an empty folder (or one Kindred exported to before) so none of your files get mixed up with the export.`,
      );
    }
  }
  const ours = new Set(manifest?.files ?? []);
  const foreignNotes: string[] = [];
  await walkNotes(outDir, '', ours, foreignNotes);
  return { manifest, foreignNotes: foreignNotes.sort(), created };
}

async function walkNotes(root: string, rel: string, ours: ReadonlySet<string>, out: string[]): Promise<void> {
  const entries = await readdir(join(root, rel), { withFileTypes: true });
  for (const e of entries) {
    if (e.name.startsWith('.')) continue; // Obsidian ignores hidden files and folders (.obsidian, .trash)
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) await walkNotes(root, path, ours, out);
    else if (e.isFile() && /\.md$/i.test(e.name) && !ours.has(path)) out.push(e.name.slice(0, -3));
  }
}

export function parseManifest(text: string): ExportManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new VaultFolderError(`${MANIFEST_NAME} is damaged (not JSON): remove it only if the folder holds nothing but an old Kindred export.`);
  }
  const m = raw as Partial<ExportManifest>;
  if (typeof m !== 'object' || m === null || m.format !== 1 || !Array.isArray(m.files) || typeof m.names !== 'object' || m.names === null) {
    throw new VaultFolderError(`${MANIFEST_NAME} is not a Kindred export manifest this version can read.`);
  }
  for (const f of m.files) {
    if (!isSafeRelative(f)) throw new VaultFolderError(`${MANIFEST_NAME} lists a path outside the folder ("${String(f).slice(0, 80)}"): refusing to touch it.`);
  }
  const names: Record<string, string[]> = {};
  for (const [id, list] of Object.entries(m.names)) if (Array.isArray(list)) names[id] = list.filter((n): n is string => typeof n === 'string');
  return { format: 1, files: m.files, names };
}

function isSafeRelative(p: unknown): p is string {
  if (typeof p !== 'string' || !p || p.includes('\\') || p.includes('\0') || p.startsWith('/')) return false;
  const norm = posix.normalize(p);
  return norm === p && !norm.split('/').some((s) => s === '..' || s === '.' || s === '');
}

export function manifestText(m: ExportManifest): string {
  const names: Record<string, string[]> = {};
  for (const id of Object.keys(m.names).sort()) names[id] = m.names[id]!;
  return `${JSON.stringify({ format: 1, files: [...m.files].sort(), names }, null, 1)}\n`;
}

/** A fresh temp folder inside outDir (same file system, so moving into place is a rename). */
export async function makeTempDir(outDir: string): Promise<string> {
  const dir = join(outDir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
  await mkdir(dir);
  return dir;
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

/**
 * Moves a finished export into place. First the manifest lists old and new files together, so
 * a crash half way still leaves every Kindred file listed (never an orphan a later export would
 * refuse to touch); then old files no longer exported go, new ones are renamed in, and the final
 * manifest is written.
 */
export async function commitExport(outDir: string, tempDir: string, files: readonly string[], old: ExportManifest | null, next: ExportManifest): Promise<void> {
  const oldFiles = old?.files ?? [];
  await writeAtomic(join(outDir, MANIFEST_NAME), manifestText({ ...next, files: [...new Set([...oldFiles, ...next.files])] }));
  const keep = new Set(files);
  for (const f of oldFiles) if (!keep.has(f)) await rm(join(outDir, f), { force: true });
  const made = new Set<string>();
  for (const f of files) {
    const target = join(outDir, f);
    const dir = dirname(target);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await rename(join(tempDir, f), target);
  }
  await writeAtomic(join(outDir, MANIFEST_NAME), manifestText(next));
  await rm(tempDir, { recursive: true, force: true });
}
