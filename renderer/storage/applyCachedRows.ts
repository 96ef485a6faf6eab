import * as Y from 'yjs';
import { MalformedUpdateError, splitUpdate } from '../../shared/yjs/updateChunks';
import { yieldToBrowser } from '../scheduling/yieldToBrowser';

/**
 * Applies a doc's cached rows (y-indexeddb's `updates` store, in key order) a slice at a time,
 * giving the browser its turn between slices. y-indexeddb applies every row in one transaction:
 * for the registry of a 10,000-page journal (2.2 MB) that was one 0.25 s main-thread task at
 * every start, 1 s and more at 50,000 pages. Large rows are cut at struct boundaries
 * (shared/yjs/updateChunks.ts); small rows are applied as they are, several per transaction, so
 * a page doc of a few KB still loads in one transaction, exactly as before.
 *
 * A row is damaged when it is not bytes, is zero-filled (decodes as "nothing" and would show an
 * empty page), cannot be parsed, throws when applied, or leaves structs waiting for data no row
 * had. Damaged rows are skipped (or, when only the end state shows it, their parked structs are
 * dropped, so they can never reach the store); the caller sets them aside (cacheQuarantine.ts)
 * and takes the store's state instead.
 */
export interface CachedRowsLoad {
  rows: number;
  damaged: number;
}

export interface ApplyOptions {
  /** Bytes of update per transaction (and per task). */
  sliceBytes?: number;
  /** Lets the browser run between slices. */
  yieldNow?: () => Promise<void>;
  /** Stop early (the doc was closed); what was applied stays applied. */
  stopped?: () => boolean;
}

/** About 15–25 ms of decoding and integrating in Chromium on a 2-core machine. */
export const SLICE_BYTES = 64 * 1024;

export async function applyCachedRows(doc: Y.Doc, rows: readonly unknown[], origin: unknown, options: ApplyOptions = {}): Promise<CachedRowsLoad> {
  const sliceBytes = options.sliceBytes ?? SLICE_BYTES;
  const yieldNow = options.yieldNow ?? yieldToBrowser;
  const stopped = options.stopped ?? (() => false);
  const hadPending = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
  let damaged = 0;
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let first = true;

  const applyBatch = async (): Promise<void> => {
    if (batch.length === 0) return;
    // The first slice goes without waiting: a small doc loads in the task that read it.
    if (!first) await yieldNow();
    first = false;
    if (stopped()) return;
    const updates = batch;
    batch = [];
    batchBytes = 0;
    Y.transact(
      doc,
      () => {
        for (const u of updates) {
          try {
            Y.applyUpdate(doc, u, origin);
          } catch {
            damaged++;
          }
        }
      },
      origin,
      false,
    );
  };
  const add = async (update: Uint8Array): Promise<void> => {
    if (batchBytes > 0 && batchBytes + update.length > sliceBytes) await applyBatch();
    batch.push(update);
    batchBytes += update.length;
  };

  for (const row of rows) {
    if (stopped()) break;
    if (!(row instanceof Uint8Array) || isZeroFilled(row)) {
      damaged++;
      continue;
    }
    if (row.length <= sliceBytes) {
      await add(row);
      continue;
    }
    let chunks: Uint8Array[];
    try {
      chunks = await splitYielding(row, sliceBytes, yieldNow);
    } catch (err) {
      if (!(err instanceof MalformedUpdateError)) throw err;
      damaged++;
      continue;
    }
    for (const c of chunks) await add(c);
  }
  await applyBatch();

  if (!hadPending && (doc.store.pendingStructs !== null || doc.store.pendingDs !== null)) {
    // Structs waiting for data no row had: garbage that decoded, or rows without their past.
    // Dropped here so the link can never push them to the store (the store's state follows).
    doc.store.pendingStructs = null;
    doc.store.pendingDs = null;
    damaged++;
  }
  return { rows: rows.length, damaged };
}

/** Parses a large row into chunks, letting the browser in between parse steps. */
async function splitYielding(row: Uint8Array, sliceBytes: number, yieldNow: () => Promise<void>): Promise<Uint8Array[]> {
  const steps = splitUpdate(row, sliceBytes);
  let parsed = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    // A step is ~sliceBytes parsed (a byte scan, far cheaper than decoding): yield every few.
    if (++parsed % 8 === 0) await yieldNow();
  }
}

function isZeroFilled(row: Uint8Array): boolean {
  if (row.length <= 2) return false;
  for (let i = 0; i < row.length; i++) if (row[i] !== 0) return false;
  return true;
}
