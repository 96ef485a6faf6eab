/**
 * Per-peer cursors into each peer's change log, kept in a local (never synced) key space of the
 * store: one key per peer device, the value `{"logId","seq"}` as JSON. A value that cannot be read
 * counts as no cursor (the next session lists everything, which is always safe).
 */
import type { KeyValueSpace } from '../../store/types';
import type { CursorBook } from '../types';

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });
const KEY_PREFIX = 'cursor/';

export function createCursorBook(space: KeyValueSpace): CursorBook {
  return {
    async get(deviceId) {
      const bytes = await space.get(KEY_PREFIX + deviceId);
      if (!bytes) return null;
      try {
        const v = JSON.parse(dec.decode(bytes)) as { logId?: unknown; seq?: unknown };
        if (typeof v.logId === 'string' && typeof v.seq === 'number' && Number.isSafeInteger(v.seq) && v.seq >= 0) return { logId: v.logId, seq: v.seq };
      } catch {
        // fall through: unreadable = no cursor
      }
      return null;
    },
    async set(deviceId, cursor) {
      if (!Number.isSafeInteger(cursor.seq) || cursor.seq < 0) throw new Error(`A cursor's seq must be a whole number ≥ 0 (got ${cursor.seq}).`);
      await space.batch([{ type: 'put', key: KEY_PREFIX + deviceId, value: enc.encode(JSON.stringify({ logId: cursor.logId, seq: cursor.seq })) }]);
    },
    async delete(deviceId) {
      await space.batch([{ type: 'del', key: KEY_PREFIX + deviceId }]);
    },
  };
}
