import { KindredApp } from '../pages/KindredApp';
import { expect, test } from '../support/fixtures';

/**
 * The Today page rolls over at midnight while the app stays open. The host owns "now": its clock
 * is moved to 6 s before the next local midnight (room for a slow start on a busy machine), and
 * the page must turn to the new day on its own (no reload, no navigation).
 */
test('Today rolls over to the new day at midnight while the app is open', async ({ page, webHost }) => {
  const now = new Date();
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 0, 0);
  webHost.setClockOffset(midnight.getTime() - 6_000 - Date.now());
  const iso = (d: Date): string =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const before = new Date(midnight.getTime() - 1);
  const app = new KindredApp(page);
  await app.open(webHost.url);
  await expect(app.heading()).toHaveText(KindredApp.longDate(iso(before)));
  await expect(app.heading()).toHaveText(KindredApp.longDate(iso(midnight)), { timeout: 15_000 });
  expect(page.url()).toContain('#/today');
  // And the new day is typed into as today's entry.
  await expect(page.locator(`main [contenteditable="true"][aria-label="Journal entry for ${KindredApp.longDate(iso(midnight))}"]`)).toBeVisible();
});
