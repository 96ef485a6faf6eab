/**
 * Kindred's own command-line flags, from `process.argv` at start-up or from the argv that
 * Electron's `second-instance` event hands the running app. That argv starts with the
 * executable (and, unpackaged, the app path), and Chromium may append or reorder its own
 * switches (`--allow-file-access-from-files`, `--original-process-start-time=…`), so only the
 * flags below are read and everything else is ignored.
 *
 *   --capture            open the quick-capture window (bind `kindred --capture` to a key)
 *   --background         start without showing the main window (login launch)
 *   --data-dir=<path>    use another data folder (also `--data-dir <path>`)
 */
export interface LaunchArgs {
  capture: boolean;
  background: boolean;
  dataDir?: string;
}

const DATA_DIR = '--data-dir';

export function parseLaunchArgs(argv: readonly string[]): LaunchArgs {
  const out: LaunchArgs = { capture: false, background: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (typeof arg !== 'string') continue;
    if (arg === '--') break; // what follows is not ours (e.g. files to open)
    if (arg === '--capture') out.capture = true;
    else if (arg === '--background' || arg === '--hidden') out.background = true;
    else if (arg.startsWith(`${DATA_DIR}=`)) {
      const value = arg.slice(DATA_DIR.length + 1);
      if (value.length > 0) out.dataDir = value;
    } else if (arg === DATA_DIR) {
      const value = argv[i + 1];
      if (typeof value === 'string' && value.length > 0 && !value.startsWith('--')) {
        out.dataDir = value;
        i++;
      }
    }
  }
  return out;
}

/**
 * What the second launch passes as `additionalData` to `requestSingleInstanceLock`: Electron
 * docs advise it when the exact arguments matter, since argv may be reordered. Prefer it over
 * argv when it is present and well formed.
 */
export function launchArgsFromAdditionalData(data: unknown): LaunchArgs | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (typeof d.capture !== 'boolean' || typeof d.background !== 'boolean') return null;
  const out: LaunchArgs = { capture: d.capture, background: d.background };
  if (typeof d.dataDir === 'string' && d.dataDir.length > 0) out.dataDir = d.dataDir;
  return out;
}
