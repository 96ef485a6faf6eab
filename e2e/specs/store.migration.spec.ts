import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';
import { chromiumAvailable, launchKillableBrowser, makeProfileDir, removeProfile } from '../support/killableBrowser';
import { freePort, startHostProcess, type HostProcess } from '../support/killableHost';

/**
 * A journal that lives only in a browser profile's IndexedDB meets a host whose store is empty:
 * the app moves it into the store ("Moving your journal into its new home…"), and from then on
 * the store has it — a brand-new browser profile on that data folder shows the same journal.
 *
 * IndexedDB belongs to an origin, and the origin includes the port: every host here listens on
 * the same port P, as `npm run web` keeps its port between launches.
 */
test.skip(!chromiumAvailable(), 'needs /usr/bin/chromium');

const NOTE_DATE = '2026-03-14';

/** Remembers what the migration screen showed in this browser (it may only flash by). */
async function watchMigrationScreen(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __kindredMigration?: string[] };
    const seen: string[] = (w.__kindredMigration = []);
    new MutationObserver(() => {
      const screen = document.querySelector('main.migration');
      if (!screen) return;
      const line = `${screen.querySelector('h1')?.textContent ?? ''} | ${screen.querySelector('[role="status"]')?.textContent ?? ''}`;
      if (seen[seen.length - 1] !== line) seen.push(line);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

/** Today's entry, the person page and the Journal all show the journal written before. */
async function expectJournal(app: KindredApp, today: string, entryCount = 2): Promise<void> {
  await app.go('#/today');
  await expect(app.editor()).toContainText(today);
  await expect(app.mentionChip('Maria Lopez')).toBeVisible();
  await app.openPersonFromMention('Maria Lopez');
  await expect(app.conversations()).toHaveCount(2);
  await expect(app.conversations().nth(0)).toContainText('who brought soup');
  await expect(app.conversations().nth(1)).toContainText('told me about her pottery class');
  await app.nav('Journal');
  // This Kindred's list renders only the rows near the viewport and names how many entries it
  // holds; the older Kindred (before the store) rendered every entry.
  const list = app.page.getByRole('list', { name: 'Entries, newest first' });
  if ((await list.getAttribute('aria-label'))?.includes('(')) await expect(list).toHaveAttribute('aria-label', `Entries, newest first (${entryCount})`);
  else await expect(list.getByRole('listitem')).toHaveCount(entryCount);
  const note = await app.journalEntry('Café Luna');
  await expect(note).toHaveCount(1);
  await expect(note).toContainText('with Maria Lopez');
  await expect(note).toContainText('told me about her pottery class');
}

/**
 * The last Kindred that kept the journal only in IndexedDB (before the device store), built from
 * git into a temporary folder once, so the migration starts from data its real code wrote.
 */
const LEGACY_COMMIT = '4336c4a';
const root = resolve(__dirname, '..', '..');

function legacyBuild(): { webhost: string } | { missing: string } {
  const dir = join(tmpdir(), `kindred-legacy-${LEGACY_COMMIT}`);
  const webhost = join(dir, 'out', 'main', 'webhost.js');
  if (existsSync(webhost)) return { webhost };
  try {
    execFileSync('git', ['cat-file', '-e', `${LEGACY_COMMIT}^{commit}`], { cwd: root, stdio: 'ignore' });
  } catch {
    return { missing: `commit ${LEGACY_COMMIT} is not in this clone (shallow?)` };
  }
  // Built beside the final folder and renamed into place, so a half-built copy is never reused.
  const building = mkdtempSync(join(tmpdir(), 'kindred-legacy-building-'));
  try {
    execFileSync('sh', ['-c', `git archive ${LEGACY_COMMIT} | tar -x -C "${building}"`], { cwd: root, stdio: 'pipe' });
    symlinkSync(join(root, 'node_modules'), join(building, 'node_modules'));
    execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
      cwd: building,
      stdio: 'pipe',
    });
  } catch (err) {
    rmSync(building, { recursive: true, force: true });
    throw err;
  }
  try {
    renameSync(building, dir);
  } catch (err) {
    // Another worker finished the same build first: use theirs.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(webhost)) throw err;
  }
  return { webhost };
}

