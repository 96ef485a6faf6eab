/**
 * Migration of an IndexedDB-only journal into the store, in Chromium through the web host.
 *
 * The IndexedDB journal is made by the app itself: a window opened on a seeded store with an
 * empty offline copy indexes every page for search, which opens (and so caches) each page doc in
 * its own y-indexeddb database — exactly the layout the previous version kept. That host is then
 * replaced, on the same port (IndexedDB is per origin), by one with an EMPTY data folder: the same
 * browser profile now holds a journal the store lacks, and the app moves it page by page,
 * verifying each. Reported: time from navigation to the app rendering after the move, and pages/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { openLevelStore } from '../electron/services/store';
import { startWebHost } from '../electron/webhost/server';
import { round, type Result } from './measure';
import { seedJournal } from './seedJournal';

const ROOT = resolve(__dirname, '..');
const PAGES = Number(process.env.KINDRED_BENCH_MIGRATION_PAGES ?? 10_000);
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

async function countDocs(store: Awaited<ReturnType<typeof openLevelStore>>): Promise<number> {
  let n = 0;
  for (let since = 0; ; ) {
    const page = await store.changesSince(since, 10_000);
    n += page.changes.length;
    if (!page.more || page.changes.length === 0) return n;
    since = page.changes[page.changes.length - 1]!.seq;
  }
}

export async function runMigrationBench(): Promise<Result> {
  const base = mkdtempSync(join(tmpdir(), 'kindred-bench-migration-'));
  const out: Result = { migration_pages: PAGES };
  try {
    const seeded = join(base, 'seeded');
    const store = await openLevelStore(seeded);
    await seedJournal(store, { pages: PAGES, people: Math.round(PAGES / 10), burstsPerPage: 5 });
    await store.close();

    const context = await chromium.launchPersistentContext(join(base, 'profile'), { executablePath: '/usr/bin/chromium', args: ARGS });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      // 1. The old journal: every page in this profile's IndexedDB (search opens each one).
      let host = await startWebHost({ rendererDir: join(ROOT, 'out', 'renderer'), port: 0, dataDir: seeded });
      const port = host.port;
      const token = host.token;
      const started = Date.now();
      await page.goto(`${host.url}#/today`);
      // (Polled from here: waitForFunction takes a pending promise for a truthy answer.)
      const cachedPages = (): Promise<number> =>
        page.evaluate(async () => (await indexedDB.databases()).filter((d) => d.name?.startsWith('kindred-page-')).length);
      for (let last = -1, same = 0; same < 3; ) {
        await new Promise((r) => setTimeout(r, 2_000));
        const now = await cachedPages();
        same = now === last && now > 0 ? same + 1 : 0;
        last = now;
        if (Date.now() - started > 30 * 60_000) throw new Error(`only ${now} pages cached after 30 minutes`);
      }
      out.migration_cached_pages = await cachedPages();
      // Let the last pages' writes land, then close the window's storage cleanly.
      await page.goto('about:blank');
      out.migration_cache_seed_ms = Date.now() - started;
      await host.close();

      // 2. The new version's first start: same origin, an empty store.
      host = await startWebHost({ rendererDir: join(ROOT, 'out', 'renderer'), port, token, dataDir: join(base, 'empty') });
      const t0 = Date.now();
      await page.goto(`${host.url}#/today`);
      let sawProgress = false;
      await page.waitForFunction(() => !!document.querySelector('.migration'), undefined, { timeout: 60_000 }).then(
        () => (sawProgress = true),
        () => undefined,
      );
      await page.waitForFunction(() => !!document.querySelector('main [contenteditable="true"][role="textbox"]'), undefined, {
        polling: 500,
        timeout: 30 * 60_000,
      });
      const ms = Date.now() - t0;
      out.migration_ms = ms;
      out.migration_pages_per_s = round((PAGES / ms) * 1000, 1);
      out.migration_showed_progress = sawProgress;
      out.migration_goal_ms = 120_000;
      await host.close();
      // Everything arrived: every doc of the seeded store is in the new one.
      const moved = await openLevelStore(join(base, 'empty'));
      const original = await openLevelStore(seeded);
      const [a, b] = [await countDocs(moved), await countDocs(original)];
      out.migration_docs_in_store = a;
      out.migration_docs_expected = b;
      await moved.close();
      await original.close();
      out.migration_meets_targets = ms <= 120_000 && sawProgress && a >= b;
    } finally {
      await context.close();
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  return out;
}
