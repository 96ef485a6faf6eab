import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

/**
 * Merging two people: "Maria" (mentioned in the journal) and "Maria Silva" (the same person,
 * imported from contacts with a birthday, mentioned on another day, with her own page). After
 * "Merge with…" there is one person with both conversations, the birthday, both pages' text;
 * the other's address leads to her; lists and the quick switcher show her once.
 */
const MARIA_CARD = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Maria Silva', 'UID:e2e-maria', 'BDAY:1990-03-14', 'END:VCARD', ''].join('\r\n');

test('two people with mentions and dates merge into one', async ({ page, webHost }) => {
  const app = new KindredApp(page);
  await app.open(webHost.url, '#/today');
  await app.startTyping();
  await page.keyboard.type('Coffee with ');
  await app.mention('Maria', { create: true });
  await page.keyboard.type('about pottery.');
  await app.waitSaved();

  // The duplicate, from an import.
  await app.nav('People');
  const importing = await app.chooseContactsFiles([{ name: 'maria.vcf', text: MARIA_CARD }]);
  await importing.getByRole('button', { name: 'Import' }).click();
  await expect(importing.getByRole('status')).toHaveText('Added 1 person.');
  await importing.getByRole('button', { name: 'Close' }).click();

  // Mentioned on another day, and something written on her own page.
  await app.openDay(KindredApp.isoDate(-1));
  await app.startTyping();
  await page.keyboard.type('Lunch with ');
  await app.mention('Maria Silva');
  await page.keyboard.type('by the river.');
  await app.waitSaved();
  await app.openPersonFromMention('Maria Silva');
  const droppedUrl = page.url();
  await app.startTyping();
  await page.keyboard.type('Loves the sea.');
  await app.waitSaved();

  // From Maria's page: Merge with… → pick "Maria Silva" by typing, keep the longer name.
  await app.nav('Today');
  await app.openPersonFromMention('Maria');
  const survivorUrl = page.url();
  await page.getByRole('button', { name: 'Merge with…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge Maria with…' });
  await expect(dialog).toBeVisible();
  const picker = dialog.getByRole('combobox', { name: 'The other person' });
  await expect(picker).toBeFocused();
  await picker.pressSequentially('silva');
  await expect(dialog.getByRole('option', { name: 'Maria Silva' })).toHaveAttribute('aria-selected', 'true');
  await picker.press('Enter');
  await expect(dialog).toContainText('Moves onto this person from Maria Silva: 1 conversation, 1 date.');
  await expect(dialog).toContainText('What’s written on Maria Silva’s page is added to the end of this one.');
  await dialog.getByRole('radio', { name: 'Maria Silva' }).check();
  await expect(dialog).toContainText('“Maria” is kept as a former name');
  const axe = await new AxeBuilder({ page }).include('dialog').withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText('Merged.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // One person, named as chosen, with both conversations, the birthday and both pages' text.
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Maria Silva');
  await expect(app.conversations()).toHaveCount(2);
  await expect(page.locator('main')).toContainText('Birthday');
  await expect(page.locator('main')).toContainText('Mar 14, 1990');
  await expect(app.editor()).toContainText('From Maria Silva’s page:');
  await expect(app.editor()).toContainText('Loves the sea.');
  await app.waitSaved();

  // The journal's mentions show her; the People list has her once.
  await app.openDay(KindredApp.isoDate(-1));
  await expect(app.mentionChip('Maria Silva')).toBeVisible();
  await app.nav('People');
  const list = page.getByRole('list', { name: 'People' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Maria Silva');

  // The merged person's address leads to the survivor.
  await page.goto(droppedUrl);
  await expect(page).toHaveURL(survivorUrl);
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Maria Silva');

  // Search finds the survivor, once.
  await page.keyboard.press('ControlOrMeta+k');
  const jump = page.getByRole('dialog', { name: 'Jump to a person or page' });
  await jump.getByRole('combobox', { name: 'Jump to' }).fill('maria');
  await expect(jump.getByRole('option').first()).toContainText('Maria Silva');
  await expect(jump.getByRole('option').filter({ hasText: /^Maria$/ })).toHaveCount(0);

  // After a reload (everything from the store): still one Maria Silva with both conversations.
  await page.keyboard.press('Escape');
  await page.goto(survivorUrl);
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Maria Silva');
  await expect(app.conversations()).toHaveCount(2);
});
