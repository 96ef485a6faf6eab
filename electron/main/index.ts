import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { app, globalShortcut, Menu, nativeTheme, session } from 'electron';
import type { AppCommand } from '../../shared/host/slices/settings';
import { createHostRouter } from '../../shared/host/router';
import { createHostHandlers } from '../host/handlers';
import { createStoreSlot } from '../host/storeSlot';
import { superviseStore } from '../host/storeSupervisor';
import { APP_ENTRY_URL, APP_ORIGIN } from '../services/appFiles';
import { connectDerivedOverPort } from '../services/derived/derivedOverPort';
import { createDerivedSlot } from '../services/derived/derivedSlot';
import { parseAccelerator } from '../services/desktop/accelerator';
import { activateAction, closeAction, quitWhenAllClosed } from '../services/desktop/closePolicy';
import { createDraftStore } from '../services/desktop/drafts';
import { createHotkeyManager } from '../services/desktop/hotkey';
import { createLoginItems, loginExecPath } from '../services/desktop/loginItem';
import { captureWindowTraits } from '../services/desktop/mainCaptureWindow';
import type { CaptureTrigger } from '../services/desktop/mainCaptureWindow';
import { detectDisplayServer, WAYLAND_SHORTCUT_FEATURES, withEnabledFeatures } from '../services/desktop/mainDisplayServer';
import { launchAction } from '../services/desktop/mainLaunch';
import { createDesktopSettings } from '../services/desktop/mainSettings';
import { placeCaptureWindow } from '../services/desktop/placement';
import { launchArgsFromAdditionalData, parseLaunchArgs } from '../services/desktop/secondInstance';
import type { LaunchArgs } from '../services/desktop/secondInstance';
import { createSettingsFile } from '../services/desktop/settingsFile';
import { connectSyncOverPort } from '../services/sync/syncOverPort';
import { serveKeyWrapOverPort } from '../services/sync/keyWrapOverPort';
import { createSyncSlot } from '../services/sync/syncSlot';
import { DERIVED_CHANNEL, KEYS_CHANNEL, SEARCH_CHANNEL, STORE_CHANNEL, SYNC_CHANNEL } from '../services/journalChannels';
import { connectSearchOverPort, createSearchSlot } from '../services/search/searchOverPort';
import { channelPort } from '../services/store/port/channel';
import { connectStoreOverPort } from '../services/store/port/storeOverPort';
import { appOrigins, devServerOrigin } from '../services/trust';
import { createCaptureWindow } from './capture';
import type { CaptureWindow } from './capture';
import { registerHostIpc, sendHostEvent } from './ipc';
import { keychainWrap } from './keychain';
import { buildAppMenu } from './menu';
import { createDialogTargets } from './dataDialogs';
import { defaultBackupsDir } from '../services/dataJobs/autoBackupSchedule';
import { registerAppScheme, serveAppProtocol } from './protocol';
import { configurePermissions, installNavigationGuards } from './security';
import { createElectronServices } from './services';
import { spawnStoreProcess } from './storeProcess';
import { createAppTray } from './tray';
import type { AppTray } from './tray';
import { allAppWindows, createAppWindow, isAppWebContents, revealWindow, windowBackground } from './window';
import type { AppWindow } from './window';

/** Pages a menu command opens when it has to open a window first. */
const COMMAND_ROUTES: Partial<Record<AppCommand, string>> = { today: '#/today', search: '#/search', settings: '#/settings' };
/** File menu commands: a window opened for one goes to Your data, then gets the command to start it. */
const DATA_COMMANDS: ReadonlySet<AppCommand> = new Set<AppCommand>(['importContacts', 'exportVault', 'exportCalendar', 'backup', 'restore']);

/**
 * Electron entry: wiring only. Everything with logic worth testing lives in electron/services
 * (plain Node; the desktop behaviour in electron/services/desktop) or electron/host (shared
 * with the web host).
 */

const launch: LaunchArgs = parseLaunchArgs(process.argv);
const platform = process.platform;
const displayServer = detectDisplayServer(platform, process.env, process.argv);

// Tests and side-by-side profiles point the app at another data folder. Set before the
// single-instance lock, which lives in the userData folder.
const dataDir = process.env.KINDRED_USER_DATA_DIR ?? launch.dataDir;
if (dataDir) app.setPath('userData', resolve(dataDir));

