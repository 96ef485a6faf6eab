import type { DisplayServer } from './mainDisplayServer';

/**
 * What the quick-capture window is on each platform, and what a trigger does to it. Plain Node;
 * electron/main/capture.ts turns this into BrowserWindow options and calls.
 */

/** Small enough to stay out of the way, big enough for a few lines and the mode toggle. */
export const CAPTURE_WINDOW_SIZE = { width: 560, height: 240 } as const;

export interface CaptureWindowTraits {
  /**
   * Float above other apps. Not on Wayland: compositors ignore the request (and Electron's
   * `isAlwaysOnTop()` then reports true anyway), so it is not asked for.
   */
  alwaysOnTop: boolean;
  /** No taskbar button. macOS and Windows only: Electron removed it on Linux (no Wayland equivalent). */
  skipTaskbar: boolean;
  /**
   * macOS `type: 'panel'`: floats over full-screen apps, shows on every Space and takes key focus
   * without bringing the main Kindred window forward (the Spotlight behaviour).
   */
  panel: boolean;
  /**
   * Ask for the cursor's position to pick the display. Wayland gives apps no global cursor
   * position (and places windows itself), so placement there is left to the compositor.
   */
  followCursor: boolean;
  /**
   * Call `focus()` after `show()`. On macOS a panel takes key focus when shown; focusing it again
   * would activate the whole app.
   */
  focusAfterShow: boolean;
  /**
   * Windows/Linux: no application menu (nor its accelerators) in the panel; Chromium's own
   * editing keys work without one. macOS has a single app menu, which stays.
   */
  removeMenu: boolean;
  /**
   * Windows with mixed-DPI displays: a window moved onto a display of another scale can come out
   * resized, so the bounds are set again once it is shown there.
   */
  reapplyBounds: boolean;
}

export function captureWindowTraits(platform: NodeJS.Platform, displayServer: DisplayServer): CaptureWindowTraits {
  const wayland = displayServer === 'wayland';
  const mac = platform === 'darwin';
  return {
    alwaysOnTop: !wayland,
    skipTaskbar: platform === 'darwin' || platform === 'win32',
    panel: mac,
    followCursor: !wayland,
    focusAfterShow: !mac,
    removeMenu: !mac,
    reapplyBounds: platform === 'win32',
  };
}

/** Who asked for the capture window. */
export type CaptureTrigger = 'hotkey' | 'tray' | 'menu' | 'launch';

export interface CaptureWindowState {
  visible: boolean;
  focused: boolean;
}

/**
 * The hotkey toggles: pressed while the capture window is in front, it hides it (the draft is
 * kept). Every other trigger, and the hotkey while the window is behind something or hidden,
 * shows and focuses it — a user who asks for capture from a menu never sees it vanish.
 */
export function captureTriggerAction(trigger: CaptureTrigger, state: CaptureWindowState): 'show' | 'hide' {
  return trigger === 'hotkey' && state.visible && state.focused ? 'hide' : 'show';
}
