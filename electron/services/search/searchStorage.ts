import { SearchIndex } from '../../../shared/search';
import type { KeyValueOp, KeyValueSpace } from '../store/types';

/**
 * The search index in the store's local `search` key space:
 * - `s/000` … `s/255`: one binary segment each (shared/search/segments.ts);
 * - `meta`: JSON {format, logId, seq, names}: the log and cursor the segments reflect, and the
 *   people's names they were indexed with (a rename while the app was closed is found again).
 * Segments and meta are written in one batch, so the cursor never runs ahead of the segments.
 */
export const SEARCH_SPACE = 'search';
export const SEARCH_FORMAT = 1;
export const SEGMENT_PREFIX = 's/';
export const SEGMENT_END = 's0'; // '0' follows '/'
const META_KEY = 'meta';

export interface SearchMeta {
  format: number;
  logId: string;
  seq: number;
  names: Record<string, string>;
}

export const segmentKey = (seg: number): string => SEGMENT_PREFIX + String(seg).padStart(3, '0');

export async function readSearchMeta(space: KeyValueSpace): Promise<SearchMeta | null> {
  const bytes = await space.get(META_KEY);
  if (!bytes) return null;
  try {
    const m = JSON.parse(new TextDecoder().decode(bytes)) as Partial<SearchMeta>;
    if (m.format !== SEARCH_FORMAT || typeof m.logId !== 'string' || typeof m.seq !== 'number' || m.seq < 0) return null;
    const names = typeof m.names === 'object' && m.names !== null ? (m.names as Record<string, string>) : {};
    return { format: m.format, logId: m.logId, seq: m.seq, names };
  } catch {
    return null;
  }
}

/**
 * Writes the segments changed since the last save and `meta` (null: segments only) in one
 * batch. Nothing is written when nothing changed. A failed write marks the segments dirty again.
 */
export async function saveSearch(space: KeyValueSpace, index: SearchIndex, meta: SearchMeta | null): Promise<number> {
  const dirty = index.takeDirtySegments();
  const ops: KeyValueOp[] = [];
  try {
    for (const seg of dirty) {
      ops.push({ type: 'put', key: segmentKey(seg), value: index.encodeSegment(seg) });
      // Encoding a segment is a few ms: let queries in between (the host keeps answering).
      if (ops.length % 8 === 0) await new Promise((r) => setImmediate(r));
    }
    if (meta && (dirty.length > 0 || !(await sameMeta(space, meta)))) {
      ops.push({ type: 'put', key: META_KEY, value: new TextEncoder().encode(JSON.stringify(meta)) });
    }
    if (ops.length > 0) await space.batch(ops);
  } catch (err) {
    index.markDirty(dirty);
    throw err;
  }
  return ops.length;
}

async function sameMeta(space: KeyValueSpace, meta: SearchMeta): Promise<boolean> {
  const old = await readSearchMeta(space);
  return old !== null && JSON.stringify(old) === JSON.stringify(meta);
}

export { SearchIndex };
