import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

test('back/forward with Alt+←/→ and the mouse buttons; every page has a stable route', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  await app.startTyping();
  await page.keyboard.type('Met ');
  await app.mention('Ana', { create: true });
  await app.waitSaved();

  await app.openPersonFromMention('Ana');
  const personUrl = page.url();
  expect(personUrl).toMatch(/#\/person\/person-[A-Za-z0-9]+$/);
  await app.nav('People');
  await expect(app.heading()).toHaveText('People');

  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Ana');
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(app.mentionChip('Ana')).toBeVisible();
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Ana');

  // Mouse "forward" (button 4) and "back" (button 3).
  await page.evaluate(() => window.dispatchEvent(new MouseEvent('mouseup', { button: 4, bubbles: true })));
  await expect(app.heading()).toHaveText('People');
  await page.evaluate(() => window.dispatchEvent(new MouseEvent('mouseup', { button: 3, bubbles: true })));
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Ana');

  // The route is linkable: opening it directly shows the same page.
  const fresh = await page.context().newPage();
  await fresh.goto(personUrl);
  await expect(fresh.getByRole('textbox', { name: 'Name' })).toHaveValue('Ana');
  await fresh.close();

  // The sidebar's buttons do the same for pointer users.
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(app.mentionChip('Ana')).toBeVisible();
});
