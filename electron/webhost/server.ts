import { spawn } from 'node:child_process';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { version as packageVersion } from '../../package.json';
import type { AppServices } from '../host/appHandlers';
import { createHostHandlers, type HostServices } from '../host/handlers';
import { unavailableSettings } from '../host/settingsHandlers';
import type { HostEventName, HostEvents } from '../../shared/host/contract';
import { parseHostMessage } from '../../shared/host/envelope';
import { HostError } from '../../shared/host/errors';
import { createHostRouter } from '../../shared/host/router';
import { CONTENT_SECURITY_POLICY, mimeTypeFor } from '../services/appFiles';
import { realFileWithin, realRootOf } from '../services/containment';
import type { DerivedSource } from '../host/derivedHandlers';
import { startDerivedIndex } from '../services/derived/derivedIndex';
import { startSearchHost } from '../services/search';
import { startTrashPurger } from '../services/trash/trashPurger';
import type { DerivedIndex } from '../services/derived/types';
import { startCliEndpoint } from '../services/cliEndpoint';
import { openLevelStore } from '../services/store';
import { warmWorkspace } from '../services/store/warmWorkspace';
import { createDraftStore } from '../services/desktop/drafts';
import type { JournalStore } from '../services/store/types';
import type { SyncService } from '../services/sync/service';
import { syncEnv } from '../services/sync/syncEnv';
import { syncKeyDir } from '../services/sync/syncKeyDir';
import { homedir } from 'node:os';
import { webDataServices, type WebDataOptions } from '../services/dataJobs/webData';
import { startSyncService, type SyncServiceOptions } from '../services/sync/syncService';
import { serveConnection, type ServedConnection } from '../../shared/host/server';
import type { HostTransport, TransportClosed } from '../../shared/host/transport';
import { createOutbox, type Outbox, type OutboxOptions } from './outbox';

/**
 * The Node web host: serves the built renderer and the host contract over a WebSocket, so the
 * real renderer runs in a plain browser (`npm run web`, Playwright). Never imports 'electron'.
 */
export interface WebHostOptions {
  rendererDir: string;
  /** 0 picks a free port. The default stays fixed because browser storage is per origin. */
  port?: number;
  /** Defaults to 24 random bytes, base64url. */
  token?: string;
  /** The journal's folder: the host opens its store there and closes it on `close()`. */
  dataDir?: string;
  /** Or a store the caller opened (tests); the host never closes it. One of the two is required. */
  store?: JournalStore;
  /**
   * The derived index. Default: with `dataDir`, the host starts one over its store (and closes
   * it); with an injected store, none. A given index is the caller's to close.
   */
  derived?: DerivedSource;
  /**
   * Peer-to-peer sync. Default: with `dataDir`, the host runs it beside its store (keys in the
   * data folder, settings from KINDRED_SYNC_* — see services/sync/syncEnv.ts); with an injected
   * store, none. `false` turns it off; an object overrides the settings (tests: a loopback DHT).
   */
  sync?: Partial<Omit<SyncServiceOptions, 'store' | 'keyDir'>> | false;
  /** Replace individual app services (tests inject recorders, or a clock via `now`). */
  services?: Partial<AppServices> & Pick<HostServices, 'log' | 'replica'>;
  /** Per-connection send bounds (see outbox.ts). */
  backpressure?: Pick<OutboxOptions, 'softBytes' | 'hardBytes' | 'graceMs'>;
  /** Your data: where exports go (a name inside it; default `<home>/Kindred exports`). */
  exportsDir?: string;
  /** Where daily backups go (default beside the journal's folder). */
  backupsDir?: string;
  /** The daily backup's scheduler timings (tests), or false for none. */
  autoBackup?: WebDataOptions['autoBackup'];
}

export interface WebHost {
  /** Page URL including `?token=…`: whoever has it can use the host, so print it, never log it elsewhere. */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** The store's folder, or null for an injected store without one. */
  dataDir: string | null;
  store: JournalStore;
  close(): Promise<void>;
  /** Sends an event to every connected page. */
  emit<E extends HostEventName>(event: E, payload: HostEvents[E]): void;
  connections(): number;
  /**
   * Resolves once the host's own derived index and search have caught up with the store (at
   * once without them): a benchmark measures warm start-ups against a host that is not still
   * indexing in the same process.
   */
  indexed(): Promise<void>;
  /** Bytes the host holds for its clients' sockets (queued and unsent): bounded per client. */
  heldBytes(): number;
  address(): AddressInfo;
}

