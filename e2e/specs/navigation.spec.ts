import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

test('back/forward with Alt+←/→ and the mouse buttons; every page has a stable route', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  await app.startTyping();
  await page.keyboard.type('Met ');
  await app.mention('Ana', { create: true });
  await app.waitSaved();

  await app.openPersonFromMention('Ana');
  const personUrl = page.url();
  expect(personUrl).toMatch(/#\/person\/person-[A-Za-z0-9]+$/);
  await app.nav('People');
  await expect(app.heading()).toHaveText('People');

  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Ana');
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(app.mentionChip('Ana')).toBeVisible();
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Ana');

  // Mouse "forward" (button 4) and "back" (button 3).
  await page.evaluate(() => window.dispatchEvent(new MouseEvent('mouseup', { button: 4, bubbles: true })));
  await expect(app.heading()).toHaveText('People');
  await page.evaluate(() => window.dispatchEvent(new MouseEvent('mouseup', { button: 3, bubbles: true })));
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Ana');

  // The route is linkable: opening it directly shows the same page.
  const fresh = await page.context().newPage();
  await fresh.goto(personUrl);
  await expect(fresh.getByRole('textbox', { name: 'Name' })).toHaveValue('Ana');
  await fresh.close();

  // The sidebar's buttons do the same for pointer users.
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(app.mentionChip('Ana')).toBeVisible();
});

test.describe('on macOS (platform emulated)', () => {
  test.beforeEach(async ({ page }) => {
    // No Mac here: the app decides by navigator.platform, so report a Mac's before it loads.
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' }));
  });

  /** Option+<key> as a Mac keyboard sends it: `key` is the character Option makes, `code` the physical key. */
  const optionKey = async (page: Page, key: string, code: string, keyCode: number): Promise<void> => {
    const cdp = await page.context().newCDPSession(page);
    for (const type of ['rawKeyDown', 'keyUp'] as const) {
      await cdp.send('Input.dispatchKeyEvent', { type, modifiers: 1, key, code, windowsVirtualKeyCode: keyCode });
    }
    await cdp.detach();
  };

  test('Option+←/→ moves by word inside a note and still goes back/forward outside one', async ({ page, appUrl }) => {
    const app = new KindredApp(page);
    await app.open(appUrl, '#/people');
    await app.nav('Today');
    expect(await page.evaluate(() => navigator.platform)).toBe('MacIntel');
    const editor = await app.startTyping();
    await page.keyboard.type('one two three');
    // Count history moves as they are asked for (history.back() itself navigates a task later).
    await page.evaluate(() => {
      const w = window as unknown as { historyMoves: number };
      w.historyMoves = 0;
      for (const name of ['back', 'forward'] as const) {
        const original = history[name].bind(history);
        history[name] = () => {
          w.historyMoves++;
          original();
        };
      }
    });
    const moves = (): Promise<number> => page.evaluate(() => (window as unknown as { historyMoves: number }).historyMoves);
    const todayUrl = page.url();
    await page.keyboard.press('Alt+ArrowLeft');
    await page.keyboard.press('Alt+ArrowRight');
    expect(await moves()).toBe(0);
    await page.keyboard.type('!');
    await app.waitSaved();
    expect(page.url()).toBe(todayUrl);
    await expect(editor).toBeFocused();
    // Outside the editor it is still back/forward.
    await editor.evaluate((el) => (el as HTMLElement).blur());
    await page.keyboard.press('Alt+ArrowLeft');
    await expect(app.heading()).toHaveText('People');
    expect(await moves()).toBe(1);
  });

  test('Option+A (which types "å") marks the mention before the caret as "talked about"', async ({ page, appUrl }) => {
    const app = new KindredApp(page);
    await app.open(appUrl);
    await app.startTyping();
    await page.keyboard.type('Ana told me ');
    await app.mention('Sam', { create: true });
    await optionKey(page, 'å', 'KeyA', 65);
    await expect(page.getByRole('button', { name: 'Talked about Sam, not with them' })).toHaveAttribute('aria-pressed', 'true');
    await expect(app.editor()).not.toContainText('å');
  });
});
