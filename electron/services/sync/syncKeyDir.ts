import path from 'node:path';

/**
 * Where a journal's device identity key lives: a `sync-identity` folder inside the journal's
 * folder (beside LevelDB's own files, which it ignores), created with mode 0700 by the trust
 * layer. It is never part of a backup and never leaves this device.
 */
export function syncKeyDir(dataDir: string): string {
  return path.join(dataDir, 'sync-identity');
}