export const DEFAULT_WEB_HOST_PORT = 5233;
const BIND_ADDRESS = '127.0.0.1';
const HOST_PATH = '/host';
const MAX_FRAME_BYTES = 1024 * 1024;

const SECURITY_HEADERS: OutgoingHttpHeaders = {
  // The same policy the Electron app is served with.
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};


export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const rendererRoot = await realRootOf(path.resolve(options.rendererDir));
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenDigest = sha256(token);
  if (!options.store && options.dataDir === undefined) throw new Error('startWebHost needs a dataDir or a store.');
  // The store opens before the port, and is closed again if listening fails (a port clash must
  // not leave the folder locked).
  const ownStore = !options.store;
  const store = options.store ?? (await openLevelStore(options.dataDir as string));
  // What every window asks first, ready before it asks (warmWorkspace.ts).
  if (ownStore) void warmWorkspace(store);
  // Started in the background: it only reads its cursor, then catches up on its own.
  const ownDerived = ownStore && options.derived === undefined ? startDerivedIndex(store) : null;
  // Search beside the store (it follows the store's log, like the derived index).
  const ownSearch = ownStore ? startSearchHost(store) : null;
  ownSearch?.catch(() => undefined); // reported by the search slice
  const ownSync = ownStore && options.sync !== false ? startOwnSync(store, options.dataDir as string, options.sync ?? {}) : null;
  ownSync?.catch(() => undefined); // reported by the sync slice
  // Trash kept 30 days is purged at start and hourly, by the host's clock.
  const ownPurger = ownStore ? startTrashPurger({ store, ...(options.services?.now ? { now: options.services.now } : {}) }) : null;
  // The `kindred` command line reaches this journal through the host while it runs (cliEndpoint).
  const ownEndpoint = ownStore
    ? startCliEndpoint({ dataDir: options.dataDir as string, store }).catch((err: unknown) => {
        process.stderr.write(`The command line cannot reach this journal: ${err instanceof Error ? err.message : String(err)}\n`);
        return null;
      })
    : null;
  const owned: Owned = {
    derived: ownDerived,
    search: ownSearch,
    sync: ownSync,
    async close() {
      try {
        await (await ownEndpoint)?.close().catch(() => undefined);
        await ownPurger?.close();
        // Sync writes received docs and cursors into the store: it stops before the store.
        await (await ownSync?.catch(() => null))?.close().catch(() => undefined);
        const derived = await ownDerived?.catch(() => null);
        await derived?.close();
        await (await ownSearch?.catch(() => null))?.close().catch(() => undefined);
      } finally {
        if (ownStore) await store.close();
      }
    },
  };
  try {
    return await listen(options, rendererRoot, token, tokenDigest, store, owned);
  } catch (err) {
    await owned.close().catch(() => undefined);
    throw err;
  }
}

/** Null when KINDRED_SYNC=0; a bad KINDRED_SYNC_* value fails sync only (the journal still opens). */
async function startOwnSync(
  store: JournalStore,
  dataDir: string,
  overrides: Partial<Omit<SyncServiceOptions, 'store' | 'keyDir'>>,
): Promise<SyncService | null> {
  const env = syncEnv();
  if (!env.enabled) return null;
  return startSyncService({
    defaultName: env.defaultName,
    lan: env.lan ? {} : false,
    ...(env.bootstrap ? { bootstrap: env.bootstrap } : {}),
    ...overrides,
    store,
    keyDir: syncKeyDir(dataDir),
  });
}

/** What the host opened itself and must close, in order (the index writes to the store). */
async function caughtUp(owned: Owned): Promise<void> {
  const derived = await owned.derived?.catch(() => null);
  if (derived && derived.state().kind !== 'ready') {
    await new Promise<void>((resolve) => {
      const stop = derived.onChange((change) => {
        if (change.state.kind !== 'ready') return;
        stop();
        resolve();
      });
      if (derived.state().kind === 'ready') {
        stop();
        resolve();
      }
    });
  }
  await (await owned.search?.catch(() => null))?.idle();
}

interface Owned {
  derived: Promise<DerivedIndex> | null;
  search: ReturnType<typeof startSearchHost> | null;
  sync: Promise<SyncService | null> | null;
  close(): Promise<void>;
}

interface Client {
  socket: WebSocket;
  served: ServedConnection;
  outbox: Outbox;
}

