import AxeBuilder from '@axe-core/playwright';
import * as Y from 'yjs';
import { WORKSPACE_DOC_ID } from '../../shared/domain/workspace';
import { applyImport, previewImport } from '../../electron/services/contacts';
import { KindredApp } from '../pages/KindredApp';
import { expect, test } from '../support/fixtures';

/**
 * People brought in from a vCard file (as `kindred import-vcards` does, here into the running
 * host's store) show up in People, their year-less birthday without an invented year, and their
 * page can be written in and keeps what was written.
 */
const CARD = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Imogen Vance',
  'N:Vance;Imogen;;;',
  'UID:e2e-imogen',
  'EMAIL:imogen@example.org',
  'BDAY:--0314',
  'END:VCARD',
  '',
].join('\r\n');

test('imported people appear in People and their pages can be written in', async ({ page, webHost }) => {
  const app = new KindredApp(page);
  await app.open(webHost.url, '#/people');
  const store = webHost.host.store;
  const ws = new Y.Doc();
  const stored = await store.getUpdate(WORKSPACE_DOC_ID);
  if (stored) Y.applyUpdate(ws, stored);
  const preview = previewImport(ws, [{ name: 'friends.vcf', bytes: new TextEncoder().encode(CARD) }]);
  expect(preview.add).toHaveLength(1);
  await applyImport(store, preview);

  await expect(page.getByRole('link', { name: 'Imogen Vance' }).first()).toBeVisible({ timeout: 10_000 });
  await page.getByRole('link', { name: 'Imogen Vance' }).first().click();
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Imogen Vance');
  await expect(page.getByText(/Mar(ch)? 14/).first()).toBeVisible();
  await expect(page.getByText(/1604|1900|1970/)).toHaveCount(0);
  await app.startTyping('end');
  await page.keyboard.type('Met at the pottery class.');
  await app.waitSaved();
  await page.reload();
  await expect(app.editor()).toContainText('Met at the pottery class.');
});

const RAVI = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Ravi Okafor', 'UID:e2e-ravi', 'TEL:+44 20 7946 0000', 'BDAY:1988-06-02', 'END:VCARD', ''].join('\r\n');
const BROKEN = 'This is a shopping list, not a contacts file.\r\n';

test('contacts are imported from the People page: preview, Import, and again adds nobody', async ({ page, webHost }) => {
  const app = new KindredApp(page);
  await app.open(webHost.url, '#/people');
  await expect(page.getByText(/import contacts from your phone or computer/)).toBeVisible();
  const before = await webHost.host.store.getUpdate(WORKSPACE_DOC_ID);

  const dialog = await app.chooseContactsFiles([
    { name: 'friends.vcf', text: RAVI },
    { name: 'broken.vcf', text: BROKEN },
  ]);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('1 person will be added, 0 updated, 0 skipped')).toBeVisible();
  await expect(dialog.getByRole('region', { name: 'Will be added' })).toContainText('Ravi Okafor');
  await expect(dialog.getByRole('region', { name: 'Will be added' })).toContainText('Birthday June 2, 1988');
  // The broken file is listed with its reason, and does not stop the good one.
  const problems = dialog.getByRole('region', { name: 'Problems' });
  await expect(problems).toContainText('broken.vcf');
  await expect(dialog.getByRole('button', { name: 'Import' })).toBeFocused();

  // Nothing written before "Import".
  expect(await webHost.host.store.getUpdate(WORKSPACE_DOC_ID)).toEqual(before);
  const axe = await new AxeBuilder({ page }).include('dialog').withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Focus stays in the dialog: it is modal (the page behind is inert), so Tab never reaches the
  // page; past the last button Chromium hands focus to the browser's own UI (activeElement = body).
  expect(await page.evaluate(() => document.querySelector('dialog:modal') !== null)).toBe(true);
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const a = document.activeElement;
      return !a || a === document.body ? 'browser' : a.closest('dialog') ? 'dialog' : `page: ${a.outerHTML.slice(0, 80)}`;
    });
    expect(['dialog', 'browser']).toContain(at);
  }
  await dialog.getByRole('button', { name: 'Import' }).focus();

  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Added 1 person.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('list', { name: 'People' }).getByRole('link', { name: /Ravi Okafor/ })).toBeVisible();

  // The same file again: already there.
  const again = await app.chooseContactsFiles([{ name: 'friends.vcf', text: RAVI }]);
  await expect(again.getByText('0 people will be added, 0 updated, 1 skipped')).toBeVisible();
  await expect(again.getByRole('region', { name: 'Skipped' })).toContainText('Ravi Okafor (friends.vcf): already in Kindred');
  await expect(again.getByRole('button', { name: 'Import' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(again).toBeHidden();
  await expect(page.getByRole('list', { name: 'People' }).getByRole('link', { name: /Ravi Okafor/ })).toHaveCount(1);
});

test('Escape cancels the import dialog and nothing is written', async ({ page, webHost }) => {
  const app = new KindredApp(page);
  await app.open(webHost.url, '#/people');
  const before = await webHost.host.store.getUpdate(WORKSPACE_DOC_ID);
  const dialog = await app.chooseContactsFiles([{ name: 'friends.vcf', text: RAVI }]);
  await expect(dialog.getByText('1 person will be added, 0 updated, 0 skipped')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Import contacts…' })).toBeFocused();
  expect(await webHost.host.store.getUpdate(WORKSPACE_DOC_ID)).toEqual(before);
  await expect(page.getByText('Ravi Okafor')).toHaveCount(0);
});

test('dropping .vcf files on People opens the same preview; other files are named, not read', async ({ page, webHost }) => {
  const app = new KindredApp(page);
  await app.open(webHost.url, '#/people');
  const drop = await page.evaluateHandle((card) => {
    const dt = new DataTransfer();
    dt.items.add(new File([card], 'dropped.vcf', { type: 'text/vcard' }));
    dt.items.add(new File(['not a card'], 'holiday.jpg', { type: 'image/jpeg' }));
    return dt;
  }, RAVI);
  const region = page.getByRole('region', { name: 'People' });
  await region.dispatchEvent('dragover', { dataTransfer: drop });
  await region.dispatchEvent('drop', { dataTransfer: drop });
  const dialog = app.importDialog();
  await expect(dialog.getByText('1 person will be added, 0 updated, 0 skipped')).toBeVisible();
  await expect(dialog).toContainText('Not read (not a .vcf file): holiday.jpg');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Added 1 person.');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('list', { name: 'People' }).getByRole('link', { name: /Ravi Okafor/ })).toBeVisible();
});

test('a 3 MiB contacts file goes to the host in parts and is imported', async ({ page, webHost }) => {
  const app = new KindredApp(page);
  await app.open(webHost.url, '#/people');
  // A card carrying a 3 MiB photo (dropped on import, never stored) and a small one.
  const photo = Buffer.alloc(3 * 1024 * 1024, 7).toString('base64').match(/.{1,74}/g)!.join('\r\n ');
  const big = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Pia Large', 'UID:e2e-pia', `PHOTO;ENCODING=b;TYPE=JPEG:${photo}`, 'END:VCARD', ''].join('\r\n');
  const dialog = await app.chooseContactsFiles([{ name: 'big.vcf', text: big + RAVI }]);
  await expect(dialog.getByText('2 people will be added, 0 updated, 0 skipped')).toBeVisible({ timeout: 20_000 });
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Added 2 people.');
  const stored = await webHost.host.store.getUpdate(WORKSPACE_DOC_ID);
  expect(stored!.length).toBeLessThan(256 * 1024);
});
