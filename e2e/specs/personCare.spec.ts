import type { Locator, Page } from '@playwright/test';
import { KindredApp } from '../pages/KindredApp';
import { expect, test } from '../support/fixtures';

/**
 * The caring parts of a person page: important dates, check-ins, interests, how we met,
 * follow-ups from checklist items, "to ask next time", and introductions.
 * The app clock is fixed to Monday 23 November 2026, noon, so dates read the same every run.
 */
const MONDAY_NOON = new Date(2026, 10, 23, 12, 0, 0);

test.beforeEach(({ webHost }) => {
  webHost.setClockOffset(MONDAY_NOON.getTime() - Date.now());
});

/** Writes "Lunch with @A and @B" in today's entry, creating each person. */
async function meet(app: KindredApp, ...names: string[]): Promise<void> {
  await app.startTyping();
  await app.page.keyboard.type('Lunch with ');
  for (const [i, name] of names.entries()) {
    if (i > 0) await app.page.keyboard.type('and ');
    await app.mention(name, { create: true });
  }
  await app.waitSaved();
}

async function openPerson(app: KindredApp, name: string): Promise<void> {
  await app.nav('People');
  await app.page.getByRole('list', { name: 'People' }).getByRole('link', { name: new RegExp(`^${name}\\b`) }).click();
  await expect(app.page.getByRole('textbox', { name: 'Name' })).toHaveValue(name);
}

function about(page: Page, name: string): Locator {
  return page.getByRole('region', { name: `About ${name}` });
}

async function addInterest(page: Page, tag: string): Promise<void> {
  const box = page.getByRole('combobox', { name: 'Add an interest' });
  await box.fill(tag);
  await box.press('Enter');
  await expect(page.getByRole('list', { name: 'Interests', exact: true }).getByText(tag, { exact: true })).toBeVisible();
}

