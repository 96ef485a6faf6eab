import { BrowserWindow, screen } from 'electron';
import { CAPTURE_WINDOW_SIZE, captureTriggerAction } from '../services/desktop/mainCaptureWindow';
import type { CaptureTrigger, CaptureWindowTraits } from '../services/desktop/mainCaptureWindow';
import type { Rect } from '../services/windowState';
import { clientIdOf, sendHostEvent } from './ipc';
import { keepSpellcheckerOffline } from './security';
import { flushBeforeClose, registerAppWindow, windowBackground } from './window';
import type { AppWindow } from './window';

/**
 * The quick-capture window: created hidden at start-up with its page loaded, then only shown and
 * hidden, so a trigger costs a `setBounds` + `show()` and no page load. Wiring only: what differs
 * per platform is decided in services/desktop/mainCaptureWindow.ts, where it lands in
 * services/desktop/placement.
 */

export interface CaptureDisplay {
  id: number;
  bounds: Rect;
  workArea: Rect;
  scaleFactor: number;
}

export interface CaptureWindowOptions {
  url: string;
  preloadPath: string;
  traits: CaptureWindowTraits;
  /**
   * Where to show the window: the cursor (null where the OS does not tell, Wayland) and the
   * current displays in, bounds out — or null to leave the position to the OS.
   */
  place(cursor: { x: number; y: number } | null, displays: readonly CaptureDisplay[], size: typeof CAPTURE_WINDOW_SIZE): Rect | null;
  /** True while the app is quitting: the window may then really close. */
  isQuitting(): boolean;
  onPageGone?: (clientId: string) => void;
  /** Called right after `show()` with the trigger, for timing and tests. */
  onShown?: (trigger: CaptureTrigger) => void;
}

export interface CaptureWindow {
  readonly appWindow: AppWindow;
  /** Show and focus (or, for the hotkey while it is in front, hide). Never awaits before show(). */
  open(trigger: CaptureTrigger): void;
  hide(): void;
  /** True when `clientId` is this window's page. */
  owns(clientId: string): boolean;
}

export function createCaptureWindow(options: CaptureWindowOptions): CaptureWindow {
  const { traits } = options;
  const win = new BrowserWindow({
    ...CAPTURE_WINDOW_SIZE,
    show: false,
    frame: false,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    title: 'Kindred — Quick capture',
    backgroundColor: windowBackground(),
    alwaysOnTop: traits.alwaysOnTop,
    skipTaskbar: traits.skipTaskbar,
    ...(traits.panel ? { type: 'panel' } : {}),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // The first frame after show() must not wait for a throttled, hidden renderer.
      backgroundThrottling: false,
    },
  });
  if (traits.removeMenu) win.removeMenu();
  const contents = win.webContents;
  const clientId = clientIdOf(contents);
  keepSpellcheckerOffline(contents.session);

  // The same flush-before-close as the main window (the draft may be on its way to the host),
  // used only when the app quits: otherwise closing the capture window (Alt+F4, ⌘W) hides it.
  const guard = flushBeforeClose(win);
  win.on('close', (event) => {
    if (!options.isQuitting()) {
      event.preventDefault();
      win.hide();
      return;
    }
    if (guard.shouldPreventClose()) event.preventDefault();
  });
  win.on('closed', () => guard.dispose());
  // A crashed capture page is reloaded at once: it must be ready for the next trigger.
  contents.on('render-process-gone', (_e, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    console.error('kindred: the capture window stopped', details.reason, '- reloading it');
    win.loadURL(options.url).catch((err: unknown) => console.error('kindred: capture reload failed', err));
  });

  // Opened before its page has loaded (first launch with --capture): the page cannot have heard
  // capture.shown yet, so it is told again once it is there.
  let loaded = false;
  contents.on('did-finish-load', () => {
    loaded = true;
    if (win.isVisible()) sendHostEvent(contents, 'capture.shown', {});
  });
  contents.on('did-start-loading', () => (loaded = false));

  const appWindow: AppWindow = { win, guard, role: 'capture' };
  registerAppWindow(appWindow, options.onPageGone);
  win.loadURL(options.url).catch((err: unknown) => console.error('kindred: loadURL failed (capture)', err));

  function show(trigger: CaptureTrigger): void {
    // Synchronous all the way to show(): placement reads cached OS state only.
    const cursor = traits.followCursor ? screen.getCursorScreenPoint() : null;
    const displays = screen.getAllDisplays().map((d) => ({
      id: d.id,
      bounds: d.bounds,
      workArea: d.workArea,
      scaleFactor: d.scaleFactor,
    }));
    const bounds = options.place(cursor, displays, CAPTURE_WINDOW_SIZE);
    if (bounds) win.setBounds(bounds);
    win.show();
    if (traits.focusAfterShow) win.focus();
    if (bounds && traits.reapplyBounds) win.setBounds(bounds);
    if (loaded) sendHostEvent(contents, 'capture.shown', {});
    options.onShown?.(trigger);
  }

  return {
    appWindow,
    open(trigger) {
      if (win.isDestroyed()) return;
      const action = captureTriggerAction(trigger, { visible: win.isVisible(), focused: win.isFocused() });
      if (action === 'hide') win.hide();
      else show(trigger);
    },
    hide() {
      if (!win.isDestroyed() && win.isVisible()) win.hide();
    },
    owns: (id) => id === clientId,
  };
}