const TODAY = 'Moving day: boxes everywhere. Helped by @Maria Lopez who brought soup.';

/** Writes today's entry (mentioning a new person) and a conversation note, as a user would. */
async function writeJournal(app: KindredApp): Promise<void> {
  await app.startTyping();
  await app.page.keyboard.type('Moving day: boxes everywhere. Helped by ');
  await app.mention('Maria Lopez', { create: true });
  await app.page.keyboard.type('who brought soup.');
  await app.waitSaved();
  await app.nav('Journal');
  await app.page.getByRole('button', { name: 'New conversation note' }).click();
  await app.page.getByRole('textbox', { name: 'Place or context' }).fill('Café Luna');
  await app.page.getByLabel('Date').fill(NOTE_DATE);
  await expect(app.heading()).toHaveText('Saturday, March 14, 2026');
  await app.startTyping('start');
  await app.mention('Maria Lopez');
  await app.page.keyboard.type('told me about her pottery class.');
  await app.waitSaved();
  await expectJournal(app, TODAY);
}

/** Writes one short line on each of `count` past days (yesterday backwards), without waiting between pages. */
async function writeDays(app: KindredApp, count: number): Promise<void> {
  for (let d = 1; d <= count; d++) {
    const editor = await app.openDay(KindredApp.isoDate(-d));
    await editor.click();
    await app.page.keyboard.type(dayLine(d));
  }
  await app.waitSaved();
}

const dayLine = (d: number): string => `Old page ${d}: the radishes came up.`;

/** The migration screen's "N of M", or null when it is not showing. */
async function migrationProgress(app: KindredApp): Promise<{ done: number; total: number } | null> {
  const text = await app.page
    .locator('main.migration [role="status"]')
    .textContent({ timeout: 100 })
    .catch(() => null);
  const m = /^([\d,]+) of ([\d,]+)$/.exec(text?.trim() ?? '');
  return m ? { done: Number(m[1]!.replace(/,/g, '')), total: Number(m[2]!.replace(/,/g, '')) } : null;
}

/** Waits until the app is up after the move; fails at once with its words if the move failed. */
async function expectMoveFinished(app: KindredApp): Promise<void> {
  const nav = app.page.getByRole('navigation', { name: 'Main' });
  const failure = app.page.locator('main.migration [role="alert"]');
  await expect(nav.or(failure)).toBeVisible({ timeout: 120_000 });
  if (await failure.isVisible()) {
    const at = await migrationProgress(app);
    throw new Error(`the move stopped at ${at?.done} of ${at?.total}: ${await failure.innerText()}`);
  }
}

interface Journey {
  writer: 'an older Kindred (IndexedDB only)' | 'this Kindred on another data folder';
  /** Extra journal days written before the move (more pages: the progress screen has time to show). */
  days: number;
  /** SIGKILL the browser while the progress screen shows, then start it again. */
  killHalfway: boolean;
}

const journeys: Journey[] = [
  { writer: 'an older Kindred (IndexedDB only)', days: 0, killHalfway: false },
  { writer: 'this Kindred on another data folder', days: 0, killHalfway: false },
  { writer: 'an older Kindred (IndexedDB only)', days: 40, killHalfway: true },
];

