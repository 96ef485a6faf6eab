import { HostError } from '../../shared/host/errors';
import { APP_ORIGIN } from './appFiles';

/**
 * Which pages count as "the app": the navigation guards and the IPC sender check both ask
 * here, so a page that may not navigate in may not call the host either. Plain Node.
 */

/**
 * `scheme://host[:port]` of a URL, or null. Computed by hand because Node's URL gives the
 * origin "null" for non-special schemes like kindred:, while Chromium (which registered the
 * scheme as standard) gives `kindred://app`.
 */
export function originOf(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!url.host) return null;
  return `${url.protocol}//${url.host}`.toLowerCase();
}

export function isAllowedUrl(raw: string, allowedOrigins: readonly string[]): boolean {
  const origin = originOf(raw);
  return origin !== null && allowedOrigins.includes(origin);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The app origin, plus electron-vite's dev server when running unpackaged. The dev URL comes
 * from an environment variable, so it is honoured only for loopback http(s): an env var must
 * never be able to point a packaged or unpackaged app's bridge at a remote site.
 */
export function appOrigins(devServerUrl: string | undefined, isPackaged: boolean): string[] {
  const origins = [APP_ORIGIN];
  const dev = !isPackaged && devServerUrl ? devServerOrigin(devServerUrl) : null;
  if (dev) origins.push(dev);
  return origins;
}

export function devServerOrigin(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !LOOPBACK_HOSTS.has(url.hostname)) return null;
  return originOf(raw);
}

export interface SenderInfo {
  /** URL of the frame that sent the IPC message; null when it navigated away or was destroyed. */
  frameUrl: string | null;
  /** The sender is the top-level frame (not an iframe). */
  isMainFrame: boolean;
  /** The sender's webContents belongs to a window this app created. */
  isOurWindow: boolean;
}

/** Returns why a sender is refused, or null when it may call the host. */
export function checkSender(sender: SenderInfo, allowedOrigins: readonly string[]): HostError | null {
  if (sender.frameUrl === null) return new HostError('unauthorized', 'The calling frame is gone.');
  if (!sender.isOurWindow) return new HostError('unauthorized', 'Requests are only accepted from Kindred windows.');
  if (!sender.isMainFrame) return new HostError('unauthorized', 'Requests are not accepted from embedded frames.');
  if (!isAllowedUrl(sender.frameUrl, allowedOrigins)) {
    return new HostError('unauthorized', 'Requests are only accepted from the Kindred app page.');
  }
  return null;
}
