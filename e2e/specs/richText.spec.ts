import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

test('pasting from another app keeps basic formatting', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  const editor = await app.startTyping();
  // What a browser or word processor puts on the clipboard: HTML plus plain text.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/html', '<h2>Gift ideas</h2><p><b>Bread</b> book and <i>pottery</i> class</p><ul><li>one</li><li>two</li></ul>');
    data.setData('text/plain', 'Gift ideas\nBread book and pottery class\none\ntwo');
    const target = document.querySelector('main [contenteditable="true"]')!;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(editor.locator('h2')).toHaveText('Gift ideas');
  await expect(editor.locator('strong, .ed-bold').first()).toHaveText('Bread');
  await expect(editor.locator('em, .ed-italic').first()).toHaveText('pottery');
  await expect(editor.locator('ul li')).toHaveText(['one', 'two']);
});

test('links: typed addresses become links, Ctrl/Cmd+click opens them through the host', async ({ page, appUrl, webHost }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  await app.startTyping();
  await page.keyboard.type('Her bakery: https://example.com/bakery and more');
  const link = app.editor().locator('a[href="https://example.com/bakery"]');
  await expect(link).toHaveText('https://example.com/bakery');
  const before = webHost.opened.length;
  await link.click({ modifiers: ['ControlOrMeta'] });
  await expect.poll(() => webHost.opened.slice(before)).toEqual(['https://example.com/bakery']);
  // A plain click while writing just places the caret: nothing opens.
  await link.click();
  await page.waitForTimeout(200);
  expect(webHost.opened.slice(before)).toHaveLength(1);
});

test('Tab nests list items, and elsewhere moves focus out of the editor (no keyboard trap)', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  const editor = await app.startTyping();
  await page.keyboard.type('- first');
  await page.keyboard.press('Enter');
  await page.keyboard.type('second');
  await page.keyboard.press('Tab');
  await expect(editor.locator('ul ul li')).toHaveText('second');
  await expect(editor).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(editor.locator('ul ul')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('A plain paragraph');
  await page.keyboard.press('Tab');
  await expect(editor).not.toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(editor).toBeFocused();
});
