import { app, shell } from 'electron';
import type { Session, WebContents } from 'electron';
import { checkExternalUrl, createOpenLimiter } from '../host/externalLinks';
import { isAllowedUrl } from '../services/trust';

/**
 * Applied to every webContents the app ever creates (windows, devtools, anything a future
 * feature adds), so no code path can forget it: the app's pages stay on the app's origin and
 * external links leave for the OS browser, never inside an Electron window.
 */
export function installNavigationGuards(allowedOrigins: readonly string[]): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    const blockForeign = (event: { preventDefault(): void }, url: string): void => {
      if (!isAllowedUrl(url, allowedOrigins)) {
        event.preventDefault();
        console.warn('kindred: blocked navigation to', url.slice(0, 200));
      }
    };
    contents.on('will-navigate', (event, url) => blockForeign(event, url));
    contents.on('will-redirect', (event, url) => blockForeign(event, url));
    // Also covers iframes, which will-navigate does not see.
    contents.on('will-frame-navigate', (event) => blockForeign(event, event.url));

    // No new Electron windows ever; an allowed link (http, https, mailto) opens in the OS.
    contents.setWindowOpenHandler(({ url }) => {
      openExternalIfSafe(url, String(contents.id));
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

// The same checks and the same allowance as `shell.openExternal` (electron/host/externalLinks.ts).
const windowOpenLimit = createOpenLimiter();

function openExternalIfSafe(url: string, clientId: string): void {
  let safe: string;
  try {
    safe = checkExternalUrl(url);
    windowOpenLimit.take(clientId);
  } catch (err) {
    console.warn('kindred: refused to open', url.slice(0, 200), '-', err instanceof Error ? err.message : err);
    return;
  }
  shell.openExternal(safe).catch((err: unknown) => console.error('kindred: openExternal failed', err));
}

/** Permissions a journal needs; everything else (camera, geolocation, USB…) is denied. */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications', 'clipboard-sanitized-write']);

export function configurePermissions(ses: Session, allowedOrigins: readonly string[]): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(ALLOWED_PERMISSIONS.has(permission) && isAllowedUrl(details.requestingUrl, allowedOrigins));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return ALLOWED_PERMISSIONS.has(permission) && isAllowedUrl(requestingOrigin, allowedOrigins);
  });
}

/**
 * No network the user did not ask for. Chromium's spellchecker downloads Hunspell dictionaries
 * from a Google CDN on Linux and Windows, so it is off (there is no Settings screen yet to let
 * the user turn it on knowingly), and the download URL points at a closed port on this machine
 * in case anything turns it back on. macOS uses the OS's own spellchecker and downloads nothing.
 */
export const SPELLCHECKER_DICTIONARY_URL = 'https://127.0.0.1:9/';

export function keepSpellcheckerOffline(ses: Session): void {
  ses.setSpellCheckerEnabled(false);
  ses.setSpellCheckerDictionaryDownloadURL(SPELLCHECKER_DICTIONARY_URL);
}
