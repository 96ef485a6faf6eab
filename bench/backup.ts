/**
 * Backup and restore at scale (electron/services/backup): a journal of 10,000 pages seeded
 * through the app's write paths (bench/seedJournal), backed up from the open store (as while the
 * app runs), the file validated, restored into an empty folder and merged into the journal
 * again. Goals (issue 13): backup ≤ 5 s and restore ≤ 5 s at 10k pages. Checks that the restore
 * is byte-identical (every doc's update equals the backup's).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readBackup, restoreBackup, writeBackup } from '../electron/services/backup/index';
import { openLevelStore } from '../electron/services/store/index';
import { round, type Result } from './measure';
import { seedJournal } from './seedJournal';

const PAGES = Number(process.env.KINDRED_BENCH_BACKUP_PAGES ?? 10_000);
const GOAL_MS = 5_000;

export async function runBackupBench(): Promise<Result> {
  const root = await mkdtemp(join(tmpdir(), 'kindred-bench-backup-'));
  const out: Result = { backup_pages: PAGES };
  try {
    const source = await openLevelStore(join(root, 'source'));
    const file = join(root, 'journal.kindred-backup');
    try {
      process.stderr.write(`bench: backup: seeding ${PAGES} pages…\n`);
      await seedJournal(source, { pages: PAGES, people: Math.round(PAGES / 10), burstsPerPage: 10 });
      let t = performance.now();
      const written = await writeBackup(source, file);
      out.backup_ms = round(performance.now() - t, 0);
      out.backup_docs = written.docs;
      out.backup_file_mib = round(written.bytes / 1048576, 2);

      t = performance.now();
      const parsed = await readBackup(file);
      out.backup_validate_ms = round(performance.now() - t, 0);

      t = performance.now();
      await restoreBackup(file, join(root, 'restored'));
      out.restore_ms = round(performance.now() - t, 0);

      // Byte-identical: every doc's stored update equals the backup's.
      const restored = await openLevelStore(join(root, 'restored'));
      let identical = 0;
      try {
        for (const d of parsed.docs) {
          const u = await restored.getUpdate(d.id);
          if (u && Buffer.from(u).equals(Buffer.from(d.update))) identical++;
        }
      } finally {
        await restored.close();
      }
      out.restore_byte_identical = identical === parsed.docs.length;

      // Merging the same backup into the (open) source: every doc already there, nothing changes.
      t = performance.now();
      const merged = await restoreBackup(file, source, { mode: 'merge' });
      out.restore_merge_ms = round(performance.now() - t, 0);
      out.restore_merge_changed = merged.changed;
    } finally {
      await source.close();
    }
    out.backup_goal_ms = GOAL_MS;
    out.restore_goal_ms = GOAL_MS;
    out.backup_meets_targets =
      (out.backup_ms as number) <= GOAL_MS && (out.restore_ms as number) <= GOAL_MS && out.restore_byte_identical === true;
    return out;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
