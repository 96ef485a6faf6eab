import type { Page } from '@playwright/test';
import { KindredApp } from '../pages/KindredApp';
import { expect, test } from '../support/fixtures';

/**
 * Hostile and careless input (issue 15, items 3 and 8): no input freezes the editor or a field,
 * errors quote only a short excerpt, cut pastes are announced, and pasted HTML cannot forge a
 * mention of someone who is not in the journal.
 */

/**
 * Starts recording how long the page spends handling input events (Event Timing API: every
 * event whose handling and next paint took ≥ 16 ms is reported with its processing span).
 */
async function recordSlowEvents(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __slowEvents: { name: string; processing: number; duration: number }[]; __observing?: boolean };
    w.__slowEvents = [];
    // One observer for the page's life (a second one would report every event twice).
    if (w.__observing) return;
    w.__observing = true;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as PerformanceEventTiming[]) {
        w.__slowEvents.push({ name: e.name, processing: e.processingEnd - e.processingStart, duration: e.duration });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit);
  });
}

async function slowEvents(page: Page): Promise<{ name: string; processing: number; duration: number }[]> {
  // Entries are delivered after the next frame: wait for two, so the last key's are in.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => (window as unknown as { __slowEvents: { name: string; processing: number; duration: number }[] }).__slowEvents);
}

test('typing after a 50,000-character unbroken word: every keystroke is handled in under 50 ms', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  const editor = await app.startTyping();
  expect(await page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('event'))).toBe(true);

  // One paste-like insertion of the whole word (the autolink matchers then see 50k characters).
  const word = 'a'.repeat(50_000);
  await page.keyboard.insertText(word);
  await expect.poll(() => editor.evaluate((el) => el.textContent?.length ?? 0), { timeout: 30_000 }).toBeGreaterThanOrEqual(50_000);
  await app.waitSaved();

  // Keystrokes at the end of the word: each one re-runs every matcher over the whole text node.
  // Up to three passes, judged by the best one: another process on the 2 cores only ever adds
  // time, while a quadratic matcher is slow in every pass (as in the unit tests' `fastest`).
  let typed = '';
  let best: { median: number; worst: number; events: unknown } | null = null;
  for (let pass = 0; pass < 3 && !(best && best.worst < 50); pass++) {
    await recordSlowEvents(page);
    for (const key of ['x', '@', 'b', '.', 'c', 'o']) await page.keyboard.press(key);
    typed += 'x@b.co';
    await expect.poll(() => editor.evaluate((el, t) => el.textContent?.endsWith(t) ?? false, typed)).toBe(true);
    const events = await slowEvents(page);
    // Per keystroke: the handling time of all its events (keydown … input, keyup), grouped from
    // each keydown. With the old autolink patterns keystrokes here took 55–390 ms (the "@" one the
    // longest); now ~15–25 ms alone, up to ~45 ms with another test on the 2 cores.
    const perKey: number[] = [];
    for (const e of events) {
      if (e.name === 'keydown' || perKey.length === 0) perKey.push(0);
      if (/^key|input/.test(e.name)) perKey[perKey.length - 1]! += e.processing;
    }
    const sorted = [...perKey].sort((a, b) => a - b);
    const median = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
    const worst = sorted.length ? sorted[sorted.length - 1]! : 0;
    if (!best || worst < best.worst) best = { median, worst, events };
  }
  test.info().annotations.push({ type: 'keystroke handling (ms)', description: `median ${best!.median.toFixed(1)}, worst ${best!.worst.toFixed(1)}` });
  expect(best!.worst, JSON.stringify(best!.events)).toBeLessThan(50);
});

test('a 20,000-comma date label is answered at once with a short error; a cut paste is announced', async ({ page, appUrl, context }) => {
  const app = new KindredApp(page);
  await app.open(appUrl, '#/people');
  const filter = page.getByRole('searchbox', { name: 'Filter people' });
  await filter.fill('Maria');
  await page.getByRole('button', { name: 'Add “Maria”' }).click();
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Maria');

  const addDate = page.getByRole('textbox', { name: 'Add a date' });
  const commas = `${','.repeat(20_000)} Mar 14`;
  // The whole 20,000 commas set as the field's value (bypassing maxLength, as a script or an
  // older build could): reading it must still be instant, and the error short.
  await addDate.evaluate((el, value) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, commas);
  await expect.poll(() => addDate.inputValue().then((v) => v.length)).toBe(commas.length);
  const ms = await page.evaluate(() => {
    const button = document.querySelector<HTMLButtonElement>('button[aria-label="Add date"]')!;
    const start = performance.now();
    button.click(); // React runs the handler (and the parse) synchronously inside the click
    return performance.now() - start;
  });
  test.info().annotations.push({ type: 'date entry of 20,000 commas handled in (ms)', description: ms.toFixed(1) });
  expect(ms).toBeLessThan(50);
  const error = page.locator('.care-dates .inline-error[role="alert"]');
  await expect(error).toBeVisible();
  const text = (await error.textContent()) ?? '';
  expect(text.length).toBeLessThanOrEqual(160);
  await expect(page.getByRole('list', { name: 'Important dates' })).toHaveCount(0); // nothing saved

  // Pasted from the clipboard: the field keeps what fits and says so.
  await addDate.fill('');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), commas);
  await addDate.focus();
  await page.keyboard.press('ControlOrMeta+V');
  await expect(page.getByRole('status').filter({ hasText: 'The pasted text was cut to fit' })).toBeVisible();
  expect((await addDate.inputValue()).length).toBeLessThanOrEqual(200);
});

test('pasted HTML becomes a mention only for someone in the journal', async ({ page, appUrl }) => {
  const app = new KindredApp(page);
  await app.open(appUrl);
  await app.startTyping();
  await page.keyboard.type('Lunch with ');
  await app.mention('Ana', { create: true });
  await app.waitSaved();
  const anaId = await app.mentionChip('Ana').first().getAttribute('data-person-id');
  expect(anaId).toBeTruthy();

  const paste = (html: string, text: string) =>
    page.evaluate(
      ({ html, text }) => {
        const data = new DataTransfer();
        data.setData('text/html', html);
        data.setData('text/plain', text);
        const target = document.querySelector('main [contenteditable="true"]')!;
        target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      },
      { html, text },
    );

  await page.keyboard.press('ControlOrMeta+End');
  await paste('<p>then <span data-kindred-person="person-forged-0001">@Mallory</span> arrived</p>', 'then @Mallory arrived');
  await expect(app.editor()).toContainText('then @Mallory arrived');
  await expect(page.locator('main a.mention')).toHaveCount(1); // only Ana's
  await expect(page.locator('main a.mention[data-person-id="person-forged-0001"]')).toHaveCount(0);

  await paste(`<p>and <span data-kindred-person="${anaId}">@Ana</span> again</p>`, 'and @Ana again');
  await expect(page.locator(`main a.mention[data-person-id="${anaId}"]`)).toHaveCount(2);
});
