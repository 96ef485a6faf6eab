import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

/**
 * Holding Alt+← / Alt+→ changes the route every 10–33 ms: editors mount and unmount faster than
 * their storage opens. That must never raise the "Not saving" alarm — not for a moment, and not
 * 10 s later — and must lose nothing that was typed.
 */

const QUIET_MS = 12_000;

test('holding Alt+← / Alt+→ across pages never raises a false “Not saving” alarm', async ({ page, appUrl }) => {
  test.setTimeout(90_000);
  const app = new KindredApp(page);
  await app.open(appUrl);
  await app.recordSaveStates();

  // Several visited pages with text: three journal days, a person, the lists.
  const days = [0, -1, -2].map((d) => KindredApp.isoDate(d));
  for (const [i, day] of days.entries()) {
    await app.go(`#/day/${day}`);
    await app.startTyping();
    await page.keyboard.type(`Day ${i} text, kept through the storm.`);
    if (i === 0) {
      await page.keyboard.type(' With ');
      await app.mention('Robin Storm', { create: true });
    }
    await app.waitSaved();
  }
  await app.nav('Journal');
  await app.nav('People');
  await app.go(`#/day/${days[0]}`);
  await app.openPersonFromMention('Robin Storm');
  await app.nav('Today');
  await app.waitSaved();
  const historyLength = await page.evaluate(() => history.length);
  expect(historyLength).toBeGreaterThan(6);

  // Held keys: the browser's key repeat, back to back.
  for (let i = 0; i < 6; i++) await page.keyboard.press('Alt+ArrowLeft');
  for (let i = 0; i < 6; i++) await page.keyboard.press('Alt+ArrowRight');

  // And with the exact spacing of a held key (10–33 ms), timed inside the page.
  const changes = await page.evaluate(async () => {
    let routeChanges = 0;
    const count = (): void => void routeChanges++;
    window.addEventListener('hashchange', count);
    const gap = (): Promise<void> => new Promise((r) => setTimeout(r, 10 + Math.random() * 23));
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 6; i++) {
        history.back();
        await gap();
      }
      for (let i = 0; i < 6; i++) {
        history.forward();
        await gap();
      }
    }
    await gap();
    window.removeEventListener('hashchange', count);
    return routeChanges;
  });
  expect(changes, 'the storm really changed routes').toBeGreaterThan(20);

  // Settles on "Saved on this device"...
  await expect(app.saveState()).toHaveAttribute('data-state', 'saved');
  // ...and stays quiet for 12 s (the old failure appeared, permanently, after 10 s).
  const calmFrom = await page.evaluate(() => performance.now());
  await expect
    .poll(
      async () => {
        const states = await app.saveStates();
        const failed = states.find((s) => s.state === 'failed');
        if (failed) return `alarm: ${failed.text}`;
        const now = await page.evaluate(() => performance.now());
        return now - calmFrom >= QUIET_MS ? 'quiet' : 'waiting';
      },
      { timeout: QUIET_MS + 10_000, intervals: [250] },
    )
    .toBe('quiet');
  const states = await app.saveStates();
  expect(states.filter((s) => s.state === 'failed')).toEqual([]);
  await expect(app.saveState()).toHaveAttribute('data-state', 'saved');

  // Nothing typed was lost on the way.
  for (const [i, day] of days.entries()) {
    await app.go(`#/day/${day}`);
    await expect(app.editor()).toContainText(`Day ${i} text, kept through the storm.`);
  }
  await page.reload();
  await app.go(`#/day/${days[0]}`);
  await expect(app.mentionChip('Robin Storm')).toBeVisible();
});
