import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, test as base, type BrowserContext } from '@playwright/test';
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

interface TestFixtures {
  webHost: TestWebHost;
  appUrl: string;
  /** Launches a browser profile on disk that survives closing, for crash/reopen journeys. */
  persistentProfile: (dir?: string) => Promise<{ context: BrowserContext; dir: string }>;
}

export const test = base.extend<TestFixtures>({
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
  persistentProfile: async ({ browserName }, use, testInfo) => {
    void browserName;
    const dirs: string[] = [];
    const contexts: BrowserContext[] = [];
    await use(async (existing?: string) => {
      const dir = existing ?? mkdtempSync(join(tmpdir(), 'kindred-profile-'));
      if (!existing) dirs.push(dir);
      const launchOptions = testInfo.project.use.launchOptions ?? {};
      const context = await chromium.launchPersistentContext(dir, {
        ...launchOptions,
        locale: 'en-US',
        args: CHROMIUM_ARGS,
      });
      contexts.push(context);
      return { context, dir };
    });
    for (const c of contexts) await c.close().catch(() => undefined);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
