/**
 * vCard import (issue 13): the 60 real-world files of ../shared/fixtures/vcards in one import
 * into a fresh LevelDB store (preview + apply, one workspace update), then the same folder again
 * (must add 0), and the 8 MiB photo file alone. Goals: whole folder ≤ 10 s, the big file ≤ 3 s.
 * Skipped with a note when the fixtures are not beside the project.
 *
 * Standalone: `node --import tsx bench/contacts.ts` prints JSON. Progress goes to stderr.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyImport, previewImport, type ImportFile } from '../electron/services/contacts';
import { allSharedFiles, HAVE_SHARED_FIXTURES, loadWorkspace, SHARED_FIXTURES, sharedFile } from '../electron/services/contacts/contacts.testkit';
import { openLevelStore } from '../electron/services/store';
import type { JournalStore } from '../electron/services/store/types';
import { round, type Result } from './measure';

const log = (s: string): void => void process.stderr.write(`contacts bench: ${s}\n`);
const FOLDER_GOAL_MS = 10_000;
const HUGE_GOAL_MS = 3_000;
const HUGE = 'derived__huge-photo-8mib__from-apple-ios613.vcf';

async function timedImport(store: JournalStore, files: ImportFile[]): Promise<{ previewMs: number; applyMs: number; added: number; updated: number }> {
  const t0 = performance.now();
  const ws = await loadWorkspace(store);
  const preview = previewImport(ws, files);
  ws.destroy();
  const t1 = performance.now();
  const result = await applyImport(store, preview, { deviceId: 'device-bench' });
  const t2 = performance.now();
  return { previewMs: t1 - t0, applyMs: t2 - t1, added: result.added.length, updated: result.updated.length };
}

export async function runContactsBench(): Promise<Result> {
  if (!HAVE_SHARED_FIXTURES) {
    log(`skipped: no fixtures at ${SHARED_FIXTURES}`);
    return { contacts_skipped: `no vCard fixtures at ${SHARED_FIXTURES}` };
  }
  const root = await mkdtemp(join(tmpdir(), 'kindred-bench-contacts-'));
  try {
    const readStart = performance.now();
    const files = allSharedFiles();
    const readMs = performance.now() - readStart;
    const bytes = files.reduce((n, f) => n + f.bytes.byteLength, 0);

    const store = await openLevelStore(join(root, 'folder'));
    log(`importing ${files.length} files (${round(bytes / 1048576)} MiB)…`);
    const first = await timedImport(store, files);
    log('importing the same folder again…');
    const again = await timedImport(store, files);
    const wsBytes = (await store.getUpdate('kindred-workspace'))?.byteLength ?? 0;
    await store.close();

    const hugeStore = await openLevelStore(join(root, 'huge'));
    const huge = await timedImport(hugeStore, [sharedFile(HUGE)]);
    await hugeStore.close();

    const folderMs = first.previewMs + first.applyMs;
    const hugeMs = huge.previewMs + huge.applyMs;
    return {
      contacts_files: files.length,
      contacts_file_mib: round(bytes / 1048576),
      contacts_read_files_ms: round(readMs, 1),
      contacts_folder_preview_ms: round(first.previewMs, 1),
      contacts_folder_apply_ms: round(first.applyMs, 1),
      contacts_folder_total_ms: round(folderMs, 1),
      contacts_people_added: first.added,
      contacts_reimport_ms: round(again.previewMs + again.applyMs, 1),
      contacts_reimport_added: again.added,
      contacts_reimport_updated: again.updated,
      contacts_workspace_bytes: wsBytes,
      contacts_huge_photo_file_ms: round(hugeMs, 1),
      contacts_meets_targets: folderMs <= FOLDER_GOAL_MS && hugeMs <= HUGE_GOAL_MS && again.added === 0 && again.updated === 0,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runContactsBench()
    .then((r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'))
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    });
}
