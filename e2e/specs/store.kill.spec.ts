import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { KindredApp } from '../pages/KindredApp';
import {
  chromiumAvailable,
  launchKillableBrowser,
  makeProfileDir,
  removeProfile,
  type KillableBrowser,
} from '../support/killableBrowser';
import { startHostProcess } from '../support/killableHost';
import { mulberry32 } from '../../bench/corpus';

/**
 * The browser dies (SIGKILL: no unload, no flush) at a random moment 0–500 ms after the last key.
 * The host keeps running. After a fresh browser starts on the same profile, what the day shows must
 * be a prefix of what was typed, and anything lost must have been typed in the last 250 ms.
 */
test.skip(!chromiumAvailable(), 'needs /usr/bin/chromium to SIGKILL a real browser');

const RUNS = Number(process.env.KINDRED_KILL_RUNS ?? 20);
/** One key every KEY_MS at most (a quick typist, ~75 words a minute); slower if a key takes longer to send. */
const KEY_MS = 40;
const MAX_LOST_MS = 250;


interface Run {
  run: number;
  delayMs: number;
  typed: number;
  kept: number;
  /** From the first lost keystroke to the kill; 0 when nothing was lost. */
  lostMs: number;
  /** Mean time between keys in this run. */
  keyMs: number;
  problem?: string;
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('a browser killed 0–500 ms after typing keeps all but at most the last 250 ms of typing', async () => {
  test.setTimeout(180_000);
  // The host is its own process with its own data folder, as in `npm run web`: it keeps running
  // while the browser dies.
  const dataDir = mkdtempSync(join(tmpdir(), 'kindred-data-'));
  const host = await startHostProcess({ dataDir });
  const appUrl = host.url;
  const random = mulberry32(20261130);
  // Spread over the whole range: the delays are a shuffled stratified sample of 0–500 ms.
  const delays = Array.from({ length: RUNS }, (_, i) => Math.round(((i + random()) / RUNS) * 500));
  for (let i = delays.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [delays[i], delays[j]] = [delays[j]!, delays[i]!];
  }

  const profile = makeProfileDir();
  const runs: Run[] = [];
  let browser: KillableBrowser = await launchKillableBrowser({ userDataDir: profile });
  try {
    for (let run = 0; run < RUNS; run++) {
      // Each run writes its own journal day, so one run's text never hides another's.
      const hash = `#/day/${KindredApp.isoDate(-run)}`;
      const typed = `Run ${String(run).padStart(2, '0')}: the fox jumps the dog.`;
      const delayMs = delays[run]!;

      const app = new KindredApp(await browser.page());
      await app.open(appUrl, hash);
      await app.startTyping();
      const keyAt: number[] = [];
      const start = Date.now();
      for (let k = 0; k < typed.length; k++) {
        const due = start + k * KEY_MS;
        if (due > Date.now()) await wait(due - Date.now());
        keyAt.push(Date.now()); // before the key is sent: the loss measured is an upper bound
        await app.page.keyboard.type(typed[k]!);
      }
      await wait(delayMs);
      const killedAt = Date.now();
      await browser.kill();

      browser = await launchKillableBrowser({ userDataDir: profile });
      const again = new KindredApp(await browser.page());
      await again.open(appUrl, hash);
      await expect(again.editor()).toBeVisible();
      // The replica has caught up with the store once it reports "Saved on this device"; give
      // the store's copy a moment more to arrive if the cache had less (a loss must be real).
      await expect(again.saveState()).toHaveAttribute('data-state', 'saved');
      await expect(again.editor()).toHaveText(typed, { timeout: 3_000 }).catch(() => undefined);
      const kept = await again.text();

      const keyMs = Math.round((keyAt[keyAt.length - 1]! - keyAt[0]!) / (keyAt.length - 1));
      const result: Run = { run, delayMs, typed: typed.length, kept: kept.length, lostMs: 0, keyMs };
      if (!typed.startsWith(kept)) {
        result.problem = `"${kept}" is not a prefix of "${typed}"`;
      } else if (kept.length < typed.length) {
        result.lostMs = killedAt - keyAt[kept.length]!;
        if (result.lostMs > MAX_LOST_MS) {
          result.problem = `lost ${typed.length - kept.length} characters, the first typed ${result.lostMs} ms before the kill`;
        }
      }
      runs.push(result);
    }
  } finally {
    await browser.close().catch(() => undefined);
    removeProfile(profile);
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
    report(runs);
  }

  expect(runs).toHaveLength(RUNS);
  expect(runs.filter((r) => r.problem)).toEqual([]);
});

function report(runs: Run[]): void {
  if (runs.length === 0) return;
  const lost = runs.map((r) => r.lostMs).sort((x, y) => x - y);
  const median = lost[Math.floor((lost.length - 1) / 2)]!;
  const lostRuns = runs.filter((r) => r.kept < r.typed);
  const keyMs = Math.round(runs.reduce((sum, r) => sum + r.keyMs, 0) / runs.length);
  console.log(
    `browser SIGKILL, ${runs.length} runs, kill 0–500 ms after the last key (one key per ${keyMs} ms on average): ` +
      `lost ms min ${lost[0]} / median ${median} / max ${lost[lost.length - 1]}; ` +
      `runs that lost anything: ${lostRuns.length} (characters lost: ${lostRuns.map((r) => r.typed - r.kept).join(', ') || 'none'})`,
  );
  console.log(
    'per run (delay ms → lost ms, chars kept/typed): ' +
      runs.map((r) => `${r.delayMs}→${r.lostMs} (${r.kept}/${r.typed})${r.problem ? ' !' : ''}`).join('; '),
  );
}
