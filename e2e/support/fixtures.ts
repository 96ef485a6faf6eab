import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, type BrowserContext, type Page } from '@playwright/test';
import { startWebHost, type WebHost } from '../../electron/webhost/server';

/**
 * The real built renderer (out/renderer) served by the real Node web host on 127.0.0.1. The
 * journal lives in the host's data folder, so every TEST gets its own host and its own temporary
 * folder (a host shared by a worker would carry one test's journal into the next). Each test
 * also gets a fresh browser context, so fresh IndexedDB. Only the OS "open a link" call is
 * replaced (recorded), since a test machine has no browser to hand links to.
 * For a host in its own process that a test can SIGKILL, see killableHost.ts.
 */
const root = resolve(__dirname, '..', '..');

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

export interface TestWebHost {
  /** The page link; stays the same across `restart()` (same port and token). */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  /** The journal's folder for this test (removed afterwards). */
  readonly dataDir: string;
  /** The running host (changes with `restart()`). */
  readonly host: WebHost;
  /** Links the app asked the OS to open, across restarts. */
  opened: string[];
  /** Moves the host's "now" (the renderer reads it on (re)load); kept across restarts. */
  setClockOffset(ms: number): void;
  /**
   * Stops the host (closing its store cleanly: every acknowledged update is on disk) and starts
   * a new one on the same folder, port and token, so open pages reconnect to the same link.
   */
  restart(): Promise<void>;
}

/**
 * No network the user did not ask for (README): every request a page makes to a host other than
 * this machine is recorded and aborted (never sent), and fails the test at teardown. Automatic for
 * every test that uses `page` or `context`. It sees what
 * pages request (fetch, images, fonts, styles; WebSockets are recorded but not aborted); Chromium's
 * own background services are off through CHROMIUM_ARGS and never reach a page.
 */
export interface NetworkGuard {
  /** Requests to other hosts, in order (each was aborted, WebSockets excepted: see watch). */
  readonly blocked: string[];
  /** Watches one more context (done for you for `context` and `page`). */
  watch(context: BrowserContext): Promise<void>;
  /** Clears the record, for a test that made such a request on purpose and checked it. */
  forgive(): void;
}

const LOCAL_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);
const NETWORK_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);

/** True for a URL that would leave this machine (data:, blob:, about: never do). */
export function leavesThisMachine(url: URL | string): boolean {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return false;
  }
  return NETWORK_PROTOCOLS.has(parsed.protocol) && !LOCAL_HOSTS.has(parsed.hostname);
}

function createNetworkGuard(): NetworkGuard {
  const blocked: string[] = [];
  return {
    blocked,
    async watch(context) {
      context.on('request', (request) => {
        if (leavesThisMachine(request.url())) blocked.push(request.url());
      });
      // Only foreign URLs are routed, so the app's own requests are untouched (and unslowed).
      await context.route(leavesThisMachine, (route) => route.abort('blockedbyclient'));
      // WebSockets are only recorded: routing them would make Playwright replace every page's
      // WebSocket class (the app's own host link included) with a relaying mock. In the app, the
      // CSP's connect-src 'self' already stops a socket to another host before it is opened.
      const watchPage = (page: Page): void => {
        page.on('websocket', (ws) => {
          if (leavesThisMachine(ws.url())) blocked.push(ws.url());
        });
      };
      context.pages().forEach(watchPage);
      context.on('page', watchPage);
    },
    forgive() {
      blocked.length = 0;
    },
  };
}

interface TestFixtures {
  networkGuard: NetworkGuard;
  webHost: TestWebHost;
  appUrl: string;
}

export const test = base.extend<TestFixtures>({
  networkGuard: async ({}, use) => {
    const guard = createNetworkGuard();
    await use(guard);
    if (guard.blocked.length > 0) {
      throw new Error(
        `The page made ${guard.blocked.length} request(s) beyond 127.0.0.1 (aborted): ${guard.blocked.slice(0, 10).join(', ')}`,
      );
    }
  },
  context: async ({ context, networkGuard }, use) => {
    await networkGuard.watch(context);
    await use(context);
  },
  webHost: async ({}, use) => {
    const opened: string[] = [];
    let clockOffset = 0;
    const dataDir = mkdtempSync(join(tmpdir(), 'kindred-e2e-data-'));
    const start = (port: number, token?: string): Promise<WebHost> =>
      startWebHost({
        rendererDir: join(root, 'out', 'renderer'),
        port,
        ...(token ? { token } : {}),
        dataDir,
        // Hermetic: sync runs (Settings → Devices works) but never looks beyond this machine.
        sync: { bootstrap: [], lan: false },
        services: {
          openExternal: async (url: string) => {
            opened.push(url);
          },
          now: () => Date.now() + clockOffset,
        },
      });
    let host = await start(0);
    const fixture: TestWebHost = {
      get url() {
        return host.url;
      },
      get origin() {
        return host.origin;
      },
      get port() {
        return host.port;
      },
      get host() {
        return host;
      },
      dataDir,
      opened,
      setClockOffset: (ms) => void (clockOffset = ms),
      async restart() {
        const { port, token } = host;
        await host.close();
        host = await start(port, token);
      },
    };
    try {
      await use(fixture);
    } finally {
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
  appUrl: async ({ webHost }, use) => {
    await use(webHost.url);
  },
});

export { expect } from '@playwright/test';
