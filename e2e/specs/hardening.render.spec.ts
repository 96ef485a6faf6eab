import type { Page } from '@playwright/test';
import { KindredApp } from '../pages/KindredApp';
import { expect, test } from '../support/fixtures';

/**
 * Names render safely everywhere (issue 15, item 7): a very long unbroken name and a long word
 * in a note wrap instead of widening the People list, the Journal and search results; a name
 * carrying bidi overrides is saved without them and shown isolated.
 */

/** How far the page and each list stick out sideways (px; ≤ 0 means nothing overflows). */
async function overflow(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    const doc = document.scrollingElement ?? document.documentElement;
    out.document = doc.scrollWidth - doc.clientWidth;
    const main = document.querySelector('main')!;
    out.main = main.scrollWidth - main.clientWidth;
    for (const sel of ['.people-list', '.entries', '.results', '.person-row', '.entry-row', '.result']) {
      document.querySelectorAll(sel).forEach((el, i) => {
        out[`${sel}[${i}]`] = el.scrollWidth - el.clientWidth;
      });
    }
    return out;
  });
}

async function expectNoOverflow(page: Page, where: string): Promise<void> {
  const sizes = await overflow(page);
  const worst = Math.max(...Object.values(sizes));
  expect(worst, `${where}: ${JSON.stringify(sizes)}`).toBeLessThanOrEqual(1);
}

test('a 300-character unbroken name and a long word wrap on People, Journal and search results', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl, '#/people');
  const typed = 'W'.repeat(300);
  await page.getByRole('searchbox', { name: 'Filter people' }).fill(typed);
  await page.getByRole('button', { name: /^Add “W+”$/ }).click();
  const nameBox = page.getByRole('textbox', { name: 'Name' });
  await expect(nameBox).toHaveValue(/^W{100,}$/);
  const name = await nameBox.inputValue();

  // A conversation with them, and a long unbroken word in it.
  const word = 'y'.repeat(400);
  await app.open(appUrl, '#/journal');
  await page.getByRole('button', { name: 'New conversation note' }).click();
  await expect(page.getByText('Who was there:')).toBeVisible();
  await app.startTyping('start');
  await page.keyboard.type('@WWWW');
  const option = page.getByRole('listbox', { name: 'People to mention' }).getByRole('option').first();
  await expect(option).toHaveText(name);
  await page.keyboard.press('Enter');
  await page.keyboard.insertText(`said ${word} twice`);
  await expect(page.locator('.who')).toContainText('WWWW');
  await app.waitSaved();

  await app.nav('People');
  await expect(page.getByRole('list', { name: 'People' })).toContainText('WWWW');
  await expectNoOverflow(page, 'People');

  await app.nav('Journal');
  await expect(page.getByRole('list', { name: 'Entries, newest first' })).toContainText('yyyy');
  await expectNoOverflow(page, 'Journal');

  await app.go('#/search?q=twice');
  await expect(page.getByRole('list', { name: 'Search results' })).toContainText('WWWW');
  await expectNoOverflow(page, 'Search');
});

test('a name with bidi overrides is saved without them and shown isolated', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl, '#/people');
  // U+202E (right-to-left override) would turn the rest of the line around ("Mallory" → "yrollaM").
  await page.getByRole('searchbox', { name: 'Filter people' }).fill('\u202EMallory');
  await page.getByRole('button', { name: /^Add “/ }).click();
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Mallory');

  await app.nav('People');
  const row = page.getByRole('list', { name: 'People' }).getByRole('listitem').first();
  await expect(row.locator('bdi')).toHaveText('Mallory');
  expect(await row.locator('bdi').evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe('isolate');
});
