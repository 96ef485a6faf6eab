import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Small files that must never be half-written (drafts, settings, the autostart entry): write a
 * temp file beside the target, fsync it, rename it over the target, then fsync the folder so
 * the rename itself survives a power cut. A crash at any point leaves the old file or the new
 * one, never a mix. The temp name is unique per call, so concurrent writers never share one.
 */
export async function writeFileAtomic(file: string, data: string, mode = 0o600): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'w', mode);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.chmod(mode); // the umask may have narrowed or widened `open`'s mode
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

/** Best effort: some file systems (and Windows) cannot open or fsync a folder. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // the data is already in the file; only the rename's durability is less certain
  }
}

/** Moves a damaged file aside as `<file>.corrupt-<time>` so nothing is lost and the next load starts clean. */
export async function moveAside(file: string, now: number = Date.now()): Promise<string | null> {
  const target = `${file}.corrupt-${now}`;
  try {
    await rename(file, target);
    return target;
  } catch {
    return null;
  }
}

/** Size in bytes, or null when the file does not exist. */
export async function fileSize(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
