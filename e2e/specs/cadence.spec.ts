import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

/**
 * The check-in journey from the issue: a 2-week cadence, a conversation resets it, three weeks
 * later it is due and first in Reach out, and a mention marked "talked about, not with" does
 * not reset it. Time moves through the host's clock (the page reads it when it loads).
 */
const DAY0 = new Date(2026, 10, 2, 12, 0, 0); // Monday 2 Nov 2026, noon
const at = (days: number): number => new Date(DAY0.getFullYear(), DAY0.getMonth(), DAY0.getDate() + days, 12).getTime();

test('check-ins: contact resets the cadence, "talked about" does not, the most overdue comes first', async ({ page, appUrl, webHost }) => {
  const app = new KindredApp(page);
  const moveTo = async (days: number): Promise<void> => {
    webHost.setClockOffset(at(days) - Date.now());
    await page.reload();
    await expect(app.heading()).toBeVisible();
  };
  const checkIns = () => app.reachOutSection('Check in').getByRole('listitem');
  const setCadence = async (name: string, every: string, unit: string): Promise<void> => {
    await app.page.getByRole('main').getByRole('link', { name: `@${name}` }).first().click();
    await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue(name);
    await page.getByRole('checkbox', { name: 'Check in regularly' }).check();
    await page.getByRole('combobox', { name: 'Unit' }).selectOption(unit);
    await page.getByRole('spinbutton', { name: /^Number of/ }).fill(every);
    await app.waitSaved();
    await page.goBack();
  };

  // Day 0: lunch with Sam and Ana; Sam every 2 weeks, Ana every week.
  webHost.setClockOffset(at(0) - Date.now());
  await app.open(appUrl);
  await app.startTyping();
  await page.keyboard.type('Lunch with ');
  await app.mention('Sam', { create: true });
  await page.keyboard.type('and ');
  await app.mention('Ana', { create: true });
  await app.waitSaved();
  await setCadence('Sam', '2', 'weeks');
  await setCadence('Ana', '1', 'weeks');
  await app.openReachOut();
  await expect(page.getByText('Nothing to reach out about today.')).toBeVisible();

  // Day 14: a check-in with Ana (a conversation note that mentions her) resets hers.
  await moveTo(14);
  await app.openReachOut();
  await checkIns().filter({ hasText: 'Ana' }).getByRole('button', { name: 'Log a check-in with Ana' }).click();
  await expect(app.mentionChip('Ana')).toBeVisible();
  await page.keyboard.type('she is moving to Porto');
  await app.waitSaved();

  // Day 21: Sam is a week overdue and comes first; Ana is due today.
  await moveTo(21);
  await app.openReachOut();
  await expect(checkIns()).toHaveCount(2);
  await expect(checkIns().nth(0)).toContainText('Sam');
  await expect(checkIns().nth(0)).toContainText('7 days overdue, last talked 3 weeks ago');
  await expect(checkIns().nth(1)).toContainText('Ana');

  // Writing *about* Sam (not with him) does not count as contact…
  await app.nav('Today');
  await app.startTyping();
  await page.keyboard.type('Ana told me ');
  await app.mention('Sam');
  await page.keyboard.press('Alt+a');
  await expect(page.getByRole('button', { name: 'Talked about Sam, not with them' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.type('got the job.');
  await app.waitSaved();
  await app.openReachOut();
  await expect(checkIns().nth(0)).toContainText('Sam');

  // …but once it is marked as a conversation *with* him, his check-in is done.
  await app.nav('Today');
  await app.mentionChip('Sam').hover(); // the toggle shows over a mention on hover
  await page.getByRole('button', { name: 'Talked about Sam, not with them' }).click();
  await expect(page.getByRole('button', { name: 'Talked about Sam, not with them' })).toHaveAttribute('aria-pressed', 'false');
  await app.waitSaved();
  await app.openReachOut();
  await expect(checkIns()).toHaveCount(1);
  await expect(checkIns().first()).toContainText('Ana');
});
