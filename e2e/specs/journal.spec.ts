import * as Y from 'yjs';
import { pagesMap, WORKSPACE_DOC_ID } from '../../shared/domain/workspace';
import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

test.describe('Journal and people as linked pages', () => {
  test('type in today’s entry, @-create a person, reload: text and mention are still there', async ({ page, appUrl }) => {
    const app = new KindredApp(page);
    await app.open(appUrl);
    await expect(app.page.getByText('Today', { exact: true }).first()).toBeVisible();
    await app.startTyping();
    await page.keyboard.type('Had coffee with ');
    await app.mention('Maria Lopez', { create: true });
    await page.keyboard.type('she is opening a bakery with her sister.');
    await expect(app.mentionChip('Maria Lopez')).toBeVisible();
    await app.waitSaved();

    await page.reload();
    await expect(app.editor()).toContainText('Had coffee with @Maria Lopez she is opening a bakery with her sister.');
    await expect(app.mentionChip('Maria Lopez')).toBeVisible();
  });

  test('the person page lists every entry that mentions them, newest first', async ({ page, appUrl }) => {
    const app = new KindredApp(page);
    // First entry: yesterday.
    await app.open(appUrl);
    await page.getByRole('link', { name: '← Previous day' }).click();
    await expect(app.page.getByText('Journal', { exact: true }).first()).toBeVisible();
    await app.startTyping();
    await page.keyboard.type('Long walk with ');
    await app.mention('Sam', { create: true });
    await page.keyboard.type('who wants to learn pottery.');
    await app.waitSaved();
    await app.openPersonFromMention('Sam');
    await expect(app.conversations()).toHaveCount(1);
    await expect(app.conversations().first()).toContainText('who wants to learn pottery');

    // Second entry: today, mentioning the same person — it must come first.
    await app.nav('Today');
    await app.startTyping();
    await page.keyboard.type('Sam called: ');
    await app.mention('Sam');
    await page.keyboard.type('got into the pottery class!');
    await app.waitSaved();
    await app.openPersonFromMention('Sam');
    await expect(app.conversations()).toHaveCount(2);
    await expect(app.conversations().nth(0)).toContainText('got into the pottery class');
    await expect(app.conversations().nth(1)).toContainText('who wants to learn pottery');

    // Clicking a conversation opens it.
    await app.conversations().nth(1).getByRole('link').click();
    await expect(app.editor()).toContainText('Long walk with @Sam');
  });

  test('renaming a person updates every mention everywhere', async ({ page, appUrl }) => {
    const app = new KindredApp(page);
    await app.open(appUrl);
    await app.startTyping();
    await page.keyboard.type('Dinner with ');
    await app.mention('Jo', { create: true });
    await page.keyboard.type('and more about ');
    await app.mention('Jo');
    await app.waitSaved();
    await expect(app.mentionChip('Jo')).toHaveCount(2);

    await app.openPersonFromMention('Jo');
    const name = page.getByRole('textbox', { name: 'Name' });
    await name.fill('Joanna Smith');
    await name.press('Tab');
    await expect(app.conversations().first()).toContainText('@Joanna Smith');
    await app.waitSaved();

    await app.nav('Today');
    await expect(app.mentionChip('Joanna Smith')).toHaveCount(2);
    await expect(app.editor()).not.toContainText(/@Jo(?!anna)/);
    await app.nav('People');
    await expect(page.getByRole('list', { name: 'People' })).toContainText('Joanna Smith');
    // Survives a reload: the rename is stored, the pages were never rewritten.
    await page.reload();
    await app.nav('Today');
    await expect(app.mentionChip('Joanna Smith')).toHaveCount(2);
  });

  test('a conversation note records date, place and who was there, and appears in the Journal', async ({ page, appUrl }) => {
    const app = new KindredApp(page);
    await app.open(appUrl, '#/journal');
    await expect(page.getByText('Your journal is empty.')).toBeVisible();
    await page.getByRole('button', { name: 'New conversation note' }).click();
    await expect(page.getByText('Who was there:')).toBeVisible();
    await page.getByRole('textbox', { name: 'Place or context' }).fill('Café Luna');
    await page.getByLabel('Date').fill('2026-03-14');
    await expect(app.heading()).toHaveText('Saturday, March 14, 2026');
    // The note's first line, above the listening prompts.
    await app.startTyping('start');
    await app.mention('Priya', { create: true });
    await page.keyboard.type('told me about her new job in Lisbon.');
    await expect(page.locator('.who')).toContainText('Priya');
    await app.waitSaved();

    await app.nav('Journal');
    const entry = page.getByRole('list', { name: 'Entries, newest first' }).getByRole('listitem').first();
    await expect(entry).toContainText('Saturday, March 14, 2026');
    await expect(entry).toContainText('Café Luna');
    await expect(entry).toContainText('with Priya');
    await expect(entry).toContainText('told me about her new job in Lisbon');
  });
});

test('visiting days writes nothing; the first words on a day create it and list it in the Journal', async ({ page, webHost }) => {
  const app = new KindredApp(page);
  await app.open(webHost.url, '#/journal');
  await expect(page.getByText('Your journal is empty.')).toBeVisible();
  for (const day of ['2026-01-03', '2026-01-04', '2026-01-05']) await app.openDay(day);
  await app.nav('Today');
  await expect(app.editor()).toBeVisible();
  await app.waitSaved();
  const storedPages = async (): Promise<string[]> => {
    const ws = new Y.Doc();
    const stored = await webHost.host.store.getUpdate(WORKSPACE_DOC_ID);
    if (stored) Y.applyUpdate(ws, stored);
    return [...pagesMap(ws).keys()].filter((id) => id.startsWith('day-'));
  };
  expect(await storedPages()).toEqual([]);
  await app.nav('Journal');
  await expect(page.getByText('Your journal is empty.')).toBeVisible();

  const editor = await app.openDay('2026-01-04');
  await editor.click();
  await page.keyboard.type('Snow all morning.');
  await app.waitSaved();
  await expect.poll(storedPages).toEqual(['day-2026-01-04']);
  await app.nav('Journal');
  const entries = page.getByRole('list', { name: 'Entries, newest first' }).getByRole('listitem');
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText('Sunday, January 4, 2026');
  await expect(entries.first()).toContainText('Snow all morning.');
});

test('"Who was there" and the Journal\'s "with …" list people talked with, not people talked about', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl, '#/journal');
  await page.getByRole('button', { name: 'New conversation note' }).click();
  await expect(page.getByText('Who was there:')).toBeVisible();
  await app.startTyping('start');
  await app.mention('Priya', { create: true });
  await page.keyboard.type('said ');
  await app.mention('Tom', { create: true });
  await page.keyboard.press('Alt+a');
  await expect(page.getByRole('button', { name: 'Talked about Tom, not with them' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.type('got the job.');
  await app.waitSaved();
  await expect(page.locator('.who')).toContainText('Priya');
  await expect(page.locator('.who')).not.toContainText('Tom');

  await app.nav('Journal');
  const entry = page.getByRole('list', { name: 'Entries, newest first' }).getByRole('listitem').first();
  await expect(entry).toContainText('with Priya');
  await expect(entry.locator('.entry-meta')).not.toContainText('Tom');
});
