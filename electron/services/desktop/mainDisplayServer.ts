/**
 * Which windowing system the Electron app will run on, and the Chromium feature switch that lets
 * it bind global shortcuts under Wayland. Plain Node: electron/main passes `process.platform`,
 * `process.env` and `process.argv` in, before 'ready' (switches only count before then).
 */

export type DisplayServer = 'wayland' | 'x11' | 'not-linux';

/**
 * Electron ≥ 38 picks the Ozone platform automatically (Wayland when WAYLAND_DISPLAY is set),
 * unless `--ozone-platform=` forces one. Only used for what differs under Wayland: no global
 * cursor position, no always-on-top, the shortcut portal.
 */
export function detectDisplayServer(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[],
): DisplayServer {
  if (platform !== 'linux') return 'not-linux';
  let forced: string | undefined;
  for (const arg of argv) {
    if (arg.startsWith('--ozone-platform=')) forced = arg.slice('--ozone-platform='.length).toLowerCase();
  }
  if (forced === 'x11') return 'x11';
  if (forced === 'wayland') return 'wayland';
  return env.WAYLAND_DISPLAY ? 'wayland' : 'x11';
}

/**
 * Chromium features for global shortcuts through the XDG GlobalShortcuts portal (Wayland).
 * `GlobalShortcutsPortal` is documented by Electron for Wayland; the PreferredTrigger feature
 * passes our accelerator to the portal as the suggested key (on by default from Electron 43.2;
 * named here too so a build that still gates it gets it). Unknown feature names are ignored by
 * Chromium's feature list.
 */
export const WAYLAND_SHORTCUT_FEATURES = ['GlobalShortcutsPortal', 'GlobalShortcutsPortalPreferredTrigger'] as const;

/**
 * The `--enable-features` value with `features` added to what is already there (a user's own
 * `--enable-features=…` on the command line is kept, not replaced), without duplicates.
 */
export function withEnabledFeatures(current: string, features: readonly string[]): string {
  const names = current
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  for (const feature of features) if (!names.includes(feature)) names.push(feature);
  return names.join(',');
}
