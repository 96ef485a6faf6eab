import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedJournal } from '../../bench/seedJournal';
import { seededFolder } from '../../electron/services/backup/backup.testkit';
import { openLevelStore } from '../../electron/services/store';
import { startWebHost, type WebHost } from '../../electron/webhost/server';
import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

/**
 * Lists stay instant at thousands of pages (issue 14): the Journal and People lists render only
 * the rows near the viewport (renderer/ui/VirtualList.tsx), whatever the journal's size, and
 * still say where each row is ("entry 37 of 1,800") and reach the last entry by scrolling.
 */
const root = resolve(__dirname, '..', '..');
let host: WebHost | null = null;
let dir = '';
test.afterEach(async () => {
  await host?.close();
  host = null;
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the Journal and People lists of a 2,000-page journal render a screenful, and scroll to the end', async ({ page }) => {
  test.setTimeout(120_000);
  dir = await mkdtemp(join(tmpdir(), 'kindred-e2e-lists-'));
  const dataDir = join(dir, 'journal');
  // Seeded through the store with the benchmark's seeder: 1,800 notes, 200 people.
  await seededFolder(dataDir, 2000);
  host = await startWebHost({ rendererDir: join(root, 'out', 'renderer'), port: 0, dataDir, sync: false, autoBackup: false });
  const app = new KindredApp(page);
  await app.open(host.url, '#/journal');

  const entries = page.getByRole('list', { name: /Entries, newest first/ });
  const rows = entries.locator(':scope > li');
  // Every note's preview arrives from the host's derived index; wait until the list is whole.
  await expect.poll(async () => Number(await rows.first().getAttribute('aria-setsize')), { timeout: 60_000 }).toBeGreaterThan(1500);
  const total = Number(await rows.first().getAttribute('aria-setsize'));
  expect(await rows.count()).toBeLessThan(60);
  await expect(rows.first()).toHaveAttribute('aria-posinset', '1');

  // Scrolling to the bottom renders the oldest entries (and still only a screenful).
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(entries.locator(`:scope > li[aria-posinset="${total}"]`)).toBeVisible();
  expect(await rows.count()).toBeLessThan(60);

  // The rows are links a keyboard reaches; a row scrolled into view by focus renders its neighbours.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(entries.locator(':scope > li[aria-posinset="1"]')).toBeVisible();
  await entries.locator(':scope > li[aria-posinset="1"] a').focus();
  for (let i = 0; i < 15; i++) await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('aria-posinset'));
  expect(Number(focused)).toBe(16);

  await app.nav('People');
  const people = page.getByRole('list', { name: 'People' }).locator(':scope > li');
  await expect(people.first()).toHaveAttribute('aria-setsize', '200');
  expect(await people.count()).toBeLessThan(60);
});

test('a person in hundreds of entries: their Conversations render a screenful and scroll to the oldest', async ({ page }) => {
  test.setTimeout(120_000);
  dir = await mkdtemp(join(tmpdir(), 'kindred-e2e-lists-'));
  const dataDir = join(dir, 'journal');
  // 600 notes among 5 people: each of them is in well over a hundred.
  const store = await openLevelStore(dataDir);
  const seeded = await seedJournal(store, { pages: 605, people: 5, burstsPerPage: 4 });
  await store.close();
  host = await startWebHost({ rendererDir: join(root, 'out', 'renderer'), port: 0, dataDir, sync: false, autoBackup: false });
  const app = new KindredApp(page);
  await app.open(host.url, `#/person/${seeded.personIds[0]}`);
  const list = page.getByRole('list', { name: /^Conversations with .*, newest first/ });
  const rows = list.locator(':scope > li');
  await expect.poll(async () => Number(await rows.first().getAttribute('aria-setsize')), { timeout: 60_000 }).toBeGreaterThan(100);
  const total = Number(await rows.first().getAttribute('aria-setsize'));
  await expect(page.getByRole('heading', { name: /Conversations/ })).toContainText(String(total));
  expect(await rows.count()).toBeLessThan(60);
  await list.locator(':scope > li[aria-posinset="1"]').scrollIntoViewIfNeeded();
  await expect(list.locator(':scope > li[aria-posinset="1"] a.backlink')).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(list.locator(`:scope > li[aria-posinset="${total}"]`)).toBeVisible();
  expect(await rows.count()).toBeLessThan(60);
});
