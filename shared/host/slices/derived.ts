import { z } from 'zod';
import type { DerivedPageFacts } from '../../domain/types';

/**
 * `derived.*`: what lists need from page *content* (previews, mention snippets, contacts,
 * follow-ups, ask-next lines). The host derives it from page docs, following the store's
 * change log, keeps it in a local index (never synced, rebuilt when missing), and serves it
 * here. What the user *authored* about pages and people stays in the workspace doc.
 */
export type DerivedIndexState = { kind: 'ready' } | { kind: 'rebuilding'; done: number; total: number };

export interface DerivedRequests {
  /** Every page's facts, in pages of at most `limit`, by page id after `after`. */
  'derived.pages': {
    params: { after?: string; limit?: number };
    result: { seq: number; pages: [string, DerivedPageFacts][]; next: string | null; state: DerivedIndexState };
  };
}

export interface DerivedEvents {
  /** Facts that changed (null: the page has no doc content any more), up to store seq `seq`. */
  'derived.changed': { seq: number; pages: [string, DerivedPageFacts | null][]; state: DerivedIndexState };
}

export const derivedRequestSchemas = {
  'derived.pages': z
    .object({ after: z.string().max(100).optional(), limit: z.number().int().min(1).max(5_000).optional() })
    .strict(),
};

const facts = z.unknown(); // produced by the host itself; the renderer reads it defensively (readPageMeta)
const state = z.union([
  z.object({ kind: z.literal('ready') }).strict(),
  z.object({ kind: z.literal('rebuilding'), done: z.number(), total: z.number() }).strict(),
]);

export const derivedEventSchemas = {
  'derived.changed': z
    .object({ seq: z.number(), pages: z.array(z.tuple([z.string(), facts])), state })
    .strict() as unknown as z.ZodType<DerivedEvents['derived.changed']>,
};
