import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';
import { startHostProcess, type HostProcess } from '../support/killableHost';

/**
 * The journal's folder disappears while Kindred runs (deleted by hand, an unmounted drive). The
 * user is told plainly that nothing is being saved, and nothing typed is lost: once a host runs
 * on the folder again, the window's cache brings everything back into the store.
 *
 * (A read-only folder is not tried here: the tests may run as root, whom permissions do not stop.)
 */

test('the data folder removed while typing: a plain “Not saving” alert, and nothing typed is lost', async ({ browser }) => {
  test.setTimeout(120_000);
  const base = mkdtempSync(join(tmpdir(), 'kindred-folder-'));
  const dataDir = join(base, 'journal');
  mkdirSync(dataDir);
  const hosts: HostProcess[] = [];
  const context = await browser.newContext({ locale: 'en-US' });
  try {
    const host = await startHostProcess({ dataDir });
    hosts.push(host);
    const app = new KindredApp(await context.newPage());
    await app.open(host.url);
    await app.startTyping();
    await app.page.keyboard.type('Before the folder went away.');
    await app.waitSaved();

    rmSync(dataDir, { recursive: true, force: true });
    await app.page.keyboard.type(' Typed after it was gone.');
    const alert = app.page.getByRole('alert').filter({ hasText: /Not saving/ });
    await expect(alert).toBeVisible({ timeout: 20_000 });
    console.log(`alert shown: ${await alert.innerText()}`);
    await expect(app.saveState()).not.toHaveAttribute('data-state', 'saved');
    await app.page.keyboard.type(' And more while it was gone.');
    await expect(app.editor()).toContainText('Before the folder went away. Typed after it was gone. And more while it was gone.');

    // The folder comes back (empty), a host starts on it on the same port: same origin, same cache.
    await host.kill();
    mkdirSync(dataDir, { recursive: true });
    const again = await startHostProcess({ dataDir, port: host.port });
    hosts.push(again);
    await app.open(again.url);
    await expect(app.editor()).toContainText('Before the folder went away. Typed after it was gone. And more while it was gone.');
    await app.waitSaved();

    // The store has it all again: a browser without any cache sees the same text.
    const fresh = await browser.newContext({ locale: 'en-US' });
    try {
      const reader = new KindredApp(await fresh.newPage());
      await reader.open(again.url);
      await expect(reader.editor()).toContainText(
        'Before the folder went away. Typed after it was gone. And more while it was gone.',
      );
    } finally {
      await fresh.close();
    }
  } finally {
    await context.close();
    for (const h of hosts) await h.stop();
    rmSync(base, { recursive: true, force: true });
  }
});
