import { z } from 'zod';

/**
 * `people.*`: merging two people (issue 13). Two steps, so nothing is written before the user
 * confirms: `people.mergePreview` says what will move; `people.merge` starts the merge as a
 * host job and answers its id at once; `people.mergeProgress` events follow it to the end
 * (`done`, `failed` or `cancelled`). `people.mergeCancel` stops it: before the people are merged
 * nothing changes; after, only the tidying of pages stops (mentions already show the survivor;
 * the host finishes the tidying at its next start).
 */

export interface MergePreviewView {
  keep: string;
  drop: string;
  keepName: string;
  dropName: string;
  /** Journal days and conversation notes that mention `drop`. */
  conversations: number;
  /** `drop`'s dates and interests `keep` does not have yet. */
  dates: number;
  interests: number;
  howWeMet: boolean;
  checkIn: boolean;
  introductions: number;
  /** `drop`'s own page has something written on it (it is added to the end of `keep`'s). */
  hasPage: boolean;
  alreadyMerged: boolean;
}

export type MergePhase = 'people' | 'pages' | 'done' | 'failed' | 'cancelled';

export interface MergeProgressEvent {
  jobId: string;
  keep: string;
  drop: string;
  phase: MergePhase;
  done: number;
  total: number;
  /** `failed`: what went wrong, in plain words. `cancelled`: what was (not) changed. */
  message?: string;
}

export interface PeopleRequests {
  'people.mergePreview': { params: { keep: string; drop: string }; result: MergePreviewView };
  /** Starts the merge; `name` is the name the merged person keeps. */
  'people.merge': { params: { keep: string; drop: string; name: string }; result: { jobId: string } };
  'people.mergeCancel': { params: { jobId: string }; result: { cancelled: boolean } };
}

export interface PeopleEvents {
  'people.mergeProgress': MergeProgressEvent;
}

export const PERSON_NAME_MAX = 200;
const personId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'Not a person id.');
const pair = { keep: personId, drop: personId };

export const peopleRequestSchemas = {
  'people.mergePreview': z.object(pair).strict(),
  'people.merge': z
    .object({ ...pair, name: z.string().min(1, 'The merged person needs a name.').max(PERSON_NAME_MAX, `A name has at most ${PERSON_NAME_MAX} characters.`) })
    .strict(),
  'people.mergeCancel': z.object({ jobId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }).strict(),
};

export const peopleEventSchemas = {
  'people.mergeProgress': z
    .object({
      jobId: z.string(),
      keep: z.string(),
      drop: z.string(),
      phase: z.enum(['people', 'pages', 'done', 'failed', 'cancelled']),
      done: z.number(),
      total: z.number(),
      message: z.string().optional(),
    })
    .strict(),
};
