import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { isWithin, realFileWithin, realRootOf } from './containment';

/**
 * Serves the built renderer for the `kindred://app/` scheme. Plain Node so path handling,
 * MIME types and headers are unit-tested; electron/main/protocol.ts only wraps the result in
 * a Response.
 *
 * Why a custom scheme instead of file://: a stable origin (IndexedDB lives per origin, so the
 * journal must always load from the same one), a real CSP header, and no file:// privileges.
 */

export const APP_SCHEME = 'kindred';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The root, not /index.html, so a path-based router in the renderer starts at "/". */
export const APP_ENTRY_URL = `${APP_ORIGIN}/`;

/** Sent with every response. 'unsafe-inline' styles only: React and the editor set style attributes. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export interface AppFileResponse {
  status: number;
  headers: Record<string, string>;
  /** null for HEAD requests. */
  body: Uint8Array<ArrayBuffer> | null;
}

/**
 * Maps a request URL to a file under `rootDir`, or null when it is not ours or would leave the
 * folder (`..`, encoded slashes, NUL bytes). Pure: no file-system access.
 */
export function resolveAppPath(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  // Backslashes are separators on Windows; refuse them everywhere rather than reason per OS.
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (!pathname.startsWith('/')) pathname = `/${pathname}`;
  if (pathname.endsWith('/')) pathname += 'index.html';
  const root = resolve(rootDir);
  const full = resolve(root, `.${pathname}`);
  return isWithin(root, full) ? full : null;
}

function headersFor(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    // The files change with every app update; never let a stale bundle meet a new one.
    'Cache-Control': 'no-cache',
  };
}

function textResponse(status: number, text: string, method: string): AppFileResponse {
  return {
    status,
    headers: headersFor('text/plain; charset=utf-8'),
    body: method === 'HEAD' ? null : new TextEncoder().encode(text),
  };
}

/**
 * Answers one request. An unknown extensionless path serves index.html (client-side routes
 * survive a reload); a missing asset is a 404, so a broken build fails loudly.
 */
export async function serveAppFile(rootDir: string, requestUrl: string, method = 'GET'): Promise<AppFileResponse> {
  const verb = method.toUpperCase();
  if (verb !== 'GET' && verb !== 'HEAD') return textResponse(405, 'Method not allowed', verb);
  // Paths are resolved against the folder's real path, and the file opened is the real path of
  // the one asked for, checked again: a symlink inside the folder must not lead out of it.
  const root = await realRootOf(resolve(rootDir));
  const target = resolveAppPath(root, requestUrl);
  if (!target) return textResponse(404, 'Not found', verb);

  let file = await realFileWithin(root, target);
  if (!file) {
    if (extname(target) !== '') return textResponse(404, 'Not found', verb);
    file = await realFileWithin(root, join(root, 'index.html'));
    if (!file) return textResponse(404, 'Not found', verb);
  }
  const body = verb === 'HEAD' ? null : new Uint8Array(await readFile(file));
  return { status: 200, headers: headersFor(mimeTypeFor(file)), body };
}
