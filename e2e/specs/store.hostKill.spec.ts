import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';
import { startHostProcess, type HostProcess } from '../support/killableHost';

/**
 * "Saved on this device" is a promise about the host's store, not the browser's cache: the moment
 * it shows, the web host is SIGKILLed; a new host on the same data folder must have everything
 * that was shown as saved — checked from a brand-new browser context, which has no cache at all.
 */

const ROUNDS = 4;

/** Lets the page paint what it has: the save indicator then shows what the user would see. */
async function nextPaint(app: KindredApp): Promise<void> {
  await app.page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

test('the web host killed right after “Saved on this device” has everything that was shown as saved', async ({ browser }) => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'kindred-data-'));
  let host: HostProcess = await startHostProcess({ dataDir });
  const port = host.port;
  const writer = await browser.newContext({ locale: 'en-US' });
  const saved: string[] = [];
  try {
    const app = new KindredApp(await writer.newPage());
    for (let round = 0; round < ROUNDS; round++) {
      await app.open(host.url);
      await expect(app.editor()).toContainText(saved.join(' '));
      const words = `Round ${round}: the kettle, the letter, the walk by the river.`;
      await app.startTyping();
      await app.page.keyboard.type(`${round === 0 ? '' : ' '}${words}`);
      await nextPaint(app);
      await expect(app.saveState()).toHaveAttribute('data-state', 'saved');
      await host.kill();
      saved.push(words);

      host = await startHostProcess({ dataDir, port });
      // A browser that never saw this journal: only the store can show it.
      const fresh = await browser.newContext({ locale: 'en-US' });
      try {
        const reader = new KindredApp(await fresh.newPage());
        await reader.open(host.url);
        for (const w of saved) await expect(reader.editor()).toContainText(w);
      } finally {
        await fresh.close();
      }
    }
    // And the writer's own window, reopened on the last host, shows the same text.
    await app.open(host.url);
    await expect(app.editor()).toHaveText(saved.join(' '));
  } finally {
    await writer.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
