import { z } from 'zod';

/**
 * `migration.*`: moving a journal that lived only in this browser profile's IndexedDB into the
 * host's store. The renderer does the moving (only it can read that IndexedDB); the store keeps
 * the progress, so closing the app halfway resumes where it stopped. Pages are moved in sorted
 * id order and `verified` counts how many of them are known identical in the store.
 */
export type MigrationState = 'not-started' | 'in-progress' | 'done';

export interface MigrationRequests {
  'migration.state': {
    params: Record<string, never>;
    result: { state: MigrationState; verified: number; total: number };
  };
  'migration.record': {
    params: { state: MigrationState; verified: number; total: number };
    result: { ok: true };
  };
}

export interface MigrationEvents {}

export const migrationRequestSchemas = {
  'migration.state': z.object({}).strict(),
  'migration.record': z
    .object({
      state: z.enum(['not-started', 'in-progress', 'done']),
      verified: z.number().int().min(0),
      total: z.number().int().min(0),
    })
    .strict(),
};
