import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

/**
 * "Saving…" tells the truth (issue 14): it shows only while something the user did is not yet on
 * disk. Opening pages that already exist — after a reload, so every doc loads from the offline
 * copy and the store — is not a write and must never show it, not even for a frame. Typing must.
 */
test('opening existing pages never shows “Saving…”; typing does, then “Saved”', async ({ page, appUrl }) => {
  test.setTimeout(90_000);
  const app = new KindredApp(page);
  await app.open(appUrl);

  // Pages with text: three days and a person.
  const days = [0, -1, -2].map((d) => KindredApp.isoDate(d));
  for (const [i, day] of days.entries()) {
    await app.openDay(day);
    await app.startTyping();
    await page.keyboard.type(`Written on day ${i}.`);
    if (i === 0) {
      await page.keyboard.type(' Met ');
      await app.mention('Quinn Truth', { create: true });
    }
    await app.waitSaved();
  }

  // A new document: every page now opens as an existing page.
  await app.recordSaveStates();
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  for (const day of [...days, ...days]) {
    const editor = await app.openDay(day);
    await expect(editor).toContainText('Written on day');
  }
  await app.openDay(days[0]!);
  await app.openPersonFromMention('Quinn Truth');
  await app.nav('Journal');
  await app.nav('People');
  await app.openDay(days[0]!);
  // Every update the window saw (loads included) has been judged: a stray write would have shown.
  await app.waitSaved();
  const opened = await app.saveStates();
  // 'absent': before the app has rendered its sidebar.
  expect(opened.filter((s) => s.state !== 'saved' && s.state !== 'absent'), JSON.stringify(opened)).toEqual([]);

  // The recorder does see "Saving…" when the user types (so the check above can fail).
  await app.startTyping();
  await page.keyboard.type(' And one more line.');
  await app.waitSaved();
  const typed = await app.saveStates();
  expect(typed.map((s) => s.state)).toContain('saving');
  expect(typed.at(-1)?.state).toBe('saved');
});
