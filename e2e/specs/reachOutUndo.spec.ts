import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

/** "Tue, Nov 24": how Reach out writes a day (en-US, as the tests run). */
function shortDay(at: Date): string {
  return at.toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric' });
}

/**
 * Undo on Reach out: after Done or Snooze the status line says what happened, with an Undo
 * button (keyboard-reachable, also Ctrl/Cmd+Z) for about ten seconds; Undo restores exactly the
 * state before — the check-in due again, the birthday back, the follow-up unticked in its note.
 */
test('Done and Snooze on Reach out can be undone', async ({ page, webHost }) => {
  const app = new KindredApp(page);
  await app.open(webHost.url, '#/today');
  await app.startTyping();
  await page.keyboard.type('Coffee with ');
  await app.mention('Sam', { create: true });
  await page.keyboard.press('Enter');
  await page.keyboard.type('[] send ');
  await app.mention('Sam');
  await page.keyboard.type('the recipe tomorrow');
  await app.waitSaved();
  await app.openPersonFromMention('Sam');
  await page.getByRole('checkbox', { name: 'Check in regularly' }).check();
  await page.getByRole('combobox', { name: 'Unit' }).selectOption('days');
  await page.getByRole('spinbutton', { name: /^Number of/ }).fill('2');
  const birthday = KindredApp.localTime(7, 12);
  const month = birthday.toLocaleDateString('en-US', { month: 'short' });
  await page.getByRole('textbox', { name: 'Add a date' }).fill(`birthday ${month} ${birthday.getDate()}`);
  await page.getByRole('button', { name: 'Add date' }).click();
  await app.waitSaved();

  // Five days later: the check-in is overdue, the birthday is in two days, the follow-up overdue.
  webHost.setClockOffset(KindredApp.localTime(5, 12).getTime() - Date.now());
  await page.reload();
  await app.openReachOut();
  const status = page.locator('.reach-status');
  await expect(status).toHaveRole('status');
  const undo = status.getByRole('button', { name: 'Undo' });
  const checkIn = app.reachOutSection('Check in').getByRole('listitem');
  await expect(checkIn).toHaveCount(1);

  // Done on the check-in, then Undo from the keyboard (the button is in the tab order).
  await checkIn.getByRole('button', { name: 'Done, checked in with Sam' }).click();
  await expect(checkIn).toHaveCount(0);
  await expect(status).toHaveText('Marked done for Sam. Undo');
  await undo.focus();
  await expect(undo).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(status).toHaveText('The check-in with Sam is back.');
  await expect(checkIn).toHaveCount(1);
  await expect(checkIn).toContainText('3 days overdue');

  // Snooze, then Ctrl/Cmd+Z.
  await checkIn.getByRole('button', { name: 'Snooze 1 week, check-in with Sam' }).click();
  const inAWeek = KindredApp.localTime(12, 12);
  await expect(status).toHaveText(`Snoozed until ${shortDay(inAWeek)}. Undo`);
  await expect(checkIn).toHaveCount(0);
  await page.locator('body').press('ControlOrMeta+z');
  await expect(checkIn).toHaveCount(1);

  // The birthday set aside, then back.
  const date = app.reachOutSection('Dates coming up').getByRole('listitem');
  await date.getByRole('button', { name: 'Done, Sam’s birthday' }).click();
  await expect(date).toHaveCount(0);
  await undo.click();
  await expect(status).toHaveText('Sam’s birthday is back.');
  await expect(date).toHaveCount(1);

  // The follow-up ticked, then unticked in its note.
  const followUp = app.reachOutSection('Follow-ups').getByRole('listitem');
  await expect(followUp).toHaveCount(1);
  await followUp.getByRole('button', { name: /^Done, / }).click();
  await expect(followUp).toHaveCount(0);
  await expect(status).toContainText('ticked in its note');
  await undo.click();
  await expect(status).toContainText('is open again');
  await expect(followUp).toHaveCount(1);
  await app.waitSaved();

  // What was undone stays undone after a reload (it was written, not just shown).
  await page.reload();
  await expect(app.reachOutSection('Check in').getByRole('listitem')).toHaveCount(1);
  await expect(app.reachOutSection('Dates coming up').getByRole('listitem')).toHaveCount(1);
  await expect(app.reachOutSection('Follow-ups').getByRole('listitem')).toHaveCount(1);

  // The offer to undo goes away after about ten seconds; the message stays.
  await app.reachOutSection('Dates coming up').getByRole('button', { name: 'Done, Sam’s birthday' }).click();
  await expect(undo).toBeVisible();
  await expect(undo).toBeHidden({ timeout: 15_000 });
  await expect(status).toHaveText('Sam’s birthday set aside until next time.');
});
