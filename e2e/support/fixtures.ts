import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, test as base, type BrowserContext } from '@playwright/test';
import { startWebHost, type WebHost } from '../../electron/webhost/server';

/**
 * The real built renderer (out/renderer) served by the real Node web host on 127.0.0.1,
 * one host per worker. Each test gets a fresh browser context, so fresh IndexedDB.
 * Only the OS "open a link" call is replaced (recorded), since a test machine has no browser
 * to hand links to.
 */
const root = resolve(__dirname, '..', '..');

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

interface WorkerFixtures {
  /** `setClockOffset(ms)` moves the host's "now" (the renderer reads it on (re)load). */
  webHost: WebHost & { opened: string[]; setClockOffset(ms: number): void };
}

interface TestFixtures {
  appUrl: string;
  /** Launches a browser profile on disk that survives closing, for crash/reopen journeys. */
  persistentProfile: (dir?: string) => Promise<{ context: BrowserContext; dir: string }>;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  webHost: [
    async ({}, use) => {
      const opened: string[] = [];
      let clockOffset = 0;
      const host = await startWebHost({
        rendererDir: join(root, 'out', 'renderer'),
        port: 0,
        services: {
          openExternal: async (url: string) => {
            opened.push(url);
          },
          now: () => Date.now() + clockOffset,
        },
      });
      await use(Object.assign(host, { opened, setClockOffset: (ms: number) => void (clockOffset = ms) }));
      await host.close();
    },
    { scope: 'worker' },
  ],
  appUrl: async ({ webHost }, use) => {
    await use(webHost.url);
    webHost.setClockOffset(0); // the host outlives the test: leave its clock as found
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
