import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants as zlib } from 'node:zlib';
import { SearchIndex, SearchIndexFormatError } from '../../../shared/search';
import type { KeyValueOp, KeyValueSpace } from '../store/types';

/**
 * The search index in the store's local `search` key space:
 * - `s/000` … `s/255`: one binary segment each (shared/search/segments.ts);
 * - `t/0000000000`…: the term dictionary the segments name words from, in append-only chunks
 *   keyed by their first word id (a save adds one chunk with the words it introduced);
 * - `meta`: JSON {format, logId, seq, names}: the log and cursor the segments reflect, and the
 *   people's names they were indexed with (a rename while the app was closed is found again).
 * Segments, terms and meta are written in one batch, so the cursor never runs ahead of them.
 *
 * Segments and chunks are stored compressed (brotli, quality 3: at 50,000 pages 157 MiB of
 * segments become 85 MiB; decompression runs on libuv's thread pool, so the host unpacks the
 * next round while it indexes this one, and answers queries while it waits). Format 2: a meta of format 1 (per-segment word lists,
 * uncompressed) is not read, and the host rebuilds the index from the store.
 */
export const SEARCH_SPACE = 'search';
export const SEARCH_FORMAT = 2;
export const SEGMENT_PREFIX = 's/';
export const SEGMENT_END = 's0'; // '0' follows '/'
export const TERMS_PREFIX = 't/';
export const TERMS_END = 't0';
const META_KEY = 'meta';
/** First byte of every stored record: how the rest is packed. */
const PACKED_BROTLI = 0x62; // 'b'
const BROTLI_QUALITY = 3;

const compress = promisify(brotliCompress);
const decompress = promisify(brotliDecompress);

export interface SearchMeta {
  format: number;
  logId: string;
  seq: number;
  names: Record<string, string>;
}

export const segmentKey = (seg: number): string => SEGMENT_PREFIX + String(seg).padStart(3, '0');
export const termsKey = (start: number): string => TERMS_PREFIX + String(start).padStart(10, '0');

/** Largest record we agree to unpack (a damaged length must not allocate gigabytes). */
const MAX_RECORD = 1 << 28;

/**
 * Compresses a segment or term chunk for storage (off the main thread). Layout: 'b', the
 * unpacked length (4 bytes, little-endian), the brotli stream. Knowing the length lets the
 * decompressor write it in one piece: with the default 16 KiB pieces every piece is a round
 * trip through the main thread, which is busy applying a round, and unpacking stalled.
 */
export async function packRecord(bytes: Uint8Array): Promise<Uint8Array> {
  const body = await compress(bytes, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  const out = new Uint8Array(body.length + 5);
  out[0] = PACKED_BROTLI;
  new DataView(out.buffer).setUint32(1, bytes.length, true);
  out.set(body, 5);
  return out;
}

/** The record `packRecord` stored; damaged or foreign bytes throw SearchIndexFormatError. */
export async function unpackRecord(stored: Uint8Array): Promise<Uint8Array> {
  if (stored.length < 6 || stored[0] !== PACKED_BROTLI) throw new SearchIndexFormatError('stored search record: unknown packing (an older format?)');
  const length = new DataView(stored.buffer, stored.byteOffset + 1, 4).getUint32(0, true);
  if (length > MAX_RECORD) throw new SearchIndexFormatError(`stored search record: implausible length ${length}`);
  let b: Buffer;
  try {
    b = await decompress(stored.subarray(5), { chunkSize: Math.max(64, length), maxOutputLength: Math.max(1, length) });
  } catch (err) {
    throw new SearchIndexFormatError(`stored search record: cannot decompress (${(err as Error).message})`);
  }
  if (b.length !== length) throw new SearchIndexFormatError(`stored search record: ${b.length} bytes, expected ${length}`);
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

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
 * Loads the stored term dictionary into an index (before any segment). Throws
 * SearchIndexFormatError when a chunk is damaged or missing: then no segment can be read.
 */
export async function loadSearchTerms(space: KeyValueSpace, index: SearchIndex): Promise<number> {
  const chunks: Promise<Uint8Array>[] = [];
  for await (const [, value] of space.entries({ gt: TERMS_PREFIX, lt: TERMS_END })) chunks.push(unpackRecord(value));
  return index.loadTermChunks(await Promise.all(chunks));
}

/** One round of stored segments, unpacked: bytes, or why they cannot be read. */
export type UnpackedSegment = { key: string; bytes: Uint8Array } | { key: string; error: SearchIndexFormatError };

/**
 * Unpacks one round of stored segments on the thread pool, all at once: the host applies the
 * previous round meanwhile. (One after another would need the main thread between records,
 * and it is busy applying: the records then unpacked only after the round, not during it.)
 */
export function unpackSegments(round: readonly [string, Uint8Array][]): Promise<UnpackedSegment[]> {
  return Promise.all(
    round.map(([key, value]) =>
      unpackRecord(value).then(
        (bytes): UnpackedSegment => ({ key, bytes }),
        (error: unknown): UnpackedSegment => {
          if (error instanceof SearchIndexFormatError) return { key, error };
          throw error;
        },
      ),
    ),
  );
}

/**
 * Writes the segments changed since the last save, the words they introduced and `meta` (null:
 * segments only) in one batch. Nothing is written when nothing changed. A failed write marks
 * the segments dirty again (and their words stay unsaved).
 */
export async function saveSearch(space: KeyValueSpace, index: SearchIndex, meta: SearchMeta | null): Promise<number> {
  const dirty = index.takeDirtySegments();
  const ops: KeyValueOp[] = [];
  try {
    const packing: Promise<Uint8Array>[] = [];
    for (const seg of dirty) {
      packing.push(packRecord(index.encodeSegment(seg)));
      // Encoding a segment is a few ms: let queries in between (the host keeps answering).
      if (packing.length % 8 === 0) await new Promise((r) => setImmediate(r));
    }
    const packed = await Promise.all(packing);
    dirty.forEach((seg, i) => ops.push({ type: 'put', key: segmentKey(seg), value: packed[i] as Uint8Array }));
    // After the segments: their words all have ids now.
    const terms = index.encodeTermChunk();
    if (terms) ops.push({ type: 'put', key: termsKey(terms.start), value: await packRecord(terms.bytes) });
    if (meta && (ops.length > 0 || !(await sameMeta(space, meta)))) {
      ops.push({ type: 'put', key: META_KEY, value: new TextEncoder().encode(JSON.stringify(meta)) });
    }
    if (ops.length > 0) await space.batch(ops);
    if (terms) index.markTermsSaved(terms.end);
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
