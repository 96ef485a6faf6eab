import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, nativeTheme, screen } from 'electron';
import type { WebContents } from 'electron';
import { createCloseGuard } from '../services/closeGuard';
import type { CloseGuard } from '../services/closeGuard';
import { displayLayoutKey, fitToDisplays, loadWindowState, saveWindowState } from '../services/windowState';
import type { WindowState } from '../services/windowState';
import { clientIdOf, sendHostEvent } from './ipc';
import { keepSpellcheckerOffline } from './security';

/**
 * What a window is for. Decided by main when it creates the window (never by the page), so a
 * page cannot make itself something else: 'main' windows get the app's commands, notification
 * clicks and the close-to-background policy; the 'capture' window is the quick-capture panel.
 * Both are the app's own pages on the app origin and call the host alike (trust.ts).
 */
export type AppWindowRole = 'main' | 'capture';

/** A window this app created, with the guard that holds its close until storage is flushed. */
export interface AppWindow {
  win: BrowserWindow;
  guard: CloseGuard;
  role: AppWindowRole;
}

const DEFAULT_SIZE = { width: 1100, height: 780 };
const MIN_SIZE = { width: 480, height: 360 };
const SAVE_DELAY_MS = 500;
// Matches the renderer's page background so no white flash shows before the first paint.
const BACKGROUND = { dark: '#1c1a18', light: '#fbfaf7' };

/** The window background for the OS's current light/dark setting. */
/**
 * The close guard every app window uses: asks the page to flush (`window.closeRequested`) and
 * closes once it answers (or its time is up, or the renderer is gone).
 */
export function flushBeforeClose(win: BrowserWindow): CloseGuard {
  const contents = win.webContents;
  return createCloseGuard({
    requestFlush: () => {
      if (contents.isDestroyed() || contents.isCrashed()) throw new Error('renderer gone');
      sendHostEvent(contents, 'window.closeRequested', {});
    },
    close: () => {
      if (!win.isDestroyed()) win.close();
    },
  });
}

export function windowBackground(): string {
  return nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light;
}

/** Keyed by clientId (webContents id), the id handlers receive in CallContext. */
const windows = new Map<string, AppWindow>();

export function findAppWindow(clientId: string): AppWindow | undefined {
  return windows.get(clientId);
}

/** Every app window, or only those with `role`. */
export function allAppWindows(role?: AppWindowRole): AppWindow[] {
  const all = [...windows.values()];
  return role ? all.filter((w) => w.role === role) : all;
}

/**
 * Adds a window created elsewhere (the capture window) to the registry the IPC sender check,
 * the host events and quitting go through; it leaves the registry when it is closed.
 */
export function registerAppWindow(appWindow: AppWindow, onPageGone?: (clientId: string) => void): void {
  const clientId = clientIdOf(appWindow.win.webContents);
  windows.set(clientId, appWindow);
  appWindow.win.on('closed', () => {
    windows.delete(clientId);
    onPageGone?.(clientId);
  });
  appWindow.win.webContents.on('render-process-gone', () => onPageGone?.(clientId));
}

export function isAppWebContents(contents: WebContents): boolean {
  return windows.get(clientIdOf(contents))?.win.webContents === contents;
}

/** Brings a window to the front even when minimised or hidden (second instance, notification). */
export function revealWindow(win: BrowserWindow): void {
  if (win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}

export interface CreateWindowOptions {
  url: string;
  stateFile: string;
  preloadPath: string;
  /**
   * The page behind this window's clientId is gone (window closed, or its renderer crashed): the
   * host forgets its open docs, transfers and uploads. A plain reload is not reported: the new
   * page re-opens what it shows (opening twice is harmless), and dropping subscriptions at the
   * wrong moment of a navigation could silently cost the new page its live updates.
   */
  onPageGone?: (clientId: string) => void;
  /**
   * Asked when the user closes the window: true hides it instead (the app keeps running in the
   * background, see closePolicy). Not asked while quitting.
   */
  hideOnClose?: (win: BrowserWindow) => boolean;
}

export function createAppWindow(options: CreateWindowOptions): AppWindow {
  // The primary display goes first: fitToDisplays centres the default bounds on workAreas[0].
  const primary = screen.getPrimaryDisplay();
  const displays = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)];
  const saved = loadWindowState(options.stateFile, currentLayout());
  const bounds = fitToDisplays(saved, displays.map((d) => d.workArea), DEFAULT_SIZE);
  const icon = join(app.getAppPath(), 'resources', 'icon.png');

  const win = new BrowserWindow({
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Kindred',
    backgroundColor: windowBackground(),
    ...(existsSync(icon) ? { icon } : {}),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // Off: it would download dictionaries from Google (see keepSpellcheckerOffline).
      spellcheck: false,
    },
  });
  const contents = win.webContents;
  const clientId = clientIdOf(contents);
  keepSpellcheckerOffline(contents.session);

  win.once('ready-to-show', () => {
    // maximize() also shows the window, so it waits until there is something to show.
    if (bounds.isMaximized) win.maximize();
    win.show();
  });
  contents.on('did-fail-load', (_e, code, description, url, isMainFrame) => {
    if (!isMainFrame) return;
    console.error(`kindred: failed to load ${url}: ${description} (${code})`);
    if (!win.isVisible()) win.show(); // an invisible, running app is worse than an error page
  });

  const persist = trackWindowState(win, options.stateFile);
  const guard = flushBeforeClose(win);
  win.on('close', (event) => {
    persist();
    if (guard.state === 'open' && options.hideOnClose?.(win)) {
      // Kept running in the background: the page stays as it was, ready for "Open Kindred".
      event.preventDefault();
      win.hide();
      return;
    }
    if (guard.shouldPreventClose()) event.preventDefault();
  });
  win.on('closed', () => {
    guard.dispose();
    windows.delete(clientId);
    options.onPageGone?.(clientId);
  });
  contents.on('render-process-gone', () => options.onPageGone?.(clientId));

  // Windows mouse back/forward buttons arrive as app-commands, not as mouse events.
  win.on('app-command', (_e, command) => {
    const history = contents.navigationHistory;
    if (command === 'browser-backward' && history.canGoBack()) history.goBack();
    if (command === 'browser-forward' && history.canGoForward()) history.goForward();
  });

  const appWindow: AppWindow = { win, guard, role: 'main' };
  windows.set(clientId, appWindow);
  win.loadURL(options.url).catch((err: unknown) => console.error('kindred: loadURL failed', err));
  return appWindow;
}

/** The current display arrangement: window bounds are remembered per arrangement. */
function currentLayout(): string {
  return displayLayoutKey(screen.getAllDisplays().map((d) => d.bounds));
}

/** Saves bounds shortly after moves/resizes; the returned function saves now (used on close). */
function trackWindowState(win: BrowserWindow, file: string): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const saveNow = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return;
    // Normal bounds, so un-maximising after the next launch returns to the user's own size.
    const state: WindowState = { ...win.getNormalBounds(), isMaximized: win.isMaximized() };
    try {
      saveWindowState(file, state, currentLayout());
    } catch (err) {
      console.error('kindred: could not save window state', err);
    }
  };
  const saveSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(saveNow, SAVE_DELAY_MS);
  };
  win.on('move', saveSoon);
  win.on('resize', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('closed', () => clearTimeout(timer));
  return saveNow;
}
