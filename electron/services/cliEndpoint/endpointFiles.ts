/**
 * Where the running app's command-line endpoint lives, and the secret a `kindred` command shows
 * it. The host that holds a journal's store listens on a Unix domain socket in the journal's
 * folder (`kindred-cli.sock`) or, on Windows, a named pipe named after the folder. Socket paths
 * are limited to ~104 bytes (macOS; 108 on Linux): a folder too deep for that gets the socket in
 * a private 0700 folder under the OS temp folder, named by a hash of the journal's folder. The
 * host writes the address it listens on into `kindred-cli.endpoint` and a fresh random token into
 * `kindred-cli.token` (mode 0600) in the journal's folder on every start.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SOCKET_NAME = 'kindred-cli.sock';
export const POINTER_FILE = 'kindred-cli.endpoint';
export const TOKEN_FILE = 'kindred-cli.token';
/** macOS's sun_path is 104 bytes including the final NUL; Linux allows 108. Keep under both. */
const MAX_SOCKET_PATH_BYTES = 103;

/** A short, stable name for a journal's folder (the same folder always gives the same name). */
export function folderHash(dataDir: string): string {
  return createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
}

/** The address a host for `dataDir` listens on, by platform. */
export function endpointAddress(dataDir: string, platform: NodeJS.Platform = process.platform, tmp: string = tmpdir()): string {
  if (platform === 'win32') return `\\\\.\\pipe\\kindred-${folderHash(dataDir)}`;
  const inFolder = path.join(path.resolve(dataDir), SOCKET_NAME);
  if (Buffer.byteLength(inFolder) <= MAX_SOCKET_PATH_BYTES) return inFolder;
  return path.join(tmp, `kindred-${folderHash(dataDir)}`, 'cli.sock');
}

/** True for an address that is a file on disk (a Unix socket), false for a Windows pipe. */
export const isSocketFile = (address: string): boolean => !address.startsWith('\\\\.\\pipe\\');

/**
 * Makes the private folder a temp-folder socket lives in (mode 0700, ours, not a symlink): the
 * OS temp folder is shared on Linux, so another user must not be able to pre-create it.
 */
export async function preparePrivateFolder(address: string, dataDir: string): Promise<void> {
  const dir = path.dirname(address);
  if (path.resolve(dir) === path.resolve(dataDir)) return;
  await mkdir(dir, { mode: 0o700, recursive: true });
  const st = await lstat(dir);
  const mine = typeof process.getuid !== 'function' || st.uid === process.getuid();
  if (!st.isDirectory() || !mine) throw new Error(`${dir} is not a folder of this user; refusing to listen there.`);
  if ((st.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

/** Writes a file readable by this user only, atomically (temp name, then rename). */
async function writePrivate(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await chmod(temp, 0o600); // a umask cannot widen it, but an existing ACL default might
  await rename(temp, file);
}

/** A fresh token for this run of the host (32 random bytes, hex), written to the token file. */
export async function writeToken(dataDir: string): Promise<string> {
  const token = randomBytes(32).toString('hex');
  await writePrivate(path.join(dataDir, TOKEN_FILE), `${token}\n`);
  return token;
}

export async function writePointer(dataDir: string, address: string): Promise<void> {
  await writePrivate(path.join(dataDir, POINTER_FILE), `${address}\n`);
}

/** The address the host wrote, or where it would listen when it wrote none. */
export async function readPointer(dataDir: string, platform: NodeJS.Platform = process.platform): Promise<string> {
  const text = await readFile(path.join(dataDir, POINTER_FILE), 'utf8').catch(() => null);
  const line = text?.split('\n')[0]?.trim();
  return line ? line : endpointAddress(dataDir, platform);
}

/** The token the running host wrote, or null when there is none to read. */
export async function readToken(dataDir: string): Promise<string | null> {
  const text = await readFile(path.join(dataDir, TOKEN_FILE), 'utf8').catch(() => null);
  const token = text?.trim();
  return token ? token : null;
}
