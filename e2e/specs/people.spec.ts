import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

test('the People view lists everyone by most recent conversation and its filter forgives typos', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl, '#/people');
  await expect(page.getByText('No one here yet.')).toBeVisible();

  await app.nav('Today');
  await app.startTyping();
  await page.keyboard.type('Saw ');
  await app.mention('Jonathan Reyes', { create: true });
  await page.keyboard.type('and ');
  await app.mention('Amélie', { create: true });
  await app.waitSaved();

  await app.nav('People');
  const list = page.getByRole('list', { name: 'People' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list).toContainText('Last conversation today');

  const filter = page.getByRole('searchbox', { name: 'Filter people' });
  await filter.fill('Jonatan');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Jonathan Reyes');
  await filter.fill('amelie');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Amélie');

  // A name nobody has yet can be added from the filter box.
  await filter.fill('Zoë');
  await expect(page.getByRole('status').filter({ hasText: 'No one matches' })).toBeVisible();
  await page.getByRole('button', { name: 'Add “Zoë”' }).click();
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Zoë');
  await expect(page.getByText('Nothing yet. Mention Zoë with')).toBeVisible();
});
