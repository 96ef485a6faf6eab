import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';

/**
 * Smoke test of the real Electron app (build first: `npm run build`). Skipped where no Electron
 * binary is installed (ELECTRON_SKIP_BINARY_DOWNLOAD, CI without the download). On Linux
 * without a display, the caller runs Playwright under xvfb-run.
 */

// CommonJS package: no import.meta here; Playwright runs this file as CJS.
const root = resolve(__dirname, '..', '..');

/** Finds the binary without require('electron'), which throws (or downloads) when it is missing. */
function electronBinary(): string | null {
  try {
    const relative = readFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'utf8').trim();
    const binary = join(root, 'node_modules', 'electron', 'dist', relative);
    return relative && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const hasElectron = binary !== null;

test.describe('Electron app', () => {
  test.skip(!hasElectron, 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): skipping the Electron smoke test');

  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  test.beforeAll(async () => {
    expect(existsSync(join(root, 'out', 'main', 'index.js')), 'run `npm run build` first').toBe(true);
    // A fresh profile: no saved window state or journal from earlier runs, no clash with a running app.
    userData = mkdtempSync(join(tmpdir(), 'kindred-e2e-'));
    app = await electron.launch({
      executablePath: binary ?? undefined,
      // The project folder, so package.json's "main" (out/main/index.js) runs with the app's
      // own name and version, as in a real start.
      args: [root, '--lang=en-US'],
      cwd: root,
      env: { ...process.env, KINDRED_USER_DATA_DIR: userData } as Record<string, string>,
    });
    // Not firstWindow(): the hidden quick-capture window is created at start-up too.
    await expect
      .poll(() => app.windows().some((p) => /^kindred:\/\/app\/(index\.html)?(\?|#|$)/.test(p.url())), { timeout: 20_000 })
      .toBe(true);
    page = app.windows().find((p) => /^kindred:\/\/app\/(index\.html)?(\?|#|$)/.test(p.url()))!;
  });

  test.afterAll(async () => {
    await app?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  test("opens today's journal entry from the app origin", async () => {
    const now = new Date();
    const month = now.toLocaleDateString('en-US', { month: 'long' });
    // A long date has the month's name next to the day ("November 23", "23 November").
    const longDate = new RegExp(`${month}\\s+${now.getDate()}\\b|\\b${now.getDate()}\\s+${month}`);

    await expect(page.getByRole('heading', { name: longDate }).first()).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('textbox').first()).toBeVisible();
    await expect(page).toHaveTitle(/Kindred/);
    expect(page.url()).toMatch(/^kindred:\/\/app\//);
  });

  test('runs the renderer locked down', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) =>
      // Every window: the main window and the hidden quick-capture window.
      BrowserWindow.getAllWindows().map((w) => {
        // getLastWebPreferences is real but missing from electron.d.ts.
        const p = (w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
        return { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration };
      }),
    );
    expect(prefs.length).toBeGreaterThanOrEqual(1);
    for (const p of prefs) expect(p).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });

    const inPage = await page.evaluate(async () => {
      const g = globalThis as Record<string, unknown>;
      const response = await fetch('/');
      return {
        require: typeof g.require,
        process: typeof g.process,
        bridgeKeys: Object.keys((g.kindred as object | undefined) ?? {}).sort(),
        csp: response.headers.get('content-security-policy'),
      };
    });
    expect(inPage).toMatchObject({ require: 'undefined', process: 'undefined', bridgeKeys: ['request', 'subscribe'] });
    expect(inPage.csp).toContain("script-src 'self'");
  });

  test('answers host requests over the bridge with error codes intact', async () => {
    const replies = await page.evaluate(async () => {
      const bridge = (globalThis as unknown as { kindred: { request(m: string, p: unknown): Promise<unknown> } }).kindred;
      return {
        info: await bridge.request('app.info', {}),
        unknown: await bridge.request('fs.readFile', { path: '/etc/passwd' }),
        refused: await bridge.request('shell.openExternal', { url: 'file:///etc/passwd' }),
      };
    });
    expect(replies.info).toMatchObject({ ok: true, result: { name: 'Kindred', host: 'electron' } });
    expect(replies.unknown).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(replies.refused).toMatchObject({ ok: false, error: { code: 'refused' } });
  });
});
