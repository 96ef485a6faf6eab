import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from './fixtures';

/**
 * A real Chromium that a test can SIGKILL, as a crash or the OOM killer would.
 *
 * Playwright's own launchers only close browsers gracefully, which lets the page flush. Here we
 * spawn /usr/bin/chromium ourselves in its own process group (so the renderer, GPU and utility
 * processes die with it), read the DevTools port it picked, and attach Playwright over CDP. The
 * profile lives in a folder we own, so a fresh browser can be started on it after the kill.
 */
const CHROMIUM = '/usr/bin/chromium';

export interface KillableBrowser {
  readonly pid: number;
  readonly userDataDir: string;
  readonly browser: Browser;
  /** The profile's default context: its IndexedDB is on disk in `userDataDir`. */
  readonly context: BrowserContext;
  /** A tab in the default context (the first one, created if none is open). */
  page(): Promise<Page>;
  /** SIGKILL the whole process group and wait until the browser process is gone. */
  kill(): Promise<void>;
  /** Graceful close (for clean-up), falling back to a kill. */
  close(): Promise<void>;
}

export interface KillableBrowserOptions {
  /** Reuse a profile folder (after a kill); a fresh temporary one otherwise. */
  userDataDir?: string;
  /** How long to wait for the DevTools endpoint. */
  startTimeoutMs?: number;
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** A fresh temporary profile folder; remove it with `removeProfile`. */
export function makeProfileDir(): string {
  return mkdtempSync(join(tmpdir(), 'kindred-killable-'));
}

export function removeProfile(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function launchKillableBrowser(options: KillableBrowserOptions = {}): Promise<KillableBrowser> {
  const userDataDir = options.userDataDir ?? makeProfileDir();
  // A SIGKILLed browser leaves its singleton lock behind; Chromium clears a stale lock of a dead
  // process by itself, but the DevToolsActivePort file of the previous run must not be mistaken
  // for this run's, so it is removed before starting.
  rmSync(join(userDataDir, 'DevToolsActivePort'), { force: true });
  const child = spawn(
    CHROMIUM,
    [
      '--headless=new',
      '--remote-debugging-port=0',
      `--user-data-dir=${userDataDir}`,
      '--lang=en-US',
      '--no-first-run',
      '--no-default-browser-check',
      '--password-store=basic',
      '--use-mock-keychain',
      // A killed profile would otherwise offer "restore pages?" and may reopen the old tabs.
      '--hide-crash-restore-bubble',
      '--disable-session-crashed-bubble',
      ...CHROMIUM_ARGS,
      'about:blank',
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LANG: 'en_US.UTF-8' } },
  );
  if (child.pid === undefined) throw new Error(`Could not start ${CHROMIUM}`);
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let browser: Browser;
  try {
    const endpoint = await devToolsEndpoint(child, userDataDir, options.startTimeoutMs ?? 20_000);
    browser = await chromium.connectOverCDP(endpoint);
  } catch (err) {
    killGroup(pid);
    await exited;
    throw err;
  }
  const context = browser.contexts()[0];
  if (!context) {
    killGroup(pid);
    await exited;
    throw new Error('Chromium started without a default context');
  }

  return {
    pid,
    userDataDir,
    browser,
    context,
    async page() {
      const open = context.pages().find((p) => !p.isClosed());
      return open ?? (await context.newPage());
    },
    async kill() {
      killGroup(pid);
      await exited;
      // The CDP connection notices the dead socket on its own; do not wait for a graceful close.
    },
    async close() {
      // Browser.close is Chromium's own orderly shutdown (pages unload, profile flushed); a
      // Playwright `browser.close()` on a CDP connection would only disconnect.
      try {
        const cdp = await browser.newBrowserCDPSession();
        await cdp.send('Browser.close').catch(() => undefined);
      } catch {
        /* already disconnected */
      }
      const timer = setTimeout(() => killGroup(pid), 10_000);
      await exited;
      clearTimeout(timer);
      killGroup(pid); // any helper process still lingering in the group
    },
  };
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL'); // the whole group: browser, zygotes, renderers, utilities
  } catch (err) {
    // ESRCH: the group is gone already (never fall back to a bare pid that may have been reused).
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/**
 * Chromium prints "DevTools listening on ws://…" on stderr and writes the port (and browser
 * path) to <profile>/DevToolsActivePort; whichever comes first wins.
 */
function devToolsEndpoint(child: ChildProcess, userDataDir: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    let settled = false;
    const finish = (err: Error | null, url?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining stderr so Chromium never blocks on a full pipe.
      child.stderr?.resume();
      if (err) reject(err);
      else resolve(url!);
    };
    const onData = (chunk: Buffer): void => {
      stderr += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (match) finish(null, match[1]);
    };
    const onExit = (code: number | null, signal: string | null): void =>
      finish(new Error(`Chromium exited before DevTools was ready (code ${code}, signal ${signal}):\n${stderr.slice(-2000)}`));
    const poll = setInterval(() => {
      try {
        const [port, path] = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').split('\n');
        if (port && path) finish(null, `ws://127.0.0.1:${port.trim()}${path.trim()}`);
      } catch {
        /* not written yet */
      }
    }, 25);
    const timer = setTimeout(
      () => finish(new Error(`Chromium did not report a DevTools port within ${timeoutMs} ms:\n${stderr.slice(-2000)}`)),
      timeoutMs,
    );
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}
