import { protocol } from 'electron';
import { APP_SCHEME, serveAppFile } from '../services/appFiles';

/**
 * `kindred://app/` serves the built renderer. Must be registered before `app` is ready;
 * `standard` gives it a real origin (IndexedDB, localStorage, relative URLs), `secure` makes it
 * a secure context, `supportFetchAPI` lets the page fetch its own assets. No `bypassCSP`,
 * no `corsEnabled`: the page is held to its CSP header like any web page.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Call once the app is ready. Path checks, MIME types and headers live in services/appFiles. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request): Promise<Response> => {
    try {
      const reply = await serveAppFile(rendererDir, request.url, request.method);
      return new Response(reply.body, { status: reply.status, headers: reply.headers });
    } catch (err) {
      console.error('kindred: failed to serve', request.url, err);
      return new Response('Internal error', { status: 500, headers: { 'Content-Type': 'text/plain' } });
    }
  });
}