test('dates with and without a year, a check-in cadence, interests from everyone’s tags, and how we met', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  await meet(app, 'Maria', 'Sam');

  await openPerson(app, 'Sam');
  await addInterest(page, 'Pottery');

  await openPerson(app, 'Maria');
  const panel = about(page, 'Maria');
  await expect(panel).toContainText('Last talked today (Nov 23, 2026)');

  // Important dates: typed as words, with or without a year; a bad one says why and saves nothing.
  const addDate = panel.getByRole('textbox', { name: 'Add a date' });
  await expect(addDate).toHaveAttribute('placeholder', 'birthday Mar 14, or wedding anniversary Jun 2 2019');
  await addDate.fill('birthday Mar 14');
  await addDate.press('Enter');
  await expect(addDate).toHaveValue('');
  await addDate.fill('wedding anniversary Jun 2 2019');
  await panel.getByRole('button', { name: 'Add date' }).click();
  const dates = panel.getByRole('list', { name: 'Important dates' }).getByRole('listitem');
  await expect(dates).toHaveCount(2);
  await expect(dates.nth(0)).toHaveText(/Birthday\s*Mar 14\s*in 111 days/);
  await expect(dates.nth(1)).toHaveText(/Wedding anniversary\s*Jun 2, 2019\s*in 191 days \(8 years\)/);

  await addDate.fill('Feb 30');
  await addDate.press('Enter');
  await expect(panel.getByRole('alert')).toHaveText('February has only 29 days.');
  await expect(addDate).toHaveValue('Feb 30');
  await expect(addDate).toHaveAttribute('aria-invalid', 'true');
  await expect(dates).toHaveCount(2);
  await addDate.fill('');
  await expect(panel.getByRole('alert')).toHaveCount(0);

  // Check in every …: off by default.
  const regularly = panel.getByRole('checkbox', { name: 'Check in regularly' });
  await expect(regularly).not.toBeChecked();
  await regularly.check();
  const cadence = panel.getByRole('group', { name: 'Check in every' });
  await cadence.getByRole('spinbutton').fill('2');
  await cadence.getByRole('combobox', { name: 'Unit' }).selectOption('months');
  await expect(panel).toContainText('Next check-in: Sat, Jan 23, 2027, in 61 days');

  // Interests: suggestions come from everyone's tags; Enter adds what is picked (or typed).
  const interest = panel.getByRole('combobox', { name: 'Add an interest' });
  await interest.fill('pot');
  await expect(interest).toHaveAttribute('aria-expanded', 'true');
  const suggestions = page.getByRole('listbox', { name: 'Interests others have' });
  await expect(suggestions.getByRole('option')).toHaveText(['Pottery']);
  await interest.press('ArrowDown');
  await expect(suggestions.getByRole('option', { name: 'Pottery' })).toHaveAttribute('aria-selected', 'true');
  await interest.press('Enter');
  await addInterest(page, 'jazz');
  await panel.getByRole('button', { name: 'Remove interest jazz' }).click();
  await expect(panel.getByRole('list', { name: 'Interests', exact: true }).getByRole('listitem')).toHaveText([/^Pottery\b/]);

  // How we met, and who introduced us.
  await panel.getByRole('textbox', { name: 'How we met' }).fill('At Ana’s birthday — we talked about bread for an hour.');
  await panel.getByRole('combobox', { name: 'Introduced by' }).selectOption({ label: 'Sam' });
  await expect(panel.getByRole('link', { name: 'Sam’s page' })).toBeVisible();

  // Removing a date says which one.
  await panel.getByRole('button', { name: 'Remove wedding anniversary Jun 2, 2019' }).click();
  await expect(dates).toHaveCount(1);

  // All of it is kept.
  await app.waitSaved();
  await page.reload();
  await expect(about(page, 'Maria')).toBeVisible();
  await expect(dates).toHaveText([/Birthday\s*Mar 14/]);
  await expect(regularly).toBeChecked();
  await expect(cadence.getByRole('spinbutton')).toHaveValue('2');
  await expect(panel.getByRole('list', { name: 'Interests', exact: true }).getByRole('listitem')).toHaveText([/^Pottery\b/]);
  await expect(panel.getByRole('textbox', { name: 'How we met' })).toHaveValue('At Ana’s birthday — we talked about bread for an hour.');
  await expect(panel.getByRole('combobox', { name: 'Introduced by' })).toHaveValue(/^person-/);
});

test('a checklist item mentioning someone is a follow-up on their page, dated from its words; ticking it ticks the note', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  await app.startTyping();
  await page.keyboard.type('[] send ');
  await app.mention('Maria', { create: true });
  await page.keyboard.type('the sourdough recipe next Tuesday');
  await app.waitSaved();
  await app.openPersonFromMention('Maria');

  const followUps = page.getByRole('region', { name: /^Follow-ups/ });
  const item = followUps.getByRole('listitem');
  await expect(item).toHaveCount(1);
  const text = 'send @Maria the sourdough recipe next Tuesday';
  await expect(item.getByRole('checkbox', { name: text })).not.toBeChecked();
  await expect(item).toContainText('due Tue, Dec 1');
  const due = item.getByLabel(`Due date for ${text}`);
  await expect(due).toHaveValue('2026-12-01');

  // The due date can be changed by hand, and set back to what the note says.
  await due.fill('2026-12-03');
  await expect(item).toContainText('due Thu, Dec 3');
  await item.getByRole('button', { name: `Use the date in the note for ${text}` }).click();
  await expect(item).toContainText('due Tue, Dec 1');
  await expect(due).toHaveValue('2026-12-01');

  await item.getByRole('checkbox', { name: text }).check();
  await expect(followUps.getByRole('status')).toContainText(`Ticked off “${text}” in the note.`);
  await expect(item).toHaveCount(0);
  await expect(followUps).toContainText('Nothing open. A checklist item that mentions Maria');

  await app.waitSaved();
  await app.nav('Today');
  await expect(page.locator('main li[role="checkbox"][aria-checked="true"]')).toHaveCount(1);
  await expect(page.locator('main li[role="checkbox"][aria-checked="true"]')).toContainText('the sourdough recipe next Tuesday');
});

