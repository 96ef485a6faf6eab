import type { AppInfo, AppRequests, CallContext, HostHandlers, NotificationDelivery } from '../../shared/host/contract';
import { HOST_PROTOCOL_VERSION } from '../../shared/host/contract';
import { checkExternalUrl, createOpenLimiter } from './externalLinks';

export { checkExternalUrl } from './externalLinks';

/** What the app slice needs from its host (Electron's shell/Notification, or the web host's own). */
export interface AppServices {
  appInfo: Omit<AppInfo, 'protocolVersion' | 'now'>;
  /** The host's clock; Date.now() unless a host is told otherwise (the web host in tests). */
  now?: () => number;
  /** Called only with a URL that `checkExternalUrl` accepted. */
  openExternal(url: string): Promise<void>;
  showNotification(n: { title: string; body: string; tag?: string }, ctx: CallContext): Promise<NotificationDelivery>;
  /** The window behind `ctx` has flushed its storage and may close now. */
  windowReadyToClose(ctx: CallContext): void;
}

export type AppHandlers = Pick<HostHandlers, keyof AppRequests>;

export function createAppHandlers(services: AppServices): AppHandlers {
  const openLimit = createOpenLimiter({ now: () => (services.now ?? Date.now)() });
  return {
    'app.info': async () => ({ ...services.appInfo, protocolVersion: HOST_PROTOCOL_VERSION, now: (services.now ?? Date.now)() }),
    'shell.openExternal': async ({ url }, ctx) => {
      const safe = checkExternalUrl(url);
      openLimit.take(ctx.clientId);
      await services.openExternal(safe);
      return { opened: true };
    },
    'notification.show': async (params, ctx) => ({ delivery: await services.showNotification(params, ctx) }),
    'window.readyToClose': async (_params, ctx) => {
      services.windowReadyToClose(ctx);
      return { ok: true };
    },
  };
}
