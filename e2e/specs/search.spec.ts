import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

test.describe('Search', () => {
  test('a misspelled word finds the note, and the result opens it at the match', async ({ page, appUrl }) => {
    const app = new KindredApp(page);
    await app.open(appUrl);
    await app.startTyping();
    await page.keyboard.type('Long conversation with ');
    await app.mention('Maria', { create: true });
    await page.keyboard.type('about her sister’s bakery in Lisbon.');
    await app.waitSaved();

    await page.keyboard.press('ControlOrMeta+Shift+F');
    const box = page.getByRole('searchbox', { name: 'Search every note' });
    await expect(box).toBeFocused();
    await box.fill('converstion');
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    await expect(results).toHaveCount(1);
    await expect(results.first().locator('mark')).toHaveText(['conversation'], { ignoreCase: true });
    await expect(results.first()).toContainText('Maria');

    // Results update as you type: a prefix finds the word being typed.
    await box.fill('bak');
    await expect(results.first()).toContainText('bakery');
    // A quoted phrase matches only the phrase.
    await box.fill('"bakery in lisbon"');
    await expect(results).toHaveCount(1);
    await box.fill('"lisbon bakery"');
    await expect(page.getByText('Nothing found for')).toBeVisible();

    await box.fill('bakry');
    await box.press('Enter');
    await expect(app.editor()).toContainText('sister’s bakery in Lisbon');
    await expect(app.editor()).toHaveAttribute('data-find-matches', '1');
  });

  test('new notes are searchable right away, and filters narrow by person and kind', async ({ page, appUrl }) => {
    const app = new KindredApp(page);
    await app.open(appUrl);
    await app.startTyping();
    await page.keyboard.type('Picnic with ');
    await app.mention('José', { create: true });
    await page.keyboard.type('and the dog.');
    await app.nav('Journal');
    await page.getByRole('button', { name: 'New conversation note' }).click();
    await app.startTyping('start');
    await page.keyboard.type('Picnic planning call with ');
    await app.mention('Ana', { create: true });
    await app.waitSaved();

    await page.getByRole('searchbox', { name: 'Search all notes' }).fill('picnic');
    await page.getByRole('searchbox', { name: 'Search all notes' }).press('Enter');
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    await expect(results).toHaveCount(2);

    // "@jose" (no accent) filters to notes that mention José.
    const box = page.getByRole('searchbox', { name: 'Search every note' });
    await box.fill('picnic @jose');
    await expect(results).toHaveCount(1);
    await expect(results.first()).toContainText('the dog');

    // The person picker and the kind filter do the same from controls.
    await box.fill('picnic');
    await page.getByRole('combobox', { name: 'Person', exact: true }).selectOption({ label: 'Ana' });
    await expect(results).toHaveCount(1);
    await expect(results.first()).toContainText('planning call');
    await page.getByRole('combobox', { name: 'Person', exact: true }).selectOption({ label: 'Anyone' });
    await page.getByRole('combobox', { name: 'Kind', exact: true }).selectOption({ label: 'Journal' });
    await expect(results).toHaveCount(1);
    await expect(results.first()).toContainText('the dog');

    // Deleting the words removes the page from the results.
    await app.nav('Today');
    await app.startTyping();
    for (let i = 0; i < 'and the dog.'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('and the cat.');
    await app.waitSaved();
    await page.getByRole('searchbox', { name: 'Search all notes' }).fill('dog');
    await page.getByRole('searchbox', { name: 'Search all notes' }).press('Enter');
    await expect(page.getByText('Nothing found for')).toBeVisible();
  });

  test('the quick switcher jumps to a person, with recent pages first when empty', async ({ page, appUrl }) => {
    const app = new KindredApp(page);
    await app.open(appUrl);
    await app.startTyping();
    await page.keyboard.type('Coffee with ');
    await app.mention('Beatriz Oliveira', { create: true });
    await page.keyboard.type('and ');
    await app.mention('Tom', { create: true });
    await app.waitSaved();

    await page.keyboard.press('ControlOrMeta+k');
    const dialog = page.getByRole('dialog', { name: 'Jump to a person or page' });
    await expect(dialog).toBeVisible();
    const input = dialog.getByRole('combobox', { name: 'Jump to' });
    await expect(input).toBeFocused();
    // Empty box: recently opened pages first (today's entry was just opened).
    await expect(dialog.getByRole('option').first()).toContainText('Journal');
    await input.fill('beatrix olivera');
    await expect(dialog.getByRole('option').first()).toContainText('Beatriz Oliveira');
    await input.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Beatriz Oliveira');

    // Escape closes without moving.
    await page.keyboard.press('ControlOrMeta+k');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Beatriz Oliveira');
  });
});
