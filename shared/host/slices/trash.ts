import { z } from 'zod';

/**
 * `trash.*`: "Empty Trash" in the host. Moving to Trash and restoring are plain edits of the
 * workspace doc (shared/domain/trash.ts) made in the window; purging needs the host, because it
 * rewrites page docs no window has open. `trash.empty` starts purging everything in Trash and
 * answers at once with a job id (one job at a time: a second call joins the running one);
 * `trash.progress` reports to every window until an event with `finished: true` (then
 * `cancelled` or `error` say how it ended). `trash.cancel` stops between items: what was purged
 * stays purged, the rest stays in Trash untouched.
 */
export interface TrashProgress {
  jobId: string;
  done: number;
  total: number;
  /** Set on the last event of a job. */
  finished?: boolean;
  cancelled?: boolean;
  /** Plain words: why it stopped early. */
  error?: string;
}

export interface TrashRequests {
  'trash.empty': { params: Record<string, never>; result: { jobId: string } };
  'trash.cancel': { params: { jobId: string }; result: { cancelling: boolean } };
}

export interface TrashEvents {
  'trash.progress': TrashProgress;
}

const jobId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Not a job id.');

export const trashRequestSchemas = {
  'trash.empty': z.object({}).strict(),
  'trash.cancel': z.object({ jobId }).strict(),
};

const count = z.number().int().min(0);

export const trashEventSchemas = {
  'trash.progress': z
    .object({
      jobId,
      done: count,
      total: count,
      finished: z.boolean().optional(),
      cancelled: z.boolean().optional(),
      error: z.string().max(2000).optional(),
    })
    .strict(),
};
