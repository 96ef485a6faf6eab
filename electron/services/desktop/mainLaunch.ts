import type { LaunchArgs } from './secondInstance';

/**
 * What a launch asks the running app for, at start-up or handed over by a second launch:
 * - `--capture`: the capture window only — a desktop shortcut bound to `kindred --capture` must
 *   not bring the journal forward;
 * - `--background` (a login launch): nothing shown, the app waits in the tray;
 * - anything else: the main window, shown and focused.
 */
export type LaunchAction = 'capture' | 'none' | 'show-main';

export function launchAction(args: Pick<LaunchArgs, 'capture' | 'background'>): LaunchAction {
  if (args.capture) return 'capture';
  return args.background ? 'none' : 'show-main';
}
