import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { seededFolder } from '../../electron/services/backup/backup.testkit';
import { startWebHost, type WebHost } from '../../electron/webhost/server';
import { KindredApp } from '../pages/KindredApp';
import { expect, test } from '../support/fixtures';

/**
 * Settings → Your data through the web host: exports land as files in the host's exports
 * folder, a backup made in one journal is merged into another through the app, and a cancelled
 * export leaves nothing. Each test runs its own hosts (temp journal, temp exports folder), so
 * nothing is written to the real home folder.
 */
const root = resolve(__dirname, '..', '..');

interface DataHost {
  host: WebHost;
  exportsDir: string;
  close(): Promise<void>;
}

async function startDataHost(seedPages = 0): Promise<DataHost> {
  const dir = await mkdtemp(join(tmpdir(), 'kindred-e2e-yourdata-'));
  const dataDir = join(dir, 'journal');
  if (seedPages > 0) await seededFolder(dataDir, seedPages);
  const exportsDir = join(dir, 'exports');
  const host = await startWebHost({
    rendererDir: join(root, 'out', 'renderer'),
    port: 0,
    dataDir,
    exportsDir,
    sync: false,
    autoBackup: false,
    services: { openExternal: async () => undefined },
  });
  return {
    host,
    exportsDir,
    async close() {
      await host.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const hosts: DataHost[] = [];
test.afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});
async function dataHost(seedPages = 0): Promise<DataHost> {
  const h = await startDataHost(seedPages);
  hosts.push(h);
  return h;
}

const todayIso = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

async function writeToday(app: KindredApp, url: string, text: string): Promise<void> {
  await app.open(url, '#/today');
  await app.startTyping();
  await app.page.keyboard.type(text);
  await app.waitSaved();
}

/** Clicks an export button, names it, and waits for "Saved to …"; answers the path shown. */
async function exportNamed(page: Page, button: string, name: string, kind: 'vault' | 'calendar' | 'backup'): Promise<string> {
  await page.getByRole('button', { name: button }).click();
  const field = page.getByRole('textbox', { name: kind === 'vault' ? 'Name of the folder' : 'Name of the file' });
  await expect(field).toBeFocused();
  await field.fill(name);
  await page.getByRole('button', { name: kind === 'backup' ? 'Back up' : 'Export', exact: true }).click();
  const result = page.locator(`.data-result[data-kind="${kind}"]`);
  await expect(result).toHaveText(/^Saved to /, { timeout: 30_000 });
  const text = (await result.textContent()) ?? '';
  return text.replace(/^Saved to /, '').replace(/ \(.*\)\.$|\.$/, '');
}

test('export a Markdown vault and a calendar: files in the exports folder', async ({ page }) => {
  const h = await dataHost();
  const app = new KindredApp(page);
  await writeToday(app, h.host.url, 'Tea with Mina at the bakery');
  await app.go('#/settings/data');
  await expect(page.getByRole('heading', { name: 'Your data', level: 1 })).toBeVisible();
  await expect(page.getByText(h.exportsDir).first()).toBeVisible();

  const vault = await exportNamed(page, 'Export as Markdown vault…', 'My vault', 'vault');
  expect(vault).toBe(join(h.exportsDir, 'My vault'));
  expect(await readFile(join(vault, 'Journal', `${todayIso()}.md`), 'utf8')).toContain('Tea with Mina at the bakery');

  const ics = await exportNamed(page, 'Export calendar (.ics)…', 'birthdays', 'calendar');
  expect(ics).toBe(join(h.exportsDir, 'birthdays.ics'));
  expect(await readFile(ics, 'utf8')).toMatch(/^BEGIN:VCALENDAR\r\n/);
  expect((await readdir(h.exportsDir)).sort()).toEqual(['My vault', 'birthdays.ics']);

  // A name that is a path is refused in plain words, and nothing is written.
  await page.getByRole('button', { name: 'Export calendar (.ics)…' }).click();
  await page.getByRole('textbox', { name: 'Name of the file' }).fill('../outside');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('cannot contain /');
  expect((await readdir(h.exportsDir)).sort()).toEqual(['My vault', 'birthdays.ics']);
});

test('back up one journal, then restore the backup into a second, fresh journal through the app', async ({ page, context }) => {
  const a = await dataHost();
  const app = new KindredApp(page);
  await writeToday(app, a.host.url, 'Lunch with Ravi at the harbour');
  await app.go('#/settings/data');
  const file = await exportNamed(page, 'Back up now…', 'journal-a', 'backup');
  expect(file).toBe(join(a.exportsDir, 'journal-a.kindred-backup'));

  const b = await dataHost();
  const other = new KindredApp(await context.newPage());
  await other.open(b.host.url, '#/settings/data');
  const chooser = other.page.waitForEvent('filechooser');
  await other.page.getByRole('button', { name: 'Restore from a backup…' }).click();
  await (await chooser).setFiles(file);
  const confirm = other.page.getByRole('group', { name: /Merge this backup into your journal\?/ });
  await expect(confirm).toContainText('journal-a.kindred-backup');
  await expect(confirm).toContainText('1 page · 0 people');
  await expect(confirm).toContainText('Nothing in your journal is lost; pages in both are combined.');
  await confirm.getByRole('button', { name: 'Merge into my journal' }).click();
  await expect(other.page.locator('.data-result[data-kind="restore"]')).toHaveText(/^Merged the backup into your journal/, { timeout: 30_000 });

  await other.go('#/today');
  await expect(other.editor()).toContainText('Lunch with Ravi at the harbour');

  // A file that is not a backup: refused in plain words, nothing changes.
  await other.go('#/settings/data');
  const again = other.page.waitForEvent('filechooser');
  await other.page.getByRole('button', { name: 'Restore from a backup…' }).click();
  await (await again).setFiles({ name: 'notes.kindred-backup', mimeType: 'application/octet-stream', buffer: Buffer.from('just some notes') });
  await expect(other.page.getByRole('alert')).toContainText('This file is not a Kindred backup');
  await expect(other.page.getByRole('alert')).toContainText('Nothing in your journal changed.');
});

test('cancelling a vault export of a larger journal writes nothing', async ({ page }) => {
  test.setTimeout(120_000);
  const h = await dataHost(1500);
  const app = new KindredApp(page);
  await app.open(h.host.url, '#/settings/data');
  await page.getByRole('button', { name: 'Export as Markdown vault…' }).click();
  await page.getByRole('textbox', { name: 'Name of the folder' }).fill('Big vault');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const bar = page.getByRole('progressbar', { name: 'Markdown vault progress' });
  await expect(bar).toHaveAttribute('aria-valuemax', /\d+/, { timeout: 30_000 });
  await expect(page.locator('.data-job[data-kind="vault"] [role="status"]')).toHaveText(/^Exported [\d,]+ of [\d,]+ pages…$/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.data-result[data-kind="vault"]')).toHaveText('Cancelled — nothing was written.', { timeout: 30_000 });
  expect(existsSync(join(h.exportsDir, 'Big vault'))).toBe(false);
  expect(existsSync(h.exportsDir) ? await readdir(h.exportsDir) : []).toEqual([]);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`Your data passes an accessibility scan (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    const h = await dataHost();
    const app = new KindredApp(page);
    await app.open(h.host.url, '#/settings/data');
    await expect(page.getByText('No daily backup yet.')).toBeVisible();
    const scan = async (where: string): Promise<void> => {
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      const problems = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(problems, `${where} (${colorScheme})`).toEqual([]);
    };
    await scan('Your data');
    await exportNamed(page, 'Back up now…', 'b', 'backup');
    await page.getByRole('button', { name: 'Export as Markdown vault…' }).click();
    await scan('Your data with a result and a name form');
  });
}
