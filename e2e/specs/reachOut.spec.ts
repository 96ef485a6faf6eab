import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

/** "Tue, Nov 24": how Reach out writes a day (en-US, as the tests run). */
function shortDay(at: Date): string {
  return at.toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric' });
}

const FOLLOW_UP = 'call @Sam about the pottery class tomorrow';

/** Today's journal entry gets "[ ] call @Sam about the pottery class tomorrow" (Sam is new). */
async function writeFollowUp(app: KindredApp): Promise<void> {
  await app.startTyping();
  await app.page.keyboard.type('[] call ');
  await app.mention('Sam', { create: true });
  await app.page.keyboard.type('about the pottery class tomorrow');
  await app.waitSaved();
}

test.describe('Reach out', () => {
  test('a follow-up written in the journal shows under Follow-ups, and Done ticks it in the note', async ({ page, appUrl }) => {
    const app = new KindredApp(page);
    await app.open(appUrl, '#/reach-out');
    await expect(app.heading()).toHaveText('Reach out');
    await expect(page.getByText('Nothing to reach out about today.')).toBeVisible();

    await app.nav('Today');
    await writeFollowUp(app);

    await app.openReachOut();
    const followUps = app.reachOutSection('Follow-ups');
    const item = followUps.getByRole('listitem');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(FOLLOW_UP);
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    await expect(item).toContainText(`due tomorrow, ${shortDay(tomorrow)}`);
    await expect(item.getByRole('link', { name: 'Sam', exact: true })).toHaveAttribute('href', /^#\/person\//);
    await expect(item.getByRole('link', { name: /^your journal/ })).toHaveAttribute('href', /^#\/day\//);
    // Nothing is due today yet: no count beside the heading or in the sidebar.
    await expect(app.reachOutLink()).toHaveAccessibleName('Reach out');

    await item.getByRole('button', { name: `Done, “${FOLLOW_UP}”` }).click();
    await expect(page.getByText('Nothing to reach out about today.')).toBeVisible();
    await app.waitSaved();

    await app.nav('Today');
    await expect(app.editor().locator('li[role="checkbox"]')).toHaveAttribute('aria-checked', 'true');
  });

  test('a snoozed follow-up keeps its new date when its words are edited', async ({ page, appUrl }) => {
    const app = new KindredApp(page);
    await app.open(appUrl);
    await writeFollowUp(app);
    await app.openReachOut();
    const item = app.reachOutSection('Follow-ups').getByRole('listitem');
    await expect(item).toContainText(FOLLOW_UP);
    await item.getByRole('button', { name: `Snooze 1 week, “${FOLLOW_UP}”` }).click();
    const inAWeek = new Date();
    inAWeek.setDate(inAWeek.getDate() + 7);
    await expect(item).toContainText(shortDay(inAWeek));
    await app.waitSaved();

    // Change the item's words (the caret lands at its end): the date set by hand stays with it.
    await app.nav('Today');
    await app.startTyping();
    await page.keyboard.type(', with the glaze list');
    await app.waitSaved();
    await app.openReachOut();
    await expect(item).toContainText(`${FOLLOW_UP}, with the glaze list`);
    await expect(item).toContainText(shortDay(inAWeek));
    await page.reload();
    await expect(item).toContainText(`${FOLLOW_UP}, with the glaze list`);
    await expect(item).toContainText(shortDay(inAWeek));
  });

  test('a check-in comes due, and "Log a check-in" opens a note with them', async ({ page, appUrl, webHost }) => {
    const app = new KindredApp(page);
    await app.open(appUrl, '#/today');
    await app.startTyping();
    await page.keyboard.type('Coffee with ');
    await app.mention('Sam', { create: true });
    await app.waitSaved();
    await app.openPersonFromMention('Sam');

    // The person page's "check in regularly" controls (the care panel).
    await page.getByRole('checkbox', { name: 'Check in regularly' }).check();
    await page.getByRole('combobox', { name: 'Unit' }).selectOption('days');
    await page.getByRole('spinbutton', { name: /^Number of/ }).fill('2');
    // …and a birthday a week from now.
    const birthday = KindredApp.localTime(7, 12);
    const born = birthday.getFullYear() - 40;
    const month = birthday.toLocaleDateString('en-US', { month: 'short' });
    await page.getByRole('textbox', { name: 'Add a date' }).fill(`birthday ${month} ${birthday.getDate()}, ${born}`);
    await page.getByRole('button', { name: 'Add date' }).click();
    await app.waitSaved();

    // Five days later, at noon: due three days ago.
    webHost.setClockOffset(KindredApp.localTime(5, 12).getTime() - Date.now());
    await page.reload();
    await expect(app.reachOutLink()).toHaveAccessibleName('Reach out, 1 due today');
    await app.openReachOut();
    await expect(app.heading()).toHaveText('Reach out · 1 due today');
    const checkIn = app.reachOutSection('Check in').getByRole('listitem');
    await expect(checkIn).toHaveCount(1);
    await expect(checkIn).toContainText('3 days overdue, last talked 5 days ago');
    await expect(checkIn.getByRole('button', { name: 'Snooze 1 week, check-in with Sam' })).toBeVisible();
    await expect(checkIn.getByRole('button', { name: 'Snooze 1 month, check-in with Sam' })).toBeVisible();

    const date = app.reachOutSection('Dates coming up').getByRole('listitem');
    await expect(date).toContainText(`Sam’s birthday — ${shortDay(birthday)} (in 2 days), turns 40`);
    await date.getByRole('button', { name: 'Done, Sam’s birthday' }).click();
    await expect(app.reachOutSection('Dates coming up')).toContainText('No birthdays or special days in the next 30 days.');

    await checkIn.getByRole('button', { name: 'Log a check-in with Sam' }).click();
    await expect(page).toHaveURL(/#\/note\//);
    await expect(app.mentionChip('Sam')).toBeVisible();
    await expect(app.editor()).toBeFocused();
    await page.keyboard.type('we talked about the kiln');
    await app.waitSaved();

    // Talking resets the cadence: nothing is due any more.
    await app.openReachOut();
    await expect(app.heading()).toHaveText('Reach out');
    await expect(page.getByText('Nothing to reach out about today.')).toBeVisible();
  });

  test('the daily reminder comes once, as a banner in the browser, and opens Reach out', async ({ page, appUrl, webHost }) => {
    const app = new KindredApp(page);
    webHost.setClockOffset(KindredApp.localTime(0, 10).getTime() - Date.now());
    await app.open(appUrl, '#/today');
    await writeFollowUp(app);

    await app.openReachOut();
    const daily = page.getByRole('checkbox', { name: 'Daily reminder' });
    await expect(daily).toBeChecked();
    await page.getByLabel('Remind me at').fill('09:30');
    await expect(page.getByRole('checkbox', { name: 'Offer listening prompts in new conversation notes' })).toBeChecked();
    await app.waitSaved();
    await expect(app.banners()).toHaveCount(0); // nothing is due today

    // The next morning at 10:00, half an hour after the chosen time: one reminder.
    webHost.setClockOffset(KindredApp.localTime(1, 10).getTime() - Date.now());
    await app.open(appUrl, '#/today');
    const banner = app.banners();
    await expect(banner).toHaveCount(1);
    await expect(banner).toContainText('Keeping in touch today');
    await expect(banner).toContainText('Today: 1 follow-up');
    await expect(app.reachOutLink()).toHaveAccessibleName('Reach out, 1 due today');
    await banner.getByRole('button', { name: 'Open Reach out' }).click();
    await expect(page).toHaveURL(/#\/reach-out$/);
    await expect(app.heading()).toHaveText('Reach out · 1 due today');
    await expect(app.reachOutSection('Follow-ups')).toContainText('due today');
    await expect(app.banners()).toHaveCount(0);

    // Reloading the same day does not remind again.
    await page.reload();
    await expect(app.heading()).toHaveText('Reach out · 1 due today');
    await page.waitForTimeout(1_000);
    await expect(app.banners()).toHaveCount(0);
  });
});
