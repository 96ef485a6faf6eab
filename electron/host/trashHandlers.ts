import { randomBytes } from 'node:crypto';
import type { HostHandlers } from '../../shared/host/contract';
import type { TrashProgress, TrashRequests } from '../../shared/host/slices/trash';
import { purgeTrash } from '../services/trash/purgeTrash';
import type { JournalStore } from '../services/store/types';
import type { HostEmitter } from './emitter';

/**
 * `trash.*` over purgeTrash (electron/services/trash): "Empty Trash" as a job in the host, one
 * at a time (a second `trash.empty` joins the running job), reported to every window with
 * `trash.progress` and cancellable between items. The purge writes through the store, so the
 * windows see the items leave Trash through their replica of the workspace doc.
 */
export type TrashHandlers = Pick<HostHandlers, keyof TrashRequests>;

export interface TrashServices extends Pick<HostEmitter, 'emitAll'> {
  store: JournalStore;
  now?: () => number;
  log?: (line: string) => void;
}

export interface TrashSlice {
  handlers: TrashHandlers;
  /** Cancels a running job and waits for it to stop (between items). */
  dispose(): Promise<void>;
}

interface Job {
  id: string;
  abort: AbortController;
  done: Promise<void>;
}

export function createTrashSlice(services: TrashServices): TrashSlice {
  const now = services.now ?? Date.now;
  const log = services.log ?? ((line: string) => console.warn(line));
  let job: Job | null = null;

  const start = (): Job => {
    const id = randomBytes(12).toString('base64url');
    const abort = new AbortController();
    const emit = (p: Omit<TrashProgress, 'jobId'>): void => services.emitAll('trash.progress', { jobId: id, ...p });
    let last = { done: 0, total: 0 };
    const done = (async () => {
      try {
        const r = await purgeTrash(services.store, {
          which: 'all',
          now,
          signal: abort.signal,
          onProgress: (d, total) => {
            last = { done: d, total };
            emit(last);
          },
        });
        emit({ done: r.purged.length, total: r.total, finished: true, ...(r.cancelled ? { cancelled: true } : {}) });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log(`Trash: emptying failed after ${last.done} of ${last.total}: ${message}`);
        emit({ ...last, finished: true, error: `Emptying Trash stopped after ${last.done} of ${last.total}: ${message}. What was left is still in Trash.` });
      } finally {
        if (job?.id === id) job = null;
      }
    })();
    return { id, abort, done };
  };

  const handlers: TrashHandlers = {
    'trash.empty': async () => {
      job ??= start();
      return { jobId: job.id };
    },
    'trash.cancel': async ({ jobId }) => {
      if (!job || job.id !== jobId) return { cancelling: false };
      job.abort.abort();
      return { cancelling: true };
    },
  };

  return {
    handlers,
    async dispose() {
      const j = job;
      j?.abort.abort();
      await j?.done;
    },
  };
}
