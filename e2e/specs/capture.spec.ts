import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

/**
 * Quick capture in the browser build: the capture page (`/capture.html`) opened as a second page
 * of the same web host, beside the main window. It is one more replica of the host's store, so
 * what it saves shows in the main window's journal, on the person's page and in search — also
 * while the main window types into the same day. It never opens IndexedDB.
 */

/** The capture page's model: what a person sees and does in it. */
class CapturePage {
  constructor(readonly page: Page) {}

  static url(appUrl: string): string {
    const u = new URL(appUrl);
    u.pathname = '/capture.html';
    u.hash = '';
    return u.toString();
  }

  /** Records every IndexedDB open this page attempts (it must make none). */
  async watchIndexedDb(): Promise<void> {
    await this.page.addInitScript(() => {
      const w = window as unknown as { __idbOpens: string[] };
      w.__idbOpens = [];
      const open = indexedDB.open.bind(indexedDB);
      indexedDB.open = (name: string, version?: number) => {
        w.__idbOpens.push(name);
        return open(name, version);
      };
    });
  }

  async idbOpens(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __idbOpens: string[] }).__idbOpens);
  }

  async open(appUrl: string): Promise<void> {
    await this.page.goto(CapturePage.url(appUrl));
    await expect(this.editor()).toBeVisible();
  }

  editor(): Locator {
    return this.page.getByRole('textbox', { name: 'Capture' });
  }

  todayToggle(): Locator {
    return this.page.getByRole('checkbox', { name: 'Add to today’s journal' });
  }

  status(): Locator {
    return this.page.locator('.capture-status');
  }

  async mention(name: string, { create = false } = {}): Promise<void> {
    await new KindredApp(this.page).mention(name, { create });
  }

  async expectSaved(): Promise<void> {
    await expect(this.status()).toHaveAttribute('data-state', 'saved');
    await expect(this.editor()).toHaveText('');
  }
}

