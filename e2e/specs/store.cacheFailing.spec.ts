import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

/**
 * The browser's own storage (IndexedDB, the offline copy) is deleted under the open app while
 * the user types. Nothing typed is lost — the store still receives every update — and there is
 * no false "Not saving" alarm: the journal itself is being saved.
 *
 * (Running out of quota was tried with DevTools' Storage.overrideQuotaForOrigin: Chromium 156
 * headless ignores it — navigator.storage.estimate() keeps the full quota and writes succeed.)
 */

async function expectInFreshWindow(page: Page, appUrl: string, hash: string, text: string): Promise<void> {
  const fresh = await page.context().browser()!.newContext({ locale: 'en-US' });
  try {
    const reader = new KindredApp(await fresh.newPage());
    await reader.open(appUrl, hash);
    await expect(reader.editor()).toContainText(text);
  } finally {
    await fresh.close();
  }
}

test('the offline copy deleted under the open page: typing goes on, nothing is lost', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  const day = KindredApp.isoDate(0);
  await app.open(appUrl, `#/day/${day}`);
  await app.recordSaveStates();
  await app.startTyping();
  await page.keyboard.type('First part.');
  await app.waitSaved();

  // What a "clear site data" or a storage cleaner does while the page is open.
  const deleted = await page.evaluate(
    (name) =>
      new Promise<string>((resolve) => {
        const req = indexedDB.deleteDatabase(name);
        req.onsuccess = () => resolve('deleted');
        req.onerror = () => resolve(`error: ${String(req.error)}`);
        req.onblocked = () => resolve('blocked');
      }),
    `kindred-page-day-${day}`,
  );
  console.log(`deleting the page's offline copy: ${deleted}`);
  await page.keyboard.type(' Second part, typed after the offline copy was deleted.');
  await app.waitSaved();
  expect((await app.saveStates()).filter((s) => s.state === 'failed')).toEqual([]);
  const all = 'First part. Second part, typed after the offline copy was deleted.';
  await expectInFreshWindow(page, appUrl, `#/day/${day}`, all);
  await page.reload();
  await expect(app.editor()).toContainText(all);
});
