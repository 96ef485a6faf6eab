/**
 * `npm run bench`: runs every benchmark part and prints ONE JSON object on stdout (keys name the
 * figure and its unit). Progress and errors go to stderr only.
 */
import { runContactsBench } from './contacts';
import { runBackupBench } from './backup';
import { runDerivedBench } from './derived';
import { runMigrationBench } from './migration';
import { runSearchBench } from './search';
import { runStartupBench } from './startup';
import { runStoreBench } from './store';
import { runSyncBench } from './syncBench';
import { runVaultBench } from './vault';
import { runWorkspaceBench } from './workspace';

type Part = { name: string; run: () => Promise<Record<string, number | string | boolean>> };

const allParts: Part[] = [
  { name: 'workspace', run: runWorkspaceBench },
  { name: 'search', run: runSearchBench },
  { name: 'store', run: runStoreBench },
  { name: 'derived', run: runDerivedBench },
  { name: 'startup', run: runStartupBench },
  { name: 'migration', run: runMigrationBench },
  { name: 'sync', run: runSyncBench },
  { name: 'vault', run: runVaultBench },
  { name: 'backup', run: runBackupBench },
  { name: 'contacts', run: runContactsBench },
];
// KINDRED_BENCH_PARTS=store,startup runs only those parts (every part by default).
const only = process.env.KINDRED_BENCH_PARTS?.split(',').map((s) => s.trim()).filter(Boolean);
const parts = only?.length ? allParts.filter((p) => only.includes(p.name)) : allParts;

async function main(): Promise<void> {
  const result: Record<string, number | string | boolean> = {
    node_version: process.version,
    gc_exposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
  let ok = true;
  for (const part of parts) {
    process.stderr.write(`bench: ${part.name}…\n`);
    const values = await part.run();
    Object.assign(result, values);
    if (values.meets_targets === false) ok = false;
  }
  result.meets_targets = ok && Object.entries(result).every(([k, v]) => !k.endsWith('meets_targets') || v !== false);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
