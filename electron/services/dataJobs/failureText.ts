/**
 * A failed export, backup or restore in plain words: what went wrong and what to do, never a
 * stack trace. The services' own errors (a corrupt backup, a folder with other files in it)
 * already say it well and are passed through.
 */
export function failureText(err: unknown): string {
  const e = err as (Error & { code?: unknown; path?: unknown }) | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  const where = typeof e?.path === 'string' ? ` (${e.path})` : '';
  switch (code) {
    case 'ENOSPC':
      return `The disk is full${where}. Free some space, or choose another place, and try again. Nothing was written.`;
    case 'EDQUOT':
      return `Your disk quota is used up${where}. Free some space and try again. Nothing was written.`;
    case 'EACCES':
    case 'EPERM':
      return `Kindred may not write there${where}. Choose a folder you can write to. Nothing was written.`;
    case 'EROFS':
      return `That place is read-only${where}. Choose another one. Nothing was written.`;
    case 'ENOENT':
      return `The folder is gone${where} (was a drive removed?). Choose another place. Nothing was written.`;
    case 'ENOTDIR':
      return `Part of that path is a file, not a folder${where}. Choose another place.`;
    case 'EEXIST':
      return `Something with that name is already there${where}. Choose another name.`;
    default:
      break;
  }
  if (e instanceof Error && e.name === 'BackupError') return backupText(e.message);
  if (e instanceof Error && (e.name === 'VaultFolderError' || e.name === 'StoreError')) return e.message;
  const message = e instanceof Error ? e.message : String(err);
  return `Something went wrong: ${message}`;
}

/** "This file is not a Kindred backup (…)", and that nothing changed. */
function backupText(message: string): string {
  // "x is not a Kindred backup (it does not start with …)." says it already: keep only the reason.
  const own = /^.* is not a Kindred backup \((.*)\)\.?$/.exec(message);
  const why = own ? own[1] : message.replace(/\.$/, '');
  return `This file is not a Kindred backup (${why}). Nothing in your journal changed.`;
}
