import { app, Notification, shell } from 'electron';
import { notificationText } from '../services/notificationText';
import type { HostServices } from '../host/handlers';
import type { HostEventName, HostEvents, NotificationDelivery } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import { sendHostEvent } from './ipc';
import { allAppWindows, findAppWindow, revealWindow } from './window';

/**
 * HostServices backed by Electron (all but the store and derived index, which index.ts wires).
 * Handlers (electron/host/handlers.ts) have already validated params and vetted URLs; this only
 * maps each service onto the OS and the app's windows.
 */
export function createElectronServices(): Omit<HostServices, 'store' | 'derived'> {
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
        // Linux notification servers read the body as markup (the summary is plain text):
        // names and labels in it are escaped there.
        const note = new Notification({ title, body: notificationText(body, process.platform) });
        live.add(note);
        note.on('click', () => {
          live.delete(note);
          const current = findAppWindow(ctx.clientId);
          if (!current) return;
          revealWindow(current.win);
          sendHostEvent(current.win.webContents, 'notification.clicked', clickPayload);
        });
        note.on('close', () => live.delete(note));
        // Electron ≥ 42 on macOS (UNNotification): an unsigned app's notification fails
        // instead of showing. Show it in the window as a banner then, so no reminder is lost.
        note.on('failed', (_event, error) => {
          live.delete(note);
          console.warn('kindred: the system notification failed, showing it in the window:', error);
          const current = findAppWindow(ctx.clientId);
          if (current) sendHostEvent(current.win.webContents, 'notification.bannerRequested', { title, body, ...clickPayload });
        });
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

    emitTo<E extends HostEventName>(clientId: string, event: E, payload: HostEvents[E]) {
      const target = findAppWindow(clientId);
      if (target) sendHostEvent(target.win.webContents, event, payload);
    },

    emitAll<E extends HostEventName>(event: E, payload: HostEvents[E]) {
      for (const { win } of allAppWindows()) sendHostEvent(win.webContents, event, payload);
    },
  };
}
