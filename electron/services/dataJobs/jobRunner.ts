import { randomBytes } from 'node:crypto';
import type { DataJobKind, DataProgress } from '../../../shared/host/slices/data';
import { failureText } from './failureText';

/**
 * Runs the long "Your data" jobs (export, backup, restore): one of each kind at a time, each
 * with an AbortController the user's Cancel reaches, and its progress reported as
 * `data.progress` — throttled while running, always once at the end (done, cancelled or
 * failed, with plain words). The job's own code decides what a cancel leaves behind (see the
 * services: nothing for exports and backups, whole docs for a merge).
 */
export interface JobContext {
  signal: AbortSignal;
  /** Reports progress; sent at most every `throttleMs` (and always when `done === total`). */
  progress(phase: string, done: number, total: number): void;
}

export interface JobOutcome {
  /** Plain words for the end ("1,204 pages"). */
  message?: string;
  /** Where it was written. */
  target?: string;
}

export class JobBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobBusyError';
  }
}

export interface JobRunnerOptions {
  emit(progress: DataProgress): void;
  now?: () => number;
  throttleMs?: number;
  log?: (line: string) => void;
}

export interface JobRunner {
  /** Starts `run` as a job of `kind`; throws JobBusyError while one of that kind runs. */
  start(kind: DataJobKind, target: string | undefined, run: (ctx: JobContext) => Promise<JobOutcome>): string;
  /** Asks the job to stop; false when no such job runs. */
  cancel(jobId: string): boolean;
  running(): DataProgress[];
  /** Resolves when the job has ended (with its last progress), or at once for an unknown id. */
  settled(jobId: string): Promise<DataProgress | null>;
  /** Cancels every job and waits for them to end. */
  dispose(): Promise<void>;
}

export const BUSY: Record<DataJobKind, string> = {
  vault: 'An export to a Markdown vault is already running. Wait for it to finish, or cancel it.',
  calendar: 'A calendar export is already running. Wait for it to finish, or cancel it.',
  backup: 'A backup is already running. Wait for it to finish, or cancel it.',
  restore: 'A restore is already running. Wait for it to finish, or cancel it.',
};

interface Running {
  controller: AbortController;
  last: DataProgress;
  ended: Promise<DataProgress>;
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const now = options.now ?? Date.now;
  const throttle = options.throttleMs ?? 100;
  const jobs = new Map<string, Running>();
  const byKind = new Map<DataJobKind, string>();

  return {
    start(kind, target, run) {
      if (byKind.has(kind)) throw new JobBusyError(BUSY[kind]);
      const jobId = randomBytes(9).toString('base64url');
      const controller = new AbortController();
      const first: DataProgress = { jobId, kind, phase: 'starting', done: 0, total: 0, state: 'running', ...(target ? { target } : {}) };
      let sentAt = Number.NEGATIVE_INFINITY;
      const job: Running = { controller, last: first, ended: Promise.resolve(first) };
      const progress = (phase: string, done: number, total: number): void => {
        // Recorded even after a cancel (a merge finishes the docs in flight), so the end event
        // says how far the job really got; only sending stops.
        job.last = { ...job.last, phase, done, total };
        if (controller.signal.aborted) return;
        const t = now();
        if (t - sentAt >= throttle || (total > 0 && done >= total)) {
          sentAt = t;
          options.emit(job.last);
        }
      };
      jobs.set(jobId, job);
      byKind.set(kind, jobId);
      options.emit(first);
      job.ended = (async (): Promise<DataProgress> => {
        let end: DataProgress;
        try {
          const outcome = await run({ signal: controller.signal, progress });
          end = {
            ...job.last,
            state: 'done',
            done: job.last.total || job.last.done,
            ...(outcome.message ? { message: outcome.message } : {}),
            ...(outcome.target ? { target: outcome.target } : {}),
          };
        } catch (err) {
          if (controller.signal.aborted) end = { ...job.last, state: 'cancelled' };
          else {
            options.log?.(`kindred: ${kind} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
            end = { ...job.last, state: 'failed', message: failureText(err) };
          }
        } finally {
          jobs.delete(jobId);
          byKind.delete(kind);
        }
        options.emit(end);
        return end;
      })();
      return jobId;
    },
    cancel(jobId) {
      const job = jobs.get(jobId);
      if (!job) return false;
      job.controller.abort();
      return true;
    },
    running: () => [...jobs.values()].map((j) => j.last),
    async settled(jobId) {
      const job = jobs.get(jobId);
      return job ? job.ended : null;
    },
    async dispose() {
      const all = [...jobs.values()];
      for (const j of all) j.controller.abort();
      await Promise.allSettled(all.map((j) => j.ended));
    },
  };
}
