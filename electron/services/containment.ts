import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';

/**
 * Keeping the app's own files inside their folder, shared by the Electron protocol handler
 * (appFiles.ts) and the web host (webhost/server.ts) so the two cannot drift apart.
 *
 * A path check alone is not enough: a symlink inside the folder may point anywhere, so the file
 * actually opened is the real path, and that is checked again.
 */

/** True when `candidate` is strictly below `root` (both absolute; the root itself is not "within"). */
export function isWithin(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * The real path of a regular file at `candidate`, or null when it is missing, not a file, or it
 * (or any link on the way to it) leads outside `realRoot`. `realRoot` must already be a real
 * path (see `realRootOf`), or every file under a linked root would look like it escaped.
 */
export async function realFileWithin(realRoot: string, candidate: string): Promise<string | null> {
  if (!isWithin(realRoot, candidate)) return null;
  try {
    const real = await realpath(candidate);
    if (!isWithin(realRoot, real)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** The root's real path: e.g. a renderer folder reached through a linked /tmp or home folder. */
export function realRootOf(root: string): Promise<string> {
  return realpath(root);
}
