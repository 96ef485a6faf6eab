import { randomBytes } from 'node:crypto';
import type { HostHandlers } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import type { MergeProgressEvent, PeopleRequests } from '../../shared/host/slices/people';
import { MergeError } from '../../shared/domain/mergePeople';
import { finishMerges, MergeCancelled, mergePeople, previewMerge } from '../services/merge';
import type { DerivedIndex } from '../services/derived/types';
import type { JournalStore } from '../services/store/types';
import type { DerivedSource } from './derivedHandlers';
import type { HostEmitter } from './emitter';

/**
 * `people.*` over the merge job (electron/services/merge). One merge runs at a time (the
 * start-up tidying of an interrupted merge counts as one), so two merges never read the same
 * workspace state and write on top of each other. Progress goes to every window: each shows
 * the merge is running, and every window's lists change when the workspace update arrives.
 */
export type PeopleHandlers = Pick<HostHandlers, keyof PeopleRequests>;

export interface PeopleServices extends Pick<HostEmitter, 'emitAll'> {
  store: JournalStore;
  derived: DerivedSource;
  now?: () => number;
  log?: (line: string) => void;
  /** Finish interrupted merges when the slice starts (default true). */
  finishOnStart?: boolean;
}

export interface PeopleSlice {
  handlers: PeopleHandlers;
  /** Resolves when the start-up tidying (if any) and the running merge are over. */
  idle(): Promise<void>;
  dispose(): void;
}

interface Job {
  id: string;
  keep: string;
  drop: string;
  abort: AbortController;
}

export function createPeopleSlice(services: PeopleServices): PeopleSlice {
  const log = services.log ?? ((line: string) => console.warn(line));
  const derived: Promise<DerivedIndex | null> = Promise.resolve(services.derived).catch(() => null);
  let running: Job | null = null;
  let queue: Promise<void> = Promise.resolve();
  const disposer = new AbortController();

  const refuse = (err: unknown): never => {
    if (err instanceof MergeError) throw new HostError('refused', err.message);
    throw err;
  };

  if (services.finishOnStart !== false) {
    queue = queue
      .then(async () => {
        const d = await derived;
        if (disposer.signal.aborted) return;
        const done = await finishMerges(services.store, { derived: d, signal: disposer.signal });
        if (done.pages > 0) log(`kindred: finished tidying ${done.pages} page(s) after a merge of people.`);
      })
      .catch((err: unknown) => log(`kindred: tidying pages after a merge did not finish (it is tried again at the next start): ${String(err)}`));
  }

  const handlers: PeopleHandlers = {
    'people.mergePreview': async ({ keep, drop }) => {
      try {
        const p = await previewMerge(services.store, await derived, { keep, drop });
        return {
          keep: p.keep,
          drop: p.drop,
          keepName: p.keepName,
          dropName: p.dropName,
          conversations: p.conversations,
          dates: p.dates,
          interests: p.interests,
          howWeMet: p.howWeMet,
          checkIn: p.checkIn,
          introductions: p.introductions,
          hasPage: p.hasPage,
          alreadyMerged: p.alreadyMerged,
        };
      } catch (err) {
        return refuse(err);
      }
    },

    'people.merge': async ({ keep, drop, name }) => {
      // Checked before the job starts, so a bad request is an error here, not a failed job.
      try {
        await previewMerge(services.store, null, { keep, drop });
      } catch (err) {
        refuse(err);
      }
      if (!name.trim()) throw new HostError('refused', 'The merged person needs a name.');
      if (running) throw new HostError('refused', 'Another merge is still running; wait for it to finish.');
      const job: Job = { id: randomBytes(12).toString('base64url'), keep, drop, abort: new AbortController() };
      running = job;
      const emit = (e: Omit<MergeProgressEvent, 'jobId' | 'keep' | 'drop'>): void => services.emitAll('people.mergeProgress', { jobId: job.id, keep, drop, ...e });
      const run = async (): Promise<void> => {
        let last = { done: 0, total: 1 };
        try {
          const out = await mergePeople(services.store, { keep, drop, name }, {
            derived: await derived,
            signal: job.abort.signal,
            now: services.now,
            onProgress: (p) => {
              last = { done: p.done, total: p.total };
              emit(p);
            },
          });
          if (out.cancelled) emit({ phase: 'cancelled', ...last, message: 'Merged. Tidying the pages that mention them was stopped; it finishes the next time Kindred starts.' });
          else emit({ phase: 'done', done: last.total, total: last.total });
        } catch (err) {
          if (err instanceof MergeCancelled) emit({ phase: 'cancelled', ...last, message: err.message });
          else {
            log(`kindred: merging people failed: ${String(err)}`);
            emit({ phase: 'failed', ...last, message: err instanceof Error ? err.message : String(err) });
          }
        } finally {
          running = null;
        }
      };
      queue = queue.then(run);
      return { jobId: job.id };
    },

    'people.mergeCancel': async ({ jobId }) => {
      if (!running || running.id !== jobId) return { cancelled: false };
      running.abort.abort();
      return { cancelled: true };
    },
  };

  return {
    handlers,
    idle: () => queue,
    dispose() {
      disposer.abort();
      running?.abort.abort();
    },
  };
}
