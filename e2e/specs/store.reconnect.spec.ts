import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

/**
 * The host restarts while the user types (an update, a crash-and-restart by a supervisor). The
 * window says plainly that it lost the host and asks for a reload (it does not reconnect by
 * itself); it never claims "Saved" meanwhile; after the reload everything typed before, during
 * and after the gap is in the store.
 */

test('the host restarting mid-typing: a plain message, and after a reload nothing typed is lost', async ({
  page,
  appUrl,
  webHost,
  browser,
}) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  await app.startTyping();
  await page.keyboard.type('Before the restart.');
  await app.waitSaved();

  const restarting = webHost.restart();
  await page.keyboard.type(' Typed while the host went away and came back.', { delay: 20 });
  await restarting;
  await page.keyboard.type(' After it was back.');
  const all = 'Before the restart. Typed while the host went away and came back. After it was back.';
  await expect(app.editor()).toHaveText(all);
  const alert = app.saveState().and(page.getByRole('alert'));
  await expect(alert).toContainText(/connection to the Kindred host was lost.*reload/i);
  // Still not "Saved": what was typed during the gap has not reached the store.
  await expect(app.saveState()).toHaveAttribute('data-state', 'failed');
  await page.reload();
  await expect(app.editor()).toHaveText(all);
  await app.waitSaved();

  // The restarted host's store has all of it: a browser with no cache at all shows it.
  const fresh = await browser.newContext({ locale: 'en-US' });
  try {
    const reader = new KindredApp(await fresh.newPage());
    await reader.open(webHost.url);
    await expect(reader.editor()).toHaveText(all);
    // And the two windows are live replicas again: the first one's next words appear in the other.
    await app.startTyping();
    await page.keyboard.type(' Live again.');
    await expect(reader.editor()).toHaveText(`${all} Live again.`);
  } finally {
    await fresh.close();
  }
});
