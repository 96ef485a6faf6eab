import { join, resolve } from 'node:path';
import { app, Menu, session } from 'electron';
import { createHostRouter } from '../../shared/host/router';
import { createHostHandlers } from '../host/handlers';
import { createStoreSlot } from '../host/storeSlot';
import { superviseStore } from '../host/storeSupervisor';
import { APP_ENTRY_URL } from '../services/appFiles';
import { connectDerivedOverPort } from '../services/derived/derivedOverPort';
import { createDerivedSlot } from '../services/derived/derivedSlot';
import { connectSyncOverPort } from '../services/sync/syncOverPort';
import { createSyncSlot } from '../services/sync/syncSlot';
import { DERIVED_CHANNEL, STORE_CHANNEL, SYNC_CHANNEL } from '../services/journalChannels';
import { channelPort } from '../services/store/port/channel';
import { connectStoreOverPort } from '../services/store/port/storeOverPort';
import { appOrigins, devServerOrigin } from '../services/trust';
import { registerHostIpc } from './ipc';
import { buildAppMenu } from './menu';
import { registerAppScheme, serveAppProtocol } from './protocol';
import { configurePermissions, installNavigationGuards } from './security';
import { createElectronServices } from './services';
import { spawnStoreProcess } from './storeProcess';
import { allAppWindows, createAppWindow, isAppWebContents, revealWindow } from './window';

/**
 * Electron entry: wiring only. Everything with logic worth testing lives in electron/services
 * (plain Node) or electron/host (shared with the web host).
 */

// Tests and side-by-side profiles point the app at another data folder. Set before the
// single-instance lock, which lives in the userData folder.
if (process.env.KINDRED_USER_DATA_DIR) app.setPath('userData', resolve(process.env.KINDRED_USER_DATA_DIR));

if (!app.requestSingleInstanceLock()) {
  // Two instances would share one profile: the renderer's IndexedDB cache, and the journal's
  // store folder, whose LevelDB lock lets only one process open it (the second could not save).
  // The running one is focused instead.
  app.quit();
} else {
  start();
}

function start(): void {
  // Only honoured unpackaged and for loopback (see trust.ts): an env var must not redirect the app.
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const startUrl = devUrl && devServerOrigin(devUrl) ? devUrl : APP_ENTRY_URL;
  const allowedOrigins = appOrigins(devUrl, app.isPackaged);
  const stateFile = (): string => join(app.getPath('userData'), 'window-state.json');
  // Set once the host is wired (after 'ready'); windows only open after that.
  let pageGone: (clientId: string) => void = () => undefined;
  const openWindow = (): void => {
    createAppWindow({
      url: startUrl,
      stateFile: stateFile(),
      preloadPath: join(__dirname, '../preload/index.cjs'),
      onPageGone: (clientId) => pageGone(clientId),
    });
  };

  app.enableSandbox(); // every renderer, including any we forget to configure
  registerAppScheme(); // must precede 'ready'
  installNavigationGuards(allowedOrigins);

  app.on('second-instance', () => {
    const first = allAppWindows()[0];
    if (first) revealWindow(first.win);
    else if (app.isReady()) openWindow();
  });

  let quitting = false;
  /** Stops the derived index, then the store; set once the host is wired. */
  let stopStore: (() => Promise<void>) | undefined;
  let storeStopped = false;
  app.on('before-quit', (event) => {
    quitting = true;
    // Quitting closes windows; hold the quit until each has flushed (its close guard), and
    // quit again from 'window-all-closed'.
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
    if (quitting || process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(() => {
      serveAppProtocol(join(__dirname, '../renderer'));
      configurePermissions(session.defaultSession, allowedOrigins);
      Menu.setApplicationMenu(buildAppMenu());
      // The journal's store runs in its own process (utilityProcess), restarted if it dies.
      const dataDir = join(app.getPath('userData'), 'journal');
      const slot = createStoreSlot(dataDir, { ok: false, code: 'closed', message: 'Your journal is opening…' });
      // The derived index runs in the store process too (services/journalChild): main holds a
      // client per process run, behind a slot that survives restarts.
      const derived = createDerivedSlot();
      // Peer-to-peer sync runs there as well (it keeps syncing with every window closed).
      const sync = createSyncSlot();
      const supervisor = superviseStore({
        slot,
        spawn: () => {
          const handle = spawnStoreProcess(dataDir);
          void handle.exited.then(() => {
            derived.detach();
            sync.detach();
          });
          return handle;
        },
        connect: (port) => {
          connectDerivedOverPort(channelPort(port, DERIVED_CHANNEL)).then(
            (index) => derived.attach(index),
            (err: unknown) => console.error('kindred: the list index did not start', err),
          );
          connectSyncOverPort(channelPort(port, SYNC_CHANNEL)).then(
            (service) => sync.attach(service),
            (err: unknown) => console.error('kindred: sync did not start', err),
          );
          return connectStoreOverPort(channelPort(port, STORE_CHANNEL));
        },
      });
      stopStore = async () => {
        // Closing the store stops the index first, inside the store process (journalChild).
        await sync.close().catch(() => undefined);
        await derived.close().catch(() => undefined);
        await supervisor.stop();
      };
      const host = createHostHandlers({ ...createElectronServices(), store: slot, derived, sync });
      pageGone = (clientId) => host.clientGone(clientId);
      registerHostIpc(createHostRouter(host.handlers), { allowedOrigins, isAppWebContents });
      openWindow();
      app.on('activate', () => {
        // macOS: clicking the dock icon with no window open reopens one.
        if (allAppWindows().length === 0) openWindow();
      });
    })
    .catch((err: unknown) => {
      console.error('kindred: start-up failed', err);
      app.exit(1);
    });
}
