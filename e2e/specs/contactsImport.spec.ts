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
