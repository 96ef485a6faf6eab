import type { HostHandlers } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import type { MigrationRequests, MigrationState } from '../../shared/host/slices/migration';
import type { JournalStore } from '../services/store/types';
import { viaStore } from './storeErrors';

/**
 * Progress of moving a browser-only journal into the store, kept as one small JSON record in
 * the store's local 'app' space, so a migration interrupted by closing the app resumes.
 */
export type MigrationHandlers = Pick<HostHandlers, keyof MigrationRequests>;

export interface MigrationRecord {
  state: MigrationState;
  verified: number;
  total: number;
}

export const MIGRATION_SPACE = 'app';
export const MIGRATION_KEY = 'migration';
const NOT_STARTED: MigrationRecord = { state: 'not-started', verified: 0, total: 0 };
const STATES: ReadonlySet<string> = new Set<MigrationState>(['not-started', 'in-progress', 'done']);

export function createMigrationHandlers(store: JournalStore, log: (line: string) => void): MigrationHandlers {
  return {
    'migration.state': async () => {
      const raw = await viaStore(() => store.space(MIGRATION_SPACE).get(MIGRATION_KEY));
      if (raw === undefined) return { ...NOT_STARTED };
      const record = parseRecord(raw);
      if (!record) {
        // Starting over is safe: moving a page again is idempotent (Yjs), and verification is redone.
        log('kindred: the migration record is unreadable; the migration starts over.');
        return { ...NOT_STARTED };
      }
      return record;
    },
    'migration.record': async ({ state, verified, total }) => {
      if (verified > total) {
        throw new HostError('bad_request', `verified (${verified}) cannot be more than total (${total}).`);
      }
      const value = new TextEncoder().encode(JSON.stringify({ state, verified, total }));
      await viaStore(() => store.space(MIGRATION_SPACE).batch([{ type: 'put', key: MIGRATION_KEY, value }]));
      return { ok: true };
    },
  };
}

function parseRecord(raw: Uint8Array): MigrationRecord | null {
  try {
    const value = JSON.parse(new TextDecoder().decode(raw)) as Record<string, unknown>;
    const { state, verified, total } = value;
    if (typeof state !== 'string' || !STATES.has(state)) return null;
    if (!Number.isSafeInteger(verified) || !Number.isSafeInteger(total)) return null;
    if ((verified as number) < 0 || (verified as number) > (total as number)) return null;
    return { state: state as MigrationState, verified: verified as number, total: total as number };
  } catch {
    return null;
  }
}
