import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

/** Trash: delete, plain-text mentions, restore, Empty Trash (issue 13, item 5). */

function sidebarLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

async function openTrash(app: KindredApp): Promise<void> {
  await sidebarLink(app.page, 'Trash').click();
  await expect(app.heading()).toHaveText('Trash');
}

async function axeClean(page: Page, where: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(
      result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      `${where} (${colorScheme})`,
    ).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function moveToTrash(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Move to Trash…' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('30 days');
  // Cancel has focus first: Enter never deletes by accident.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Move to Trash' }).click();
  await expect(dialog).toBeHidden();
}

test('a deleted person leaves People, search and Reach out; their mention is plain text; restoring brings it all back', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  await app.startTyping();
  await page.keyboard.type('[] call ');
  await app.mention('Maria', { create: true });
  await page.keyboard.type('about the move today');
  await app.waitSaved();
  await expect(app.reachOutLink()).toHaveAccessibleName('Reach out, 1 due today');
  await expect(app.mentionChip('Maria')).toBeVisible();

  await app.openPersonFromMention('Maria');
  await moveToTrash(page);
  // Back on People, with a way back.
  await expect(app.heading()).toHaveText(/^People/);
  const status = page.locator('.trash-status');
  await expect(status).toContainText('Moved Maria to Trash.');
  await expect(status.getByRole('button', { name: 'Undo' })).toBeVisible();
  await expect(page.getByText('No one here yet.')).toBeVisible();
  await expect(app.reachOutLink()).toHaveAccessibleName('Reach out');

  // Not found by the quick switcher, nor as a person in search.
  await page.keyboard.press('ControlOrMeta+k');
  const switcher = page.getByRole('dialog', { name: 'Jump to a person or page' });
  await page.keyboard.type('Maria');
  await expect(switcher).toContainText('No person or page matches “Maria”.');
  await page.keyboard.press('Escape');
  await app.go('#/search?q=Maria');
  await expect(page.getByRole('list', { name: 'Search results' })).toBeVisible();
  await expect(page.locator('ol.results a[href^="#/person/"]')).toHaveCount(0);

  // The mention on today's page is her name as plain text: no link, no toggle.
  await app.nav('Today');
  await expect(app.editor()).toBeVisible();
  await expect(app.mentionChip('Maria')).toHaveCount(0);
  await expect(page.locator('main .mention-gone')).toHaveText('@Maria');

  await openTrash(app);
  const item = page.getByRole('list', { name: 'In Trash' }).getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Person');
  await expect(item).toContainText('Maria');
  await expect(item).toContainText(/deleted today · purged on \w{3} \d{1,2}/);
  await axeClean(page, 'Trash with a person');

  // Opened from Trash: a banner with Restore, her page read-only.
  await item.getByRole('link', { name: 'Maria' }).click();
  await expect(page.getByRole('note', { name: 'In Trash' })).toContainText('Maria is in Trash.');
  await expect(page.locator('main [contenteditable="true"]')).toHaveCount(0);
  await openTrash(app);

  await item.getByRole('button', { name: 'Restore person Maria' }).click();
  await expect(page.getByText('Nothing in Trash. Deleted pages and people stay here for 30 days.')).toBeVisible();
  await expect(app.reachOutLink()).toHaveAccessibleName('Reach out, 1 due today');
  await app.nav('Today');
  await expect(app.mentionChip('Maria')).toBeVisible();
  await app.nav('People');
  await expect(page.getByRole('list', { name: 'People' }).getByRole('listitem')).toHaveCount(1);
});

test('a deleted conversation note leaves the Journal; Undo and Restore bring it back; Empty Trash empties it with progress', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl, '#/journal');
  await page.getByRole('button', { name: 'New conversation note' }).click();
  await page.getByRole('textbox', { name: 'Place or context' }).fill('Café Luna');
  await app.startTyping('start');
  await page.keyboard.type('Talked about the garden.');
  await app.waitSaved();
  const entries = (): ReturnType<Page['getByRole']> => page.getByRole('list', { name: /^Entries, newest first/ }).getByRole('listitem');

  await moveToTrash(page);
  await expect(app.heading()).toHaveText('Journal');
  await expect(page.getByText('Your journal is empty.')).toBeVisible();
  // Undo restores it and opens it again.
  await page.locator('.trash-status').getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('textbox', { name: 'Place or context' })).toHaveValue('Café Luna');
  await app.nav('Journal');
  await expect(entries()).toHaveCount(1);

  // Again, and restored from Trash this time.
  await entries().first().getByRole('link').click();
  await moveToTrash(page);
  await expect(page.getByText('Your journal is empty.')).toBeVisible();
  await openTrash(app);
  const item = page.getByRole('list', { name: 'In Trash' }).getByRole('listitem');
  await expect(item).toContainText('Conversation note');
  await expect(item).toContainText('Café Luna');
  await item.getByRole('button', { name: /^Restore conversation note/ }).click();
  await app.nav('Journal');
  await expect(entries()).toHaveCount(1);
  await expect(entries().first()).toContainText('Talked about the garden.');

  // Into Trash with today's entry too, then Empty Trash: progress, then the empty state.
  await entries().first().getByRole('link').click();
  await moveToTrash(page);
  await app.nav('Today');
  await app.startTyping();
  await page.keyboard.type('A quiet day.');
  await app.waitSaved();
  await moveToTrash(page);
  await openTrash(app);
  await expect(item).toHaveCount(2);
  await page.getByRole('button', { name: 'Empty Trash…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Empty Trash?' });
  await expect(dialog).toContainText('All 2 items');
  // Records every progress line shown, however briefly (two items purge in milliseconds).
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __trashProgress: string[] }).__trashProgress = seen;
    new MutationObserver(() => {
      const text = document.querySelector('.trash-progress')?.textContent;
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await dialog.getByRole('button', { name: 'Empty Trash' }).click();
  await expect(page.getByText(/Emptied Trash: 2 items deleted for good\./)).toBeVisible();
  const shown = await page.evaluate(() => (window as unknown as { __trashProgress: string[] }).__trashProgress);
  expect(shown.length).toBeGreaterThan(0);
  expect(shown[0]).toMatch(/^Emptying Trash… \d+ of (2|…)/);
  await expect(page.getByText('Nothing in Trash. Deleted pages and people stay here for 30 days.')).toBeVisible();
  await axeClean(page, 'empty Trash');
  // Gone for good: the note's address finds nothing.
  await app.nav('Journal');
  await expect(page.getByText('Your journal is empty.')).toBeVisible();
});
