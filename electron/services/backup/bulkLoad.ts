/**
 * Writes a validated backup into a NEW, empty store folder in the store's own layout
 * (electron/services/store/layout.ts, docs/store-protocol.md): per doc one update record holding
 * exactly the backup's bytes, its state vector, its info and one log entry; then the meta keys.
 *
 * Why not applyUpdate: the store validates each update by integrating it into a live Y.Doc, which
 * at 10k pages costs ~10 s; the backup's updates are already checked (checksums, and
 * inspectUpdate: complete on their own, state vector computed). And a single record per doc is
 * what makes the restored journal byte-identical: getUpdate returns that record as it is.
 *
 * Only for a folder no store has open (restore builds into a temporary folder, then renames it).
 * The result is opened with openLevelStore and checked before it is renamed into place.
 */
import { randomBytes } from 'node:crypto';
import type { BackendOp } from '../store/backend';
import {
  LAYOUT_VERSION, META_HEAD, META_LOG_ID, META_VERSION, encodeInfo, encodeRecord, encodeText, infoKey, logKey, recordKey, svKey,
} from '../store/layout';
import { LevelBackend } from '../store/level/levelBackend';
import type { ParsedBackup } from './backupFormat';

/** Docs per atomic batch (a few MB each at typical page sizes). */
const DOCS_PER_BATCH = 500;

export async function bulkLoad(
  dir: string,
  backup: ParsedBackup,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<void> {
  const backend = await LevelBackend.open(dir, { sync: false });
  try {
    const total = backup.docs.length;
    for (let at = 0; at < total; at += DOCS_PER_BATCH) {
      options.signal?.throwIfAborted();
      const ops: BackendOp[] = [];
      const slice = backup.docs.slice(at, at + DOCS_PER_BATCH);
      slice.forEach((doc, k) => {
        const seq = at + k + 1;
        const record = encodeRecord(doc.update);
        ops.push({ type: 'put', key: recordKey(doc.id, 0), value: record });
        ops.push({ type: 'put', key: svKey(doc.id), value: doc.sv });
        ops.push({ type: 'put', key: infoKey(doc.id), value: encodeInfo({ seq, next: 1, count: 1, bytes: record.length }) });
        ops.push({ type: 'put', key: logKey(seq), value: encodeText(doc.id) });
      });
      await backend.batch(ops);
      options.onProgress?.(at + slice.length, total);
    }
    // The meta keys last: a folder without them is not a finished journal (and a new log id,
    // as for any rebuilt log, so no old cursor is taken for this one).
    await backend.batch([
      { type: 'put', key: META_VERSION, value: encodeText(LAYOUT_VERSION) },
      { type: 'put', key: META_LOG_ID, value: encodeText(randomBytes(16).toString('hex')) },
      { type: 'put', key: META_HEAD, value: encodeText(String(total)) },
    ]);
    await backend.flush();
  } finally {
    await backend.close();
  }
}