for (const { writer, days, killHalfway } of journeys) {
  const what = `${days ? `${days + 2} pages` : 'a journal'} kept only in this browser, written by ${writer}`;
  const how = killHalfway ? ', even with the browser killed halfway,' : ',';
  test(`${what}${how} moves into an empty store, which then has it all`, async () => {
    test.setTimeout(killHalfway ? 240_000 : 120_000);
    const legacy = writer.startsWith('an older') ? legacyBuild() : null;
    test.skip(legacy !== null && 'missing' in legacy, legacy && 'missing' in legacy ? legacy.missing : '');
    const port = await freePort();
    const dataA = mkdtempSync(join(tmpdir(), 'kindred-data-a-'));
    const dataB = mkdtempSync(join(tmpdir(), 'kindred-data-b-'));
    const profile = makeProfileDir();
    const freshProfile = makeProfileDir();
    const hosts: HostProcess[] = [];
    try {
      // 1. Write the journal through host A: the old web host, or this one on its own folder.
      const hostA = await startHostProcess({
        dataDir: dataA,
        port,
        webhost: legacy && 'webhost' in legacy ? legacy.webhost : undefined,
      });
      hosts.push(hostA);
      let browser = await launchKillableBrowser({ userDataDir: profile });
      let app = new KindredApp(await browser.page());
      await app.open(hostA.url);
      await writeJournal(app);
      const seeding = Date.now();
      await writeDays(app, days);
      if (days) console.log(`wrote ${days} extra days in ${Date.now() - seeding} ms`);
      await browser.close();
      await hostA.stop();

      // 2. Host B on the same port, with an empty data folder: the profile's cache is all there is.
      //    Only start the app and let it finish: no page is opened by hand, so whatever reaches the
      //    store got there by the move itself.
      const hostB = await startHostProcess({ dataDir: dataB, port });
      hosts.push(hostB);
      browser = await launchKillableBrowser({ userDataDir: profile });
      await watchMigrationScreen(browser.context);
      app = new KindredApp(await browser.page());
      await app.page.goto(new URL('#/journal', hostB.url).toString());
      if (killHalfway) {
        await expect
          .poll(async () => {
            const p = await migrationProgress(app);
            return p !== null && p.done > 0 && p.done < p.total;
          }, { timeout: 30_000, intervals: [20] })
          .toBe(true);
        const at = await migrationProgress(app);
        await browser.kill();
        console.log(`migration (${writer}): browser killed at ${at?.done} of ${at?.total}`);
        browser = await launchKillableBrowser({ userDataDir: profile });
        await watchMigrationScreen(browser.context);
        app = new KindredApp(await browser.page());
        await app.page.goto(new URL('#/journal', hostB.url).toString());
      }
      await expectMoveFinished(app);
      const screen = await app.page.evaluate(
        () => (window as unknown as { __kindredMigration?: string[] }).__kindredMigration ?? [],
      );
      console.log(
        `migration screen (${writer}, ${days + 2} pages${killHalfway ? ', after the kill' : ''}): ` +
          (screen.length ? screen.map((l) => l.split(' | ')[1]).join(' → ') : 'not seen (done before it painted)'),
      );
      for (const line of screen) expect(line).toMatch(/^Moving your journal into its new home… \| \d[\d,]* of \d[\d,]*$/);
      await app.waitSaved();
      await browser.close();
      await hostB.stop();

      // 3. Host C on folder B with a brand-new profile: no cache at all, so only the store can answer.
      const hostC = await startHostProcess({ dataDir: dataB });
      hosts.push(hostC);
      browser = await launchKillableBrowser({ userDataDir: freshProfile });
      app = new KindredApp(await browser.page());
      await app.open(hostC.url);
      await expectJournal(app, TODAY, days + 2);
      for (const d of days ? [1, Math.ceil(days / 2), days] : []) {
        await expect(await app.openDay(KindredApp.isoDate(-d))).toHaveText(dayLine(d));
      }
      if (days) {
        await app.nav('Journal');
        const entries = app.page.getByRole('list', { name: 'Entries, newest first' }).getByRole('listitem');
        await expect(entries.first()).toContainText(TODAY.slice(0, 20));
        await expect(entries.nth(1)).toContainText(dayLine(1));
      }
      await browser.close();
    } finally {
      for (const h of hosts) await h.stop();
      for (const d of [dataA, dataB]) rmSync(d, { recursive: true, force: true });
      removeProfile(profile);
      removeProfile(freshProfile);
    }
  });
}