test('what to ask next time, from the latest conversation note, shows on their page', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  await meet(app, 'Maria');
  await app.openPersonFromMention('Maria');
  await expect(page.getByRole('region', { name: 'To ask next time' })).toHaveCount(0);

  await about(page, 'Maria').getByRole('button', { name: 'Log a check-in' }).click();
  await expect(page).toHaveURL(/#\/note\//);
  await page.getByText('What to ask next time?').click();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.type('How did the Lisbon interview go?');
  await app.waitSaved();

  await app.openPersonFromMention('Maria');
  const ask = page.getByRole('region', { name: 'To ask next time' });
  await expect(ask.getByRole('listitem')).toHaveText(['How did the Lisbon interview go?']);
  await expect(ask.getByRole('link', { name: /your conversation note, Nov 23, 2026/ })).toBeVisible();
});

test('introducing two people writes a dated note listed on both pages, suggested by a shared interest', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  await meet(app, 'Maria', 'Sam');
  await openPerson(app, 'Sam');
  await addInterest(page, 'pottery');
  await openPerson(app, 'Maria');
  await addInterest(page, 'pottery');

  const intros = page.getByRole('region', { name: /^Introductions/ });
  await expect(intros).toContainText('You know two people who love pottery: Maria and Sam.');

  // The suggestion preselects Sam; Escape closes the dialog and gives focus back.
  const suggestion = intros.getByRole('button', { name: 'Introduce Maria to Sam' });
  await suggestion.click();
  const dialog = page.getByRole('dialog', { name: 'Introduce Maria to…' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('combobox', { name: 'Who' })).toHaveValue(/^person-/);
  await expect(dialog.getByRole('combobox', { name: 'Who' }).locator('option:checked')).toHaveText('Sam — both love pottery');
  await expect(dialog.getByRole('textbox', { name: 'Why would they enjoy each other?' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(suggestion).toBeFocused();

  await intros.getByRole('button', { name: 'Introduce…' }).click();
  await expect(dialog.getByRole('combobox', { name: 'Who' })).toBeFocused();
  await dialog.getByRole('combobox', { name: 'Who' }).selectOption({ label: 'Sam — both love pottery' });
  await dialog.getByRole('textbox', { name: 'Why would they enjoy each other?' }).fill('Both throw pots and love long walks');
  await expect(dialog.getByRole('checkbox', { name: 'Remind me to ask how it went in 2 weeks' })).toBeChecked();
  await dialog.getByRole('button', { name: 'Create introduction' }).click();

  await expect(page).toHaveURL(/#\/note\//);
  await expect(app.editor()).toContainText('Introduced @Maria and @Sam.');
  await expect(app.editor()).toContainText('Why they’d enjoy each other: Both throw pots and love long walks');
  await expect(page.locator('main li[role="checkbox"][aria-checked="false"]')).toContainText('how it went in 2 weeks');
  await app.waitSaved();

  await openPerson(app, 'Maria');
  const entry = intros.getByRole('listitem');
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('Introduced to Sam');
  await expect(entry).toContainText('Nov 23, 2026');
  await expect(entry).toContainText('Both throw pots and love long walks');
  await expect(intros).not.toContainText('You know two people'); // already introduced
  await expect(page.getByRole('region', { name: /^Follow-ups/ }).getByRole('listitem')).toContainText(
    'Ask @Maria and @Sam how it went in 2 weeks',
  );
  await expect(page.getByRole('region', { name: /^Follow-ups/ }).getByRole('listitem')).toContainText('due Mon, Dec 7');

  await openPerson(app, 'Sam');
  await expect(intros.getByRole('listitem')).toContainText('Introduced to Maria');
  await entry.getByRole('link').click();
  await expect(page).toHaveURL(/#\/note\//);
});
