import { app, Notification, shell } from 'electron';
import type { HostServices } from '../host/handlers';
import type { NotificationDelivery } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import { sendHostEvent } from './ipc';
import { findAppWindow, revealWindow } from './window';

/**
 * HostServices backed by Electron. Handlers (electron/host/handlers.ts) have already validated
 * params and vetted URLs; this only maps each service onto the OS.
 */
export function createElectronServices(): HostServices {
  // Notifications that are only referenced by a closure get garbage-collected, and their
  // click handler with them; hold them until they are clicked or dismissed.
  const live = new Set<Notification>();

  return {
    appInfo: { name: 'Kindred', version: app.getVersion(), platform: process.platform, host: 'electron' },

    async openExternal(url) {
      await shell.openExternal(url);
    },

    async showNotification({ title, body, tag }, ctx): Promise<NotificationDelivery> {
      const target = findAppWindow(ctx.clientId);
      const clickPayload = tag === undefined ? {} : { tag };
      if (Notification.isSupported()) {
        const note = new Notification({ title, body });
        live.add(note);
        note.on('click', () => {
          live.delete(note);
          const current = findAppWindow(ctx.clientId);
          if (!current) return;
          revealWindow(current.win);
          sendHostEvent(current.win.webContents, 'notification.clicked', clickPayload);
        });
        note.on('close', () => live.delete(note));
        note.show();
        return 'native';
      }
      if (!target) throw new HostError('unavailable', 'No window to show the notification in.');
      sendHostEvent(target.win.webContents, 'notification.bannerRequested', { title, body, ...clickPayload });
      return 'banner';
    },

    windowReadyToClose(ctx) {
      findAppWindow(ctx.clientId)?.guard.ready();
    },
  };
}
