import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';
import type { Page } from '@playwright/test';

/**
 * A damaged record in the browser's cache (IndexedDB) must not cost the page or the app: the
 * store still has everything, so the page opens with its text, the user is told its offline copy
 * was damaged, and the damaged record is kept aside (quarantined), never silently deleted.
 */

type Damage = 'zeros' | 'garbage';

interface CorruptResult {
  keys: number[];
  corrupted: number;
}

/**
 * Overwrites one row of a y-indexeddb `updates` store. Runs on a page of the app's origin that
 * does not run the app (a static file), so nothing holds the database open while it changes.
 */
async function corruptRow(page: Page, dbName: string, which: 'first' | 'last', damage: Damage): Promise<CorruptResult> {
  return page.evaluate(
    async ({ dbName, which, damage }) => {
      const known = (await indexedDB.databases()).map((d) => d.name);
      if (!known.includes(dbName)) throw new Error(`no IndexedDB database "${dbName}" (there are: ${known.join(', ')})`);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
        open.onupgradeneeded = () => reject(new Error(`"${dbName}" had no stores`));
      });
      try {
        if (!db.objectStoreNames.contains('updates')) throw new Error(`"${dbName}" has no "updates" store`);
        const tx = db.transaction('updates', 'readwrite');
        const store = tx.objectStore('updates');
        const keys = await new Promise<number[]>((resolve, reject) => {
          const req = store.getAllKeys();
          req.onsuccess = () => resolve(req.result as number[]);
          req.onerror = () => reject(req.error);
        });
        if (keys.length === 0) throw new Error(`"${dbName}" has no rows to damage`);
        const key = which === 'first' ? keys[0]! : keys[keys.length - 1]!;
        const bytes = new Uint8Array(48);
        if (damage === 'garbage') for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 151 + 77) & 0xff;
        store.put(bytes, key);
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error ?? new Error('aborted'));
        });
        return { keys, corrupted: key };
      } finally {
        db.close();
      }
    },
    { dbName, which, damage },
  );
}

/** The keys of a y-indexeddb `custom` store (where quarantined rows are kept). */
async function customKeys(page: Page, dbName: string): Promise<string[]> {
  return page.evaluate(async (dbName) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(dbName);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      if (!db.objectStoreNames.contains('custom')) return [];
      const tx = db.transaction('custom', 'readonly');
      return await new Promise<string[]>((resolve, reject) => {
        const req = tx.objectStore('custom').getAllKeys();
        req.onsuccess = () => resolve(req.result.map(String));
        req.onerror = () => reject(req.error);
      });
    } finally {
      db.close();
    }
  }, dbName);
}

/** A page of the app's origin that does not start the app. */
async function leaveApp(page: Page, appUrl: string): Promise<void> {
  await page.goto(new URL('/favicon.png', appUrl).toString());
}

for (const [which, damage] of [
  ['first', 'zeros'],
  ['last', 'garbage'],
] as const) {
  test(`a damaged cache row (${which} row, ${damage}) still opens the page with its text and says “damaged”`, async ({
    page,
    appUrl,
  }) => {
    const app = new KindredApp(page);
    const day = KindredApp.isoDate(0);
    const dbName = `kindred-page-day-${day}`;
    const text = 'Planted the apple tree with my neighbour; it should fruit in three years.';
    await app.open(appUrl, `#/day/${day}`);
    await app.startTyping();
    await page.keyboard.type(text);
    await app.waitSaved();
    // Reload once, so the page is opened from the cache as on any later day.
    await page.reload();
    await expect(app.editor()).toContainText(text);
    await app.startTyping();
    await page.keyboard.type(' Watered it.');
    await app.waitSaved();

    await leaveApp(page, appUrl);
    const { corrupted } = await corruptRow(page, dbName, which, damage);

    await app.open(appUrl, `#/day/${day}`);
    await expect(app.editor()).toContainText(`${text} Watered it.`);
    // The notice says what happened, and to which page.
    const notice = page.getByText(/damaged/i).first();
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(KindredApp.longDate(day));
    // Still writable, and what is typed now is kept.
    await app.startTyping();
    await page.keyboard.type(' Then it rained.');
    await app.waitSaved();

    await leaveApp(page, appUrl);
    const keys = await customKeys(page, dbName);
    expect(keys.filter((k) => k.startsWith('quarantine:')), `quarantined rows among ${keys.join(', ')} (row ${corrupted})`).not.toEqual([]);

    await app.open(appUrl, `#/day/${day}`);
    await expect(app.editor()).toContainText(`${text} Watered it. Then it rained.`);
  });
}

test('a damaged row in the workspace cache: the app still starts and the lists are intact', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  await app.startTyping();
  await page.keyboard.type('Tea with ');
  await app.mention('Wren Holloway', { create: true });
  await page.keyboard.type('about her allotment.');
  await app.waitSaved();
  await page.reload();
  await expect(app.mentionChip('Wren Holloway')).toBeVisible();
  await app.waitSaved();

  await leaveApp(page, appUrl);
  await corruptRow(page, 'kindred-workspace', 'first', 'garbage');

  await app.open(appUrl, '#/journal');
  await expect(page.getByText(/damaged/i).first()).toBeVisible();
  const entries = page.getByRole('list', { name: 'Entries, newest first' }).getByRole('listitem');
  await expect(entries.first()).toContainText('about her allotment');
  await app.nav('People');
  await expect(page.getByRole('list', { name: 'People' })).toContainText('Wren Holloway');
  await app.nav('Today');
  await expect(app.editor()).toContainText('Tea with @Wren Holloway about her allotment.');
  await app.openPersonFromMention('Wren Holloway');
  await expect(app.conversations()).toHaveCount(1);
  await expect(app.saveState()).toHaveAttribute('data-state', 'saved');
});