async function listen(
  options: WebHostOptions,
  rendererRoot: string,
  token: string,
  tokenDigest: Buffer,
  store: JournalStore,
  owned: Owned,
): Promise<WebHost> {
  const clients = new Map<string, Client>();
  let nextClient = 1;
  let origin = '';

  const emitTo = <E extends HostEventName>(clientId: string, event: E, payload: HostEvents[E]): void => {
    clients.get(clientId)?.served.emit(event, payload);
  };
  const emitAll = <E extends HostEventName>(event: E, payload: HostEvents[E]): void => {
    for (const { served } of clients.values()) served.emit(event, payload);
  };
  const { services: overrides = {} } = options;
  const log = overrides.log ?? ((line: string) => console.warn(line));
  const services: HostServices = {
    appInfo: { name: 'Kindred', version: packageVersion, platform: process.platform, host: 'web' },
    openExternal: openWithSystem,
    // A browser tab has no native notifications we may rely on, so the page shows a banner.
    async showNotification(n, ctx) {
      emitTo(ctx.clientId, 'notification.bannerRequested', n);
      return 'banner';
    },
    windowReadyToClose: () => undefined,
    ...overrides,
    store,
    derived: options.derived ?? owned.derived,
    search: owned.search,
    sync: owned.sync,
    // Quick capture's draft lives in the journal's folder; a browser tab cannot be hidden.
    capture: store.dataDir ? { drafts: createDraftStore(path.join(store.dataDir, 'capture-draft.json')), hide: async () => false } : undefined,
    // A browser tab has no global hotkey, tray or login item: Settings says they are desktop-only.
    settings: unavailableSettings(process.platform),
    emitTo,
    emitAll,
  };
  const webData = webDataServices({
    store,
    exportsDir: options.exportsDir ?? path.join(homedir(), 'Kindred exports'),
    ...(options.backupsDir ? { backupsDir: options.backupsDir } : {}),
    ...(options.autoBackup !== undefined ? { autoBackup: options.autoBackup } : {}),
    log,
  });
  services.data = webData.data;
  const host = createHostHandlers(services);
  const router = createHostRouter(host.handlers);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  const server = createServer((req, res) => {
    serveStatic(rendererRoot, origin, req, res).catch(() => send(res, 500, 'Internal error'));
  });
  // A malformed request or a reset mid-request: nothing worth answering, and nothing may linger.
  server.on('clientError', (_err: Error, socket: Duplex) => socket.destroy());
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node removes its own error listener before handing the socket over, and ws adds one only
    // once it takes the socket: without this, a client that resets while we write a refusal
    // raises an uncaught ECONNRESET and the host exits (anyone on this machine could do it).
    socket.on('error', () => socket.destroy());
    const refusal = checkUpgrade(req, origin, tokenDigest);
    if (refusal) {
      rejectUpgrade(socket, refusal.status, refusal.text);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const clientId = `web-${nextClient++}`;
      const outbox = createOutbox(ws, {
        ...options.backpressure,
        onCutOff: (reason) => log(`kindred: cut off client ${clientId}: ${reason}`),
      });
      const served = serveConnection(router, socketTransport(ws, outbox), clientId);
      clients.set(clientId, { socket: ws, served, outbox });
      ws.on('close', () => {
        clients.delete(clientId);
        outbox.dispose();
        host.clientGone(clientId);
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_WEB_HOST_PORT, BIND_ADDRESS, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  origin = `http://${BIND_ADDRESS}:${address.port}`;
  webData.start();

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    port: address.port,
    token,
    dataDir: store.dataDir,
    store,
    address: () => server.address() as AddressInfo,
    connections: () => clients.size,
    indexed: () => caughtUp(owned),
    heldBytes: () => [...clients.values()].reduce((sum, c) => sum + c.outbox.heldBytes(), 0),
    emit: emitAll,
    close() {
      closing ??= (async () => {
        const open = [...wss.clients];
        const socketsClosed = open.map((s) => new Promise<void>((resolve) => s.once('close', () => resolve())));
        for (const s of open) s.close(1001, 'Kindred host is shutting down');
        // Pages that ignore the close frame must not keep the process alive.
        const force = setTimeout(() => open.forEach((s) => s.terminate()), 500);
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        wss.close();
        await Promise.all([...socketsClosed, serverClosed]);
        clearTimeout(force);
        await webData.stop();
        host.dispose();
        // Every acknowledged update is already durable; closing releases the folder's lock.
        await owned.close();
      })();
      return closing;
    },
  };
}

/** Opens a URL (already checked by `checkExternalUrl`) with the OS's default handler. */
export function openWithSystem(url: string): Promise<void> {
  // On Windows, `cmd /c start` would re-parse `&` and `%VAR%` inside the URL; rundll32 takes it verbatim.
  const [command, args] =
    process.platform === 'win32'
      ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
      : [process.platform === 'darwin' ? 'open' : 'xdg-open', [url]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.once('error', (err) =>
      reject(new HostError('unavailable', `Could not start "${command}" to open the link: ${err.message}`)),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

function checkUpgrade(
  req: IncomingMessage,
  origin: string,
  tokenDigest: Buffer,
): { status: number; text: string } | null {
  // DNS rebinding, as for pages: a foreign name pointed at 127.0.0.1 gets nothing from us.
  if (`http://${req.headers.host ?? ''}` !== origin) return { status: 421, text: 'Misdirected Request' };
  const [pathname = '', query = ''] = (req.url ?? '').split('?', 2);
  if (pathname !== HOST_PATH) return { status: 404, text: 'Not Found' };
  // Browsers always send Origin on WebSocket upgrades; a foreign one means another site's page.
  if (req.headers.origin !== undefined && req.headers.origin !== origin) return { status: 403, text: 'Forbidden' };
  const given = new URLSearchParams(query).get('token');
  // Comparing digests keeps the comparison constant-time even when the lengths differ.
  if (given === null || !timingSafeEqual(sha256(given), tokenDigest)) return { status: 401, text: 'Unauthorized' };
  return null;
}

/** Writes the refusal and destroys the socket once it is written (or at once if the peer is gone). */
function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed || !socket.writable) return void socket.destroy();
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `X-Content-Type-Options: nosniff\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
  );
}

/** One accepted socket as a HostTransport: JSON text frames in both directions, sent through its outbox. */
function socketTransport(ws: WebSocket, outbox: Outbox): HostTransport {
  const listeners = new Set<(m: Parameters<HostTransport['send']>[0]) => void>();
  const closeListeners = new Set<(info: TransportClosed) => void>();
  const send: HostTransport['send'] = (message) => {
    if (ws.readyState === ws.OPEN) outbox.send(JSON.stringify(message));
  };
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return;
    const text = data.toString();
    const message = parseHostMessage(text);
    if (message) {
      listeners.forEach((l) => l(message));
      return;
    }
    // A caller that sent an id is waiting for an answer; anything else is noise and dropped.
    const id = requestIdOf(text);
    if (id !== undefined) {
      const error = new HostError('bad_request', 'Malformed message.').toJSON();
      send({ type: 'response', id, ok: false, error });
    }
  });
  ws.on('close', (code: number, reason: Buffer) => {
    closeListeners.forEach((l) => l({ code, reason: reason.toString(), wasOpen: true }));
  });
  ws.on('error', () => undefined); // e.g. an oversized frame; ws closes the socket itself.
  return {
    send,
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
  };
}

function requestIdOf(text: string): number | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const id = (value as Record<string, unknown>).id;
    return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

async function serveStatic(root: string, origin: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
  // DNS rebinding: a foreign name pointed at 127.0.0.1 must not get our pages under its origin.
  if (`http://${req.headers.host ?? ''}` !== origin) return send(res, 421, `Open ${origin}/ instead.`);
  const rawPath = (req.url ?? '/').split('?', 1)[0] ?? '/';
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPath);
  } catch {
    return send(res, 404, 'Not Found');
  }
  if (pathname.includes('\0')) return send(res, 404, 'Not Found');
  if (pathname === '/') pathname = '/index.html';
  // Symlinks may not lead outside the folder either (the same check as the Electron protocol).
  const file = await realFileWithin(root, path.resolve(root, `.${pathname}`));
  if (!file) return send(res, 404, 'Not Found');
  const ext = path.extname(file).toLowerCase();
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': mimeTypeFor(file),
    'Cache-Control': cacheControlFor(pathname, ext),
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/**
 * The page carries the token and must reflect the latest build: never stored. A build's scripts
 * and styles are named by their content hash (`assets/index-3fA9c_1x.js`): a new build has new
 * names, so they may be kept for good — and a cached script keeps the compiled code V8 caches
 * beside it, so a warm start does not compile the app's 1 MB of script again (Electron's
 * `kindred://` scheme has codeCache for the same reason). Anything else is revalidated.
 */
export function cacheControlFor(pathname: string, ext: string): string {
  if (ext === '.html') return 'no-store';
  if (/^\/assets\/[\w.-]+-[\w-]{8,}\.(js|css|woff2?)$/.test(pathname)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

function send(res: ServerResponse, status: number, text: string, extra: OutgoingHttpHeaders = {}): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extra,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