// Global shortcuts under Wayland go through the XDG GlobalShortcuts portal, which Chromium only
// uses with this feature on. Switches count only before 'ready'.
if (platform === 'linux') {
  app.commandLine.appendSwitch(
    'enable-features',
    withEnabledFeatures(app.commandLine.getSwitchValue('enable-features'), WAYLAND_SHORTCUT_FEATURES),
  );
}
// Windows: notifications and the taskbar group by this id (the installer's shortcut carries it).
if (platform === 'win32') app.setAppUserModelId('app.kindred.Kindred');

// The exact flags travel as additionalData: Chromium may reorder or add to the second argv.
if (!app.requestSingleInstanceLock({ ...launch })) {
  // Two instances would share one profile: the journal's store folder, whose LevelDB lock lets
  // only one process open it. The running one gets this launch's flags instead.
  app.quit();
} else {
  start();
}

function start(): void {
  // Only honoured unpackaged and for loopback (see trust.ts): an env var must not redirect the app.
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const devOrigin = devUrl ? devServerOrigin(devUrl) : null;
  const startUrl = devUrl && devOrigin ? devUrl : APP_ENTRY_URL;
  const captureUrl = `${devUrl && devOrigin ? devOrigin : APP_ORIGIN}/capture.html`;
  const allowedOrigins = appOrigins(devUrl, app.isPackaged);
  const userData = (): string => app.getPath('userData');
  const preloadPath = join(__dirname, '../preload/index.cjs');

  const hotkey = createHotkeyManager({
    shortcuts: globalShortcut,
    onPressed: () => openCapture('hotkey'),
    platform,
    isWayland: displayServer === 'wayland',
    desktop: process.env.XDG_CURRENT_DESKTOP,
  });
  /** The capture hotkey that really is registered now (a refused new one leaves the old one). */
  const activeHotkey = (): string | null => hotkey.current();
  const desktop = createDesktopSettings({
    file: createSettingsFile(join(userData(), 'desktop-settings.json'), platform),
    hotkey,
    loginItems: createLoginItems({
      platform,
      setLoginItemSettings: (s) => app.setLoginItemSettings(s),
      getLoginItemSettings: (o) => app.getLoginItemSettings(o),
      autostartDir: join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart'),
      execPath: loginExecPath(process.execPath, process.env),
      // Unpackaged, the binary is Electron itself and needs the app folder to run Kindred.
      args: app.isPackaged ? ['--background'] : [app.getAppPath(), '--background'],
    }),
    platform,
    isWayland: displayServer === 'wayland',
    desktop: process.env.XDG_CURRENT_DESKTOP,
  });

  let quitting = false;
  let capture: CaptureWindow | undefined;
  // A trigger before the capture window exists (first launch with --capture) waits for it.
  let pendingCapture: CaptureTrigger | undefined;
  let tray: AppTray | undefined;
  // Set once the host is wired (after 'ready'); windows only open after that.
  let pageGone: (clientId: string) => void = () => undefined;

  function openCapture(trigger: CaptureTrigger): void {
    if (capture) capture.open(trigger);
    else pendingCapture = trigger;
  }

  const mainWindows = (): AppWindow[] => allAppWindows('main');

  function openWindow(hash = ''): AppWindow {
    const appWindow = createAppWindow({
      url: `${startUrl}${hash}`,
      stateFile: join(userData(), 'window-state.json'),
      preloadPath,
      onPageGone: (clientId) => pageGone(clientId),
      hideOnClose: (win) =>
        closeAction({
          platform,
          keepRunning: desktop.current().keepRunning,
          quitting,
          otherWindows: mainWindows().filter((w) => w.win !== win && !w.win.isDestroyed() && w.win.isVisible()).length,
        }) === 'hide',
    });
    appWindow.win.on('closed', () => {
      // The hidden capture window never lets 'window-all-closed' fire: decide here instead.
      if (mainWindows().length > 0) return;
      if (quitWhenAllClosed({ platform, keepRunning: desktop.current().keepRunning, quitting })) app.quit();
    });
    return appWindow;
  }

  /** "Open Kindred": the main window, shown and focused (created if there is none). */
  function showMain(): AppWindow {
    const existing = mainWindows()[0];
    if (existing) {
      revealWindow(existing.win);
      return existing;
    }
    return openWindow();
  }

  /** Menu commands go to the focused main window's page, or the first one, brought forward. */
  function sendCommand(command: AppCommand): void {
    const focused = mainWindows().find((w) => w.win.isFocused());
    const target = focused ?? mainWindows()[0];
    if (target) {
      revealWindow(target.win);
      sendHostEvent(target.win.webContents, 'app.command', { command });
      return;
    }
    // macOS, every window closed: open one at the command's own page (an event sent while the
    // page is still starting could be missed); only "Jump to…" has no page and is sent on load.
    const route = COMMAND_ROUTES[command];
    const created = openWindow(route ?? (DATA_COMMANDS.has(command) ? '#/settings/data' : ''));
    if (!route) created.win.webContents.once('did-finish-load', () => sendHostEvent(created.win.webContents, 'app.command', { command }));
  }

  function refreshMenus(): void {
    Menu.setApplicationMenu(
      buildAppMenu({ quickCapture: () => openCapture('menu'), command: sendCommand, captureHotkey: activeHotkey() }),
    );
    tray?.refresh();
  }

  /** What a launch asks for, at start-up or from a second launch (see mainLaunch.ts). */
  function handleLaunch(args: LaunchArgs): void {
    const action = launchAction(args);
    if (action === 'capture') openCapture('launch');
    else if (action === 'show-main') showMain();
  }

  app.enableSandbox(); // every renderer, including any we forget to configure
  registerAppScheme(); // must precede 'ready'
  installNavigationGuards(allowedOrigins);

  app.on('second-instance', (_event, argv, _cwd, additionalData) => {
    if (!app.isReady()) return;
    handleLaunch(launchArgsFromAdditionalData(additionalData) ?? parseLaunchArgs(argv));
  });

  /** Stops the derived index, then the store; set once the host is wired. */
  let stopStore: (() => Promise<void>) | undefined;
  let storeStopped = false;
  app.on('before-quit', (event) => {
    quitting = true;
    // Quitting closes windows (hidden ones too); hold the quit until each has flushed (its
    // close guard), and quit again from 'window-all-closed'.
    const pending = allAppWindows().filter((w) => w.guard.state !== 'closing' && !w.win.isDestroyed());
    if (pending.length > 0) {
      event.preventDefault();
      for (const { win } of pending) win.close();
      return;
    }
    // Then the store: closing it over its port drains every write in flight, then its process ends.
    if (stopStore && !storeStopped) {
      event.preventDefault();
      const stopping = stopStore;
      stopStore = undefined;
      void stopping().finally(() => {
        storeStopped = true;
        app.quit();
      });
    }
  });
  app.on('window-all-closed', () => {
    if (quitting || quitWhenAllClosed({ platform, keepRunning: desktop.current().keepRunning, quitting })) app.quit();
  });
  app.on('will-quit', () => {
    globalShortcut.unregisterAll();
    tray?.destroy();
    tray = undefined;
  });

  app
    .whenReady()
    .then(() => {
      serveAppProtocol(join(__dirname, '../renderer'));
      configurePermissions(session.defaultSession, allowedOrigins);
      refreshMenus();
      // The journal's store runs in its own process (utilityProcess), restarted if it dies.
      const journalDir = join(userData(), 'journal');
      const slot = createStoreSlot(journalDir, { ok: false, code: 'closed', message: 'Your journal is opening…' });
      // The derived index runs in the store process too (services/journalChild): main holds a
      // client per process run, behind a slot that survives restarts.
      const derived = createDerivedSlot();
      // Full-text search runs there too, off every window's UI thread.
      const search = createSearchSlot();
      // Peer-to-peer sync runs there as well (it keeps syncing with every window closed).
      const sync = createSyncSlot();
      const supervisor = superviseStore({
        slot,
        spawn: () => {
          const handle = spawnStoreProcess(journalDir);
          void handle.exited.then(() => {
            derived.detach();
            search.detach();
            sync.detach();
          });
          return handle;
        },
        connect: (port) => {
          connectDerivedOverPort(channelPort(port, DERIVED_CHANNEL)).then(
            (index) => derived.attach(index),
            (err: unknown) => console.error('kindred: the list index did not start', err),
          );
          connectSearchOverPort(channelPort(port, SEARCH_CHANNEL)).then(
            (index) => search.attach(index),
            (err: unknown) => console.error('kindred: search did not start', err),
          );
          connectSyncOverPort(channelPort(port, SYNC_CHANNEL)).then(
            (service) => sync.attach(service),
            (err: unknown) => console.error('kindred: sync did not start', err),
          );
          // The device's sync identity key is wrapped with the OS keychain, which only main can reach.
          serveKeyWrapOverPort(channelPort(port, KEYS_CHANNEL), keychainWrap());
          return connectStoreOverPort(channelPort(port, STORE_CHANNEL));
        },
      });
      stopStore = async () => {
        // Closing the store stops the index first, inside the store process (journalChild).
        await sync.close().catch(() => undefined);
        await derived.close().catch(() => undefined);
        await search.close().catch(() => undefined);
        await supervisor.stop();
      };
      const host = createHostHandlers({
        ...createElectronServices(),
        store: slot,
        derived,
        search,
        sync,
        capture: {
          drafts: createDraftStore(join(userData(), 'capture-draft.json')),
          hide: async (clientId) => {
            if (!capture?.owns(clientId)) return false;
            capture.hide();
            return true;
          },
        },
        settings: desktop,
        // Settings → Your data: the OS dialogs pick every path; the daily backup runs in the
        // journal's process (journalChild.ts) into this same folder.
        data: { targets: createDialogTargets(), backupsFolder: defaultBackupsDir(journalDir) },
      });
      pageGone = (clientId) => host.clientGone(clientId);
      registerHostIpc(createHostRouter(host.handlers), { allowedOrigins, isAppWebContents });

      // The OS light/dark setting, live in every window (pages follow prefers-color-scheme).
      nativeTheme.on('updated', () => {
        for (const { win } of allAppWindows()) if (!win.isDestroyed()) win.setBackgroundColor(windowBackground());
      });

      tray = createAppTray({
        quickCapture: () => openCapture('tray'),
        openKindred: () => void showMain(),
        quit: () => app.quit(),
        hotkeyLabel: () => {
          const active = activeHotkey();
          const parsed = active ? parseAccelerator(active, platform) : null;
          return parsed?.ok ? parsed.display : null;
        },
        syncPaused: () => {
          const status = sync.status();
          return status.enabled ? status.paused : null;
        },
        setSyncPaused: (paused) => void sync.setPaused(paused).catch((err: unknown) => console.error('kindred: pause sync failed', err)),
      });
      // The tray's "Pause sync" follows sync's state (paired or not, paused or not).
      let lastTraySync = '';
      sync.onStatus((status) => {
        const key = `${status.enabled}/${status.paused}`;
        if (key === lastTraySync) return;
        lastTraySync = key;
        tray?.refresh();
      });
      desktop.onChange(() => refreshMenus());

      capture = createCaptureWindow({
        url: captureUrl,
        preloadPath,
        traits: captureWindowTraits(platform, displayServer),
        place: (cursor, displays, size) => {
          const placed = placeCaptureWindow({ cursor, displays, size });
          return placed.displayId === null ? null : placed;
        },
        isQuitting: () => quitting,
        onPageGone: (clientId) => pageGone(clientId),
      });
      handleLaunch(launch);
      if (pendingCapture) {
        const trigger = pendingCapture;
        pendingCapture = undefined;
        capture.open(trigger);
      }
      // The hotkey and start-at-login need the settings file; nothing above waits for it.
      desktop.start().catch((err: unknown) => console.error('kindred: desktop settings did not load', err));

      app.on('activate', () => {
        // macOS: clicking the dock icon shows the hidden main window, or opens one.
        const main = mainWindows()[0];
        const action = activateAction({ mainWindowExists: main !== undefined, mainWindowVisible: main?.win.isVisible() ?? false });
        if (action === 'create') openWindow();
        else if (action === 'show' && main) revealWindow(main.win);
      });
    })
    .catch((err: unknown) => {
      console.error('kindred: start-up failed', err);
      app.exit(1);
    });
}
