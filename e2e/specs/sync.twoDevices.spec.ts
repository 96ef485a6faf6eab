import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import createTestnet from 'hyperdht/testnet.js';
import type { Page } from '@playwright/test';
import * as Y from 'yjs';
import { readPageBlocks } from '../../shared/pages/pageBlocks';
import { blocksToText } from '../../shared/pages/pageFacts';
import { startWebHost, type WebHost } from '../../electron/webhost/server';
import { KindredApp } from '../pages/KindredApp';
import { expect, test } from '../support/fixtures';

/**
 * Two devices, each a full stack — its own web host, data folder, store and sync service, and
 * its own browser — on one HyperDHT testnet bound to 127.0.0.1 (no transport mock). The user
 * pairs them through Settings → Devices, types on one and sees it on the other, then removes
 * one, and edits stop flowing.
 */
const root = resolve(__dirname, '..', '..');

interface Device {
  name: string;
  host: WebHost;
  app: KindredApp;
  dataDir: string;
}

async function openDevices(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Devices', level: 1 })).toBeVisible();
}

test('two devices pair through the UI, sync live, and stop after one is removed', async ({ browser, networkGuard }) => {
  test.setTimeout(120_000);
  const testnet = await createTestnet(3, { host: '127.0.0.1' });
  const devices: Device[] = [];
  try {
    for (const name of ['Desk', 'Laptop']) {
      const dataDir = mkdtempSync(join(tmpdir(), `kindred-e2e-sync-${name.toLowerCase()}-`));
      const host = await startWebHost({
        rendererDir: join(root, 'out', 'renderer'),
        port: 0,
        dataDir,
        sync: { bootstrap: testnet.bootstrap, createDht: () => testnet.createNode(), lan: false, defaultName: name },
      });
      const context = await browser.newContext({ locale: 'en-US' });
      await networkGuard.watch(context);
      const app = new KindredApp(await context.newPage());
      await app.open(host.url);
      devices.push({ name, host, app, dataDir });
    }
    const [desk, laptop] = devices as [Device, Device];

    // Off until paired: the empty state says what to do, the sidebar shows no sync line.
    await openDevices(desk.app.page);
    await expect(desk.app.page.getByText(/Sync is off\. Your journal is only on this device\./)).toBeVisible();
    await expect(desk.app.page.locator('.sidebar-sync')).toHaveCount(0);

    // Desk shows an invite; the laptop pastes it.
    await desk.app.page.getByRole('button', { name: 'Pair a new device' }).first().click();
    const inviteBox = desk.app.page.getByRole('textbox', { name: 'Invite for your other device' });
    await expect(inviteBox).toHaveValue(/^kindred-invite-/);
    await expect(desk.app.page.getByRole('img', { name: 'QR code of the invite' })).toBeVisible();
    const invite = await inviteBox.inputValue();

    await openDevices(laptop.app.page);
    await laptop.app.page.getByRole('button', { name: 'Join with an invite' }).first().click();
    await laptop.app.page.getByRole('textbox', { name: 'Invite or code from your other device' }).fill(invite);
    await laptop.app.page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(laptop.app.page.getByText(/Paired with Desk/)).toBeVisible({ timeout: 20_000 });
    await expect(desk.app.page.getByRole('region', { name: 'Paired devices' }).getByRole('listitem').filter({ hasText: 'Laptop' })).toBeVisible({ timeout: 20_000 });

    // Both list each other as up to date; the sidebar says so.
    await expect(desk.app.page.getByRole('listitem').filter({ hasText: 'Laptop' }).getByText('Up to date')).toBeVisible({ timeout: 20_000 });
    await expect(laptop.app.page.locator('.sidebar-sync')).toHaveAttribute('data-state', 'up_to_date', { timeout: 20_000 });

    // Type on the desk; it shows on the laptop's Today within a second of being saved.
    await desk.app.nav('Today');
    await laptop.app.nav('Today');
    await desk.app.startTyping('end');
    const line = 'Lunch with Maria: she starts the pottery class on Thursday.';
    await desk.app.page.keyboard.type(line);
    await desk.app.waitSaved();
    const savedAt = Date.now();
    await expect(laptop.app.editor()).toContainText(line, { timeout: 5_000 });
    const lag = Date.now() - savedAt;
    test.info().annotations.push({ type: 'desk → laptop after "Saved"', description: `${lag} ms` });
    expect(lag).toBeLessThan(1_000);

    // And back: the laptop's words reach the desk.
    await laptop.app.startTyping('end');
    await laptop.app.page.keyboard.press('Enter');
    await laptop.app.page.keyboard.type('Bring her the glaze book.');
    await expect(desk.app.editor()).toContainText('Bring her the glaze book.', { timeout: 5_000 });

    // Pause on the desk (Settings → Devices), write, resume: the words travel on resume.
    await openDevices(desk.app.page);
    await desk.app.page.getByRole('button', { name: 'Pause sync' }).click();
    await expect(desk.app.page.locator('.sidebar-sync')).toHaveAttribute('data-state', 'paused');
    await desk.app.nav('Today');
    await desk.app.startTyping('end');
    await desk.app.page.keyboard.press('Enter');
    await desk.app.page.keyboard.type('Written while paused.');
    await desk.app.waitSaved();
    await openDevices(desk.app.page);
    await desk.app.page.getByRole('button', { name: 'Resume sync' }).click();
    await expect(laptop.app.editor()).toContainText('Written while paused.', { timeout: 10_000 });

    // Remove the laptop on the desk: confirm, it disappears, the laptop is told.
    await openDevices(desk.app.page);
    await desk.app.page.getByRole('button', { name: 'Remove Laptop' }).click();
    const dialog = desk.app.page.getByRole('alertdialog', { name: 'Remove Laptop?' });
    await expect(dialog).toContainText(/keeps the journal it already has/);
    await dialog.getByRole('button', { name: 'Remove device' }).click();
    await expect(desk.app.page.getByRole('button', { name: 'Remove Laptop' })).toHaveCount(0);
    await openDevices(laptop.app.page);
    await expect(laptop.app.page.getByText(/This device was removed from sync by Desk/)).toBeVisible({ timeout: 10_000 });

    // Edits stop flowing: the desk types more; the laptop's store never gets it.
    await desk.app.nav('Today');
    await desk.app.startTyping('end');
    await desk.app.page.keyboard.press('Enter');
    await desk.app.page.keyboard.type('After the removal.');
    await desk.app.waitSaved();
    const deskDay = await dayText(desk.host);
    expect(deskDay).toContain('After the removal.');
    expect(await dayText(laptop.host)).not.toContain('After the removal.');
    // The laptop keeps everything it had.
    expect(await dayText(laptop.host)).toContain(line);
  } finally {
    for (const d of devices) {
      await d.app.page.context().close();
      await d.host.close();
      rmSync(d.dataDir, { recursive: true, force: true });
    }
    await testnet.destroy();
  }
});

/** Today's entry as stored in the device's store (read straight from the host, not the page). */
async function dayText(host: WebHost): Promise<string> {
  const { changes } = await host.store.changesSince(0, 10_000);
  const out: string[] = [];
  for (const { docId } of changes) {
    if (!docId.startsWith('day-')) continue;
    const update = await host.store.getUpdate(docId);
    if (!update) continue;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    out.push(blocksToText(readPageBlocks(doc), (id) => id));
    doc.destroy();
  }
  return out.join('\n');
}
