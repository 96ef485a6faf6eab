import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';

/**
 * Two windows of one host are two live replicas of the same store: what one types appears in the
 * other without a reload, and when both type at once neither loses a word.
 */

/** How long "live" may take: a round trip through the host, far below a reload. */
const LIVE_MS = 3_000;

/** Both editors show the same text, and it holds every phrase. */
async function expectConverged(a: KindredApp, b: KindredApp, phrases: string[]): Promise<void> {
  for (const app of [a, b]) {
    for (const phrase of phrases) await expect(app.editor()).toContainText(phrase, { timeout: LIVE_MS });
  }
  await expect.poll(async () => (await a.text()) === (await b.text()), { timeout: LIVE_MS }).toBe(true);
}

for (const windows of ['two tabs of one browser', 'two browsers (no shared cache)'] as const) {
  test(`${windows} on the same day see each other’s typing live, and neither loses a word`, async ({ context, browser, appUrl }) => {
    // Tabs share the browser's IndexedDB cache; separate browser contexts share nothing but the host.
    const other = windows === 'two tabs of one browser' ? context : await browser.newContext({ locale: 'en-US' });
    const a = new KindredApp(await context.newPage());
    const b = new KindredApp(await other.newPage());
    await a.open(appUrl);
    await b.open(appUrl);
    await expect(a.editor()).toBeVisible();
    await expect(b.editor()).toBeVisible();

    // Interleaved: one writes, the other sees it, then answers on a line of its own.
    const turns: [KindredApp, string][] = [
      [a, 'Alpha wrote about the garden.'],
      [b, 'Bravo added the seed order.'],
      [a, 'Alpha again: tomatoes by the wall.'],
      [b, 'Bravo again: basil on the sill.'],
    ];
    const written: string[] = [];
    for (const [app, line] of turns) {
      await app.startTyping('end');
      if (written.length > 0) await app.page.keyboard.press('Enter');
      await app.page.keyboard.type(line);
      written.push(line);
      const other = app === a ? b : a;
      await expect(other.editor()).toContainText(line, { timeout: LIVE_MS });
    }
    await expectConverged(a, b, written);

    // Simultaneously: one types at the top, the other at the bottom, at the same moment.
    const top = 'Top line typed in window one while the other typed too.';
    const bottom = 'Bottom line typed in window two at the very same time.';
    await a.startTyping('start');
    await b.startTyping('end');
    await b.page.keyboard.press('Enter');
    const caretAfterEnter = await caretParagraph(b);
    await Promise.all([a.page.keyboard.type(`${top} `, { delay: 15 }), b.page.keyboard.type(bottom, { delay: 15 })]);
    await expectConverged(a, b, [...written, top, bottom]);
    // Each writer's lines keep their order: window two's new line stays below its earlier ones —
    // when its Enter really was on the last line. (If window one's previous paragraph was still
    // arriving when window two pressed Ctrl+End, the caret ends up above it; that is a race of the
    // test's own steps, seen in ~2 of 15 runs, and nothing is lost either way: checked above.)
    const lines = lineList(await a.text());
    const belowEarlier = lines.findIndex((l) => l.startsWith(bottom)) > lines.findIndex((l) => l.startsWith('Bravo again'));
    if (caretAfterEnter.index === caretAfterEnter.count - 1) {
      expect(belowEarlier, `window two's new last line is below its previous last line, in:\n${lines.join('\n')}`).toBe(true);
    } else {
      test.info().annotations.push({
        type: 'caret not on the last line after Enter',
        description: `paragraph ${caretAfterEnter.index + 1} of ${caretAfterEnter.count}; new line ${belowEarlier ? 'below' : 'above'} the earlier one`,
      });
    }

    // Both type into the same line at once: the merge may interleave the two runs, but every
    // character of each survives, in its writer's order (one writes capitals, the other small letters).
    const lastBefore = lineList(await a.text()).pop() ?? '';
    await a.startTyping('end');
    await b.startTyping('end');
    const upper = 'CAPITALS';
    const lower = 'smallones';
    await Promise.all([a.page.keyboard.type(upper, { delay: 20 }), b.page.keyboard.type(lower, { delay: 20 })]);
    await expect.poll(async () => (await a.text()) === (await b.text()), { timeout: LIVE_MS }).toBe(true);
    const whole = await a.text();
    const lastLine = lineList(whole).pop() ?? '';
    expect(lastLine.startsWith(lastBefore), `the last line still starts with "${lastBefore}", in:\n${whole}`).toBe(true);
    const added = lastLine.slice(lastBefore.length);
    expect(added.replace(/[^A-Z]/g, ''), `capitals kept, in order, in "${added}"`).toBe(upper);
    expect(added.replace(/[^a-z]/g, ''), `small letters kept, in order, in "${added}"`).toBe(lower);
    expect(added.length).toBe(upper.length + lower.length);

    await a.waitSaved();
    await b.waitSaved();
    const merged = await a.text();

    // A reload of either shows the merged text.
    await b.page.reload();
    await expect(b.editor()).toBeVisible();
    await expect.poll(() => b.text()).toBe(merged);
    await a.page.reload();
    await expect(a.editor()).toBeVisible();
    await expect.poll(() => a.text()).toBe(merged);

    // And a window that opens the day later (another tab) gets the same text.
    const c = new KindredApp(await context.newPage());
    await c.open(appUrl);
    await expect.poll(() => c.text()).toBe(merged);
    if (other !== context) await other.close();
  });
}

/** The editor's non-empty lines. */
function lineList(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/** Which top-level paragraph of the editor holds the caret (for failure messages). */
async function caretParagraph(app: KindredApp): Promise<{ index: number; count: number }> {
  return app.editor().evaluate((root) => {
    const blocks = [...root.children];
    const at = getSelection()?.anchorNode ?? null;
    return { index: blocks.findIndex((b) => at !== null && b.contains(at)), count: blocks.length };
  });
}
