import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { KindredApp } from '../pages/KindredApp';
import { chromiumAvailable, launchKillableBrowser, makeProfileDir, removeProfile } from '../support/killableBrowser';
import { startHostProcess } from '../support/killableHost';

/**
 * The crash journeys are only as good as their harness: a "killed" browser that was really closed
 * gracefully, or renderer processes that outlive their browser, would make every kill test pass.
 */
test.skip(!chromiumAvailable(), 'needs /usr/bin/chromium');

/** Processes whose process group is `pgid` (from ps; Linux). */
function groupMembers(pgid: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter(([, g]) => g === pgid)
    .map(([p]) => p!);
}

test('a SIGKILLed browser takes its renderers with it, and its profile opens again', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kindred-data-'));
  const profile = makeProfileDir();
  const host = await startHostProcess({ dataDir });
  try {
    const first = await launchKillableBrowser({ userDataDir: profile });
    const app = new KindredApp(await first.page());
    await app.open(host.url);
    await expect(app.editor()).toBeVisible();
    // A browser, its zygotes and at least one renderer share the group we kill.
    expect(groupMembers(first.pid).length).toBeGreaterThan(2);
    await first.kill();
    await expect.poll(() => groupMembers(first.pid)).toEqual([]);

    const second = await launchKillableBrowser({ userDataDir: profile });
    try {
      expect(second.pid).not.toBe(first.pid);
      const again = new KindredApp(await second.page());
      await again.open(host.url);
      await expect(again.editor()).toBeVisible();
    } finally {
      await second.close();
    }
  } finally {
    await host.stop();
    removeProfile(profile);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a SIGKILLed host is gone at once, and a new one starts on the same folder and port', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kindred-data-'));
  try {
    const first = await startHostProcess({ dataDir });
    await first.kill();
    expect((await first.exited).signal).toBe('SIGKILL');
    const second = await startHostProcess({ dataDir, port: first.port });
    expect(second.port).toBe(first.port);
    expect(second.origin).toBe(first.origin);
    await second.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
