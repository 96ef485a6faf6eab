import path from 'node:path';

/**
 * Where `npm run web` keeps the journal: `--data DIR`, else KINDRED_DATA, else a `kindred`
 * folder in the OS's per-user data directory (the folder a user backs up with their documents,
 * not a cache that cleaners empty).
 */
export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, 'Kindred');
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Kindred');
  // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME && path.posix.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : undefined;
  return path.posix.join(xdg ?? path.posix.join(home, '.local', 'share'), 'kindred');
}

export type DataDirChoice = { dir: string; from: 'argument' | 'KINDRED_DATA' | 'default' } | { error: string };

/** Reads `--data DIR` / `--data=DIR` from argv (without node and the script), then the environment. */
export function chooseDataDir(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  home: string,
  cwd: string,
): DataDirChoice {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    let value: string | undefined;
    if (arg === '--data') {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) return { error: '--data needs a folder: --data DIR.' };
    } else if (arg.startsWith('--data=')) value = arg.slice('--data='.length);
    else continue;
    if (value.trim() === '') return { error: '--data needs a folder: --data DIR.' };
    return { dir: path.resolve(cwd, value), from: 'argument' };
  }
  const fromEnv = env.KINDRED_DATA;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { dir: path.resolve(cwd, fromEnv), from: 'KINDRED_DATA' };
  return { dir: defaultDataDir(platform, env, home), from: 'default' };
}

/**
 * True when opening the store failed because another process holds the folder's LevelDB lock
 * (another Kindred on the same folder). classic-level reports it as LEVEL_LOCKED, as the `cause`
 * of a LEVEL_DATABASE_NOT_OPEN; the store rewords it ("already open in another Kindred").
 */
export function isFolderInUse(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (typeof e !== 'object') return false;
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (code === 'LEVEL_LOCKED') return true;
    // The store's own wording (it maps the lock failure to a StoreError without a cause), or LevelDB's.
    if (typeof message === 'string' && /already open in another Kindred|\bLOCK\b.*(temporarily unavailable|already held)/i.test(message)) return true;
    e = cause;
  }
  return false;
}