test.describe('Quick capture', () => {
  test('a capture with a mention, saved with Ctrl+Enter, shows in the journal, on the person’s page and in search', async ({
    context,
    appUrl,
    webHost,
  }) => {
    const main = new KindredApp(await context.newPage());
    await main.open(appUrl, '#/journal');
    const capture = new CapturePage(await context.newPage());
    await capture.watchIndexedDb();
    await capture.open(appUrl);

    await expect(capture.editor()).toBeFocused();
    await expect(capture.todayToggle()).not.toBeChecked();
    // Shown again by the host (hotkey, tray): the editor takes focus.
    await capture.todayToggle().focus();
    webHost.host.emit('capture.shown', {});
    await expect(capture.editor()).toBeFocused();
    await expect(capture.page.getByText('Ctrl+Enter to save · Esc to close — your draft is kept')).toBeVisible();
    await capture.page.keyboard.type('Coffee with ');
    await capture.mention('Priya', { create: true });
    await capture.page.keyboard.type('about her pottery kiln in Porto.');
    await capture.page.keyboard.press('ControlOrMeta+Enter');
    await capture.expectSaved();
    await expect(capture.status()).toHaveText('Saved as a conversation note.');
    // Focus stays ready for the next capture.
    await expect(capture.editor()).toBeFocused();

    // The main window sees it live: a conversation note in the journal list, dated today.
    await expect(main.page.locator('main')).toContainText('pottery kiln in Porto', { timeout: 5_000 });
    // On Priya's page, as a conversation with her.
    await main.go('#/people');
    await main.page.getByRole('link', { name: /Priya/ }).first().click();
    await expect(main.page.getByRole('textbox', { name: 'Name' })).toHaveValue('Priya');
    await expect(main.conversations().filter({ hasText: 'pottery kiln' })).toHaveCount(1);
    // In search.
    await main.go('#/search?q=kiln');
    const results = main.page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    await expect(results).toHaveCount(1);
    await expect(results.first()).toContainText('Priya');

    expect(await capture.idbOpens()).toEqual([]);
  });

  test('appending to today while the main window types into today keeps both', async ({ context, appUrl }) => {
    const main = new KindredApp(await context.newPage());
    await main.open(appUrl);
    const editor = await main.startTyping();
    await main.page.keyboard.type('Morning: walked to the market.');
    await main.waitSaved();

    const capture = new CapturePage(await context.newPage());
    await capture.open(appUrl);
    await capture.todayToggle().check();
    await capture.editor().click();
    await capture.page.keyboard.type('Captured: called ');
    await capture.mention('Ode', { create: true });
    await capture.page.keyboard.type('about the lease.');

    // The main window keeps typing while the capture is saved.
    await main.startTyping();
    const typing = main.page.keyboard.type(' Then tea with the neighbours on the stairs.', { delay: 20 });
    await capture.page.keyboard.press('ControlOrMeta+Enter');
    await typing;
    await capture.expectSaved();
    await expect(capture.status()).toHaveText('Saved: added to today’s journal.');

    await expect(editor).toContainText('Captured: called @Ode about the lease.', { timeout: 5_000 });
    await expect(editor).toContainText('Then tea with the neighbours on the stairs.');
    await main.waitSaved();
    // After a reload (from the store and the cache), both are still there.
    await main.page.reload();
    const reloaded = main.editor();
    await expect(reloaded).toContainText('Captured: called @Ode about the lease.');
    await expect(reloaded).toContainText('Morning: walked to the market. Then tea with the neighbours on the stairs.');
  });

  test('“Add to today’s journal” lands at the end of today’s entry, even one created by the capture', async ({ context, appUrl }) => {
    const capture = new CapturePage(await context.newPage());
    await capture.open(appUrl);
    // Today does not exist yet: the capture creates it.
    await capture.todayToggle().check();
    await capture.editor().click();
    await capture.page.keyboard.type('First capture of the day.');
    await capture.page.keyboard.press('ControlOrMeta+Enter');
    await capture.expectSaved();

    const main = new KindredApp(await context.newPage());
    await main.open(appUrl);
    await expect(main.editor()).toContainText('First capture of the day.');
    await main.startTyping();
    await main.page.keyboard.press('Enter');
    await main.page.keyboard.type('Typed in the app.');
    await main.waitSaved();

    // Each capture starts as a note again: the toggle is chosen per capture.
    await expect(capture.todayToggle()).not.toBeChecked();
    await capture.todayToggle().check();
    await capture.editor().click();
    await capture.page.keyboard.type('Second capture, at the end.');
    await capture.page.getByRole('button', { name: 'Save' }).click();
    await capture.expectSaved();

    await expect.poll(async () => (await main.text()).split('\n').filter(Boolean)).toEqual([
      'First capture of the day.',
      'Typed in the app.',
      'Second capture, at the end.',
    ]);
  });

  test('Esc keeps the draft, also after a reload of the capture page', async ({ context, appUrl, webHost }) => {
    const capture = new CapturePage(await context.newPage());
    await capture.open(appUrl);
    await capture.page.keyboard.type('Half a thought about ');
    await capture.mention('Lena', { create: true });
    await capture.todayToggle().check();
    await capture.editor().click();
    await capture.page.keyboard.press('ControlOrMeta+End');
    await capture.page.keyboard.type('and her garden');
    // Esc with the mention list open closes the list only.
    await capture.page.keyboard.type(' @Le');
    const people = capture.page.getByRole('listbox', { name: 'People to mention' });
    await expect(people).toBeVisible();
    await capture.page.keyboard.press('Escape');
    await expect(people).toBeHidden();
    await expect(capture.status()).not.toHaveAttribute('data-state', 'kept');
    for (let i = 0; i < 4; i++) await capture.page.keyboard.press('Backspace');
    await expect(capture.editor()).toHaveText('Half a thought about @Lena and her garden');
    await capture.page.keyboard.press('Escape');
    await expect(capture.status()).toHaveText('Your draft is kept. It will be here when you come back.');

    await capture.page.reload();
    await expect(capture.editor()).toHaveText('Half a thought about @Lena and her garden');
    await expect(capture.todayToggle()).toBeChecked();
    await expect(capture.editor()).toBeFocused();

    // Kept by the host, not the browser: a new browser profile on the same host sees it too.
    const other = await context.browser()!.newContext({ locale: 'en-US' });
    try {
      const elsewhere = new CapturePage(await other.newPage());
      await elsewhere.open(webHost.url);
      await expect(elsewhere.editor()).toHaveText('Half a thought about @Lena and her garden');
    } finally {
      await other.close();
    }

    // Saved: the draft is gone for good.
    await capture.page.keyboard.press('ControlOrMeta+Enter');
    await capture.expectSaved();
    await capture.page.reload();
    await expect(capture.editor()).toHaveText('');
    await expect(capture.todayToggle()).not.toBeChecked();
  });

  test('when the host goes away, Save says so in plain words and keeps everything; after a reload it saves', async ({
    context,
    appUrl,
    webHost,
  }) => {
    const capture = new CapturePage(await context.newPage());
    await capture.open(appUrl);
    await capture.page.keyboard.type('Written just before the host stopped.');
    // The debounced draft reaches the host's disk.
    const draftFile = join(webHost.dataDir, 'capture-draft.json');
    await expect.poll(() => readFile(draftFile, 'utf8').catch(() => '')).toContain('Written just before the host stopped.');

    await webHost.restart(); // the page does not reconnect by itself (like the main window)
    await capture.page.keyboard.press('ControlOrMeta+Enter');
    await expect(capture.page.getByRole('alert')).toContainText(/^Not saved yet: .*connection to the Kindred host was lost.*Your capture is still here/);
    await expect(capture.editor()).toHaveText('Written just before the host stopped.');

    await capture.page.reload();
    await expect(capture.editor()).toHaveText('Written just before the host stopped.');
    await capture.page.getByRole('button', { name: 'Save' }).click();
    await capture.expectSaved();
    const main = new KindredApp(await context.newPage());
    await main.open(appUrl, '#/journal');
    await expect(main.page.locator('main')).toContainText('Written just before the host stopped.');
  });

  test('the capture page passes an accessibility scan', async ({ page, appUrl }) => {
    const capture = new CapturePage(page);
    await capture.open(appUrl);
    await page.keyboard.type('Lunch with ');
    await capture.mention('Sam', { create: true });
    await page.keyboard.press('Escape');
    await expect(capture.status()).toHaveAttribute('data-state', 'kept');
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      const problems = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(problems, colorScheme).toEqual([]);
    }
    // After a refused save (its message is an alert). The open mention list is not scanned here:
    // the app's shared typeahead has known findings (see the issue-12 report).
    await capture.editor().click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Backspace');
    await expect(capture.editor()).toHaveText('');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.getByRole('alert')).toHaveText('There is nothing to save yet: type something first.');
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });
});
