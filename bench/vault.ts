/**
 * Vault export at scale (electron/services/vault): a 10,000-page journal seeded through the
 * app's own paths (bench/seedJournal.ts) into a real LevelDB store, exported to a Markdown vault
 * (goal ≤ 10 s), exported again into the same folder (nothing changed: byte-identical), with
 * the peak memory seen during the export and the vault's size.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openLevelStore } from '../electron/services/store/index';
import { exportVault } from '../electron/services/vault/exportVault';
import { gc, round, type Result } from './measure';
import { seedJournal } from './seedJournal';

const PAGES = 10_000;
const PEOPLE = 500;
const EXPORT_GOAL_MS = 10_000;

async function hashFolder(dir: string): Promise<{ hash: string; files: number; bytes: number }> {
  const hash = createHash('sha256');
  let files = 0;
  let bytes = 0;
  const walk = async (rel: string): Promise<void> => {
    const entries = (await readdir(join(dir, rel), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(p);
      else {
        const data = await readFile(join(dir, p));
        hash.update(p).update('\0').update(data);
        files++;
        bytes += data.byteLength;
      }
    }
  };
  await walk('');
  return { hash: hash.digest('hex'), files, bytes };
}

export async function runVaultBench(): Promise<Result> {
  const root = await mkdtemp(join(tmpdir(), 'kindred-bench-vault-'));
  const store = await openLevelStore(join(root, 'data'));
  try {
    const t0 = performance.now();
    await seedJournal(store, {
      pages: PAGES,
      people: PEOPLE,
      seed: 13,
      burstsPerPage: 2,
      onProgress: (done, total) => {
        if (done % 2000 === 0) process.stderr.write(`bench: vault: seeded ${done}/${total}\n`);
      },
    });
    const seedMs = performance.now() - t0;
    const out = join(root, 'vault');
    gc();
    let peak = 0;
    const sample = (): void => {
      const m = process.memoryUsage();
      peak = Math.max(peak, (m.heapUsed + m.arrayBuffers) / 1048576);
    };
    const base = process.memoryUsage();
    const t1 = performance.now();
    const result = await exportVault(store, out, { onProgress: sample });
    const exportMs = performance.now() - t1;
    const first = await hashFolder(out);
    const t2 = performance.now();
    await exportVault(store, out);
    const reexportMs = performance.now() - t2;
    const second = await hashFolder(out);
    return {
      vault_pages: PAGES,
      vault_people: result.people,
      vault_seed_s: round(seedMs / 1000, 1),
      vault_export_10k_ms: Math.round(exportMs),
      vault_export_goal_ms: EXPORT_GOAL_MS,
      vault_reexport_10k_ms: Math.round(reexportMs),
      vault_reexport_identical: first.hash === second.hash,
      vault_files: first.files,
      vault_links: result.links,
      vault_size_mib: round(first.bytes / 1048576),
      vault_export_peak_mem_over_base_mib: round(peak - (base.heapUsed + base.arrayBuffers) / 1048576, 1),
      vault_meets_targets: exportMs <= EXPORT_GOAL_MS && first.hash === second.hash,
    };
  } finally {
    await store.close();
    await rm(root, { recursive: true, force: true });
  }
}
