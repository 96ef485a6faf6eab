import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

test('a fast typist pressing Enter right after "@name" gets one clean mention', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  await app.startTyping();
  await app.mention('Maria', { create: true });
  await page.keyboard.press('Enter');
  // No waiting for the menu to catch up with the typing.
  await page.keyboard.type('ask @Maria');
  await page.keyboard.press('Enter');
  await page.keyboard.type('about Lisbon');
  await expect(app.editor().locator('p').nth(1)).toHaveText(/^ask @Maria about Lisbon$/);
});
