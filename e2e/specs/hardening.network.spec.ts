import { KindredApp } from '../pages/KindredApp';
import { expect, leavesThisMachine, test } from '../support/fixtures';

/**
 * The network guard (e2e/support/fixtures.ts) must catch a request to another host, or its
 * silence in every other spec proves nothing. Nothing here reaches the internet: the guard aborts
 * foreign requests before they are sent. The pages below are about:blank (no CSP), because the
 * app's own CSP (connect-src 'self') would stop such a fetch before the network was asked.
 */

test('the guard knows which URLs leave this machine', () => {
  expect(leavesThisMachine('https://example.com/')).toBe(true);
  expect(leavesThisMachine('wss://example.com/socket')).toBe(true);
  expect(leavesThisMachine('http://127.0.0.1.example.com/')).toBe(true);
  expect(leavesThisMachine('http://127.0.0.1:5233/assets/app.js')).toBe(false);
  expect(leavesThisMachine('ws://localhost:5233/host')).toBe(false);
  expect(leavesThisMachine('http://[::1]:5233/')).toBe(false);
  expect(leavesThisMachine('ws://127.0.0.2:9/')).toBe(true); // loopback, but not the app's address
  expect(leavesThisMachine('data:text/plain,hi')).toBe(false);
  expect(leavesThisMachine('about:blank')).toBe(false);
});

test('a fetch, an image and a WebSocket to another host are recorded (fetch and image never sent)', async ({ page, networkGuard }) => {
  await page.goto('about:blank');
  const outcome = await page.evaluate(async () => {
    try {
      await fetch('https://example.com/tracker');
      return 'reached the network';
    } catch {
      return 'refused';
    }
  });
  expect(outcome).toBe('refused');
  await page.setContent('<img src="https://fonts.example.net/font.png" alt="">');
  // 127.0.0.2 is this machine too (nothing leaves it, port 9 is closed), but not an address the
  // app may use: enough to see that a WebSocket to a host other than 127.0.0.1 is caught.
  await page.evaluate(() => void new WebSocket('ws://127.0.0.2:9/socket'));
  await expect
    .poll(() => [...networkGuard.blocked].sort())
    .toEqual(['https://example.com/tracker', 'https://fonts.example.net/font.png', 'ws://127.0.0.2:9/socket']);
  // Checked on purpose: this test must not fail at teardown.
  networkGuard.forgive();
});

test('a test whose page asks another host fails at teardown', async ({ page }) => {
  // Expected to fail: the only thing that can fail here is the guard's check after the test.
  test.fail();
  await page.goto('about:blank');
  await page.evaluate(() => fetch('https://example.com/').catch(() => undefined));
});

test('the app asks nothing of any other host while it opens and a note is written', async ({ page, appUrl, networkGuard }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  await app.startTyping();
  await page.keyboard.type('Lunch menu at https://example.com/menu, mail ana@example.com ');
  await app.waitSaved();
  // Reload: fonts, icons, styles and the host link are all fetched again from the start.
  await page.reload();
  await expect(app.editor()).toContainText('Lunch menu at https://example.com/menu');
  expect(networkGuard.blocked).toEqual([]);
});
