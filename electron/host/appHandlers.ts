import type { AppInfo, AppRequests, CallContext, HostHandlers, NotificationDelivery } from '../../shared/host/contract';
import { HOST_PROTOCOL_VERSION } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';

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
  return {
    'app.info': async () => ({ ...services.appInfo, protocolVersion: HOST_PROTOCOL_VERSION, now: (services.now ?? Date.now)() }),
    'shell.openExternal': async ({ url }) => {
      await services.openExternal(checkExternalUrl(url));
      return { opened: true };
    },
    'notification.show': async (params, ctx) => ({ delivery: await services.showNotification(params, ctx) }),
    'window.readyToClose': async (_params, ctx) => {
      services.windowReadyToClose(ctx);
      return { ok: true };
    },
  };
}

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * Only web and mail links leave the app. file:, javascript:, custom schemes and anything that
 * does not parse are refused: a link in a note must never run or open something local.
 */
export function checkExternalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HostError('refused', `"${raw.slice(0, 100)}" is not a valid link.`);
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) {
    throw new HostError('refused', `Links starting with "${url.protocol}" are not opened; only http, https and mailto.`);
  }
  if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.hostname) {
    throw new HostError('refused', 'That link has no host name.');
  }
  return url.toString();
}
