/**
 * What closing a window means, per platform (issue 12 "keep running in the background").
 *
 * closeAction — the user closes the MAIN window:
 *
 * | platform      | app quitting | keepRunning | other windows open | action |
 * |---------------|--------------|-------------|--------------------|--------|
 * | any           | yes          | –           | –                  | close  |
 * | any           | no           | on          | –                  | hide   |
 * | darwin        | no           | off         | –                  | close  | (app stays in the dock; `activate` reopens)
 * | win32 / linux | no           | off         | yes                | close  |
 * | win32 / linux | no           | off         | none               | quit   |
 *
 * "Other windows" means visible app windows besides this one; the hidden capture window does
 * not count (it exists from start-up and must not keep a Linux user's app alive by itself).
 *
 * Defaults: keepRunning is on for macOS and Windows and OFF on Linux, where tray icons are often
 * invisible (GNOME without an extension) and a hidden app would strand the user.
 *
 * macOS dock: with every window closed the app keeps running (Apple's convention, whatever
 * keepRunning says); clicking the dock icon fires `activate` → activateAction.
 */
import { DEFAULT_CAPTURE_HOTKEY } from './accelerator';
import type { DesktopPlatform } from './accelerator';
import type { DesktopSettings } from './settingsFile';

export type CloseAction = 'hide' | 'close' | 'quit';

export interface CloseContext {
  platform: DesktopPlatform;
  keepRunning: boolean;
  /** `before-quit` has fired: windows must really close. */
  quitting: boolean;
  /** Visible app windows other than the one being closed (not the hidden capture window). */
  otherWindows: number;
}

export function closeAction(ctx: CloseContext): CloseAction {
  if (ctx.quitting) return 'close';
  if (ctx.keepRunning) return 'hide';
  if (ctx.platform === 'darwin') return 'close';
  return ctx.otherWindows > 0 ? 'close' : 'quit';
}

/** `window-all-closed`: quit or stay running (macOS always stays, in the dock). */
export function quitWhenAllClosed(ctx: Pick<CloseContext, 'platform' | 'keepRunning' | 'quitting'>): boolean {
  if (ctx.quitting) return true;
  if (ctx.platform === 'darwin') return false;
  return !ctx.keepRunning;
}

export type ActivateAction = 'show' | 'create' | 'none';

/** macOS `activate` (dock click, relaunch from Finder): show the hidden main window, or open one. */
export function activateAction(ctx: { mainWindowExists: boolean; mainWindowVisible: boolean }): ActivateAction {
  if (!ctx.mainWindowExists) return 'create';
  return ctx.mainWindowVisible ? 'none' : 'show';
}

export function defaultDesktopSettings(platform: DesktopPlatform): DesktopSettings {
  return {
    captureHotkey: DEFAULT_CAPTURE_HOTKEY,
    keepRunning: platform === 'darwin' || platform === 'win32',
    startAtLogin: false,
    captureMode: 'note',
  };
}
