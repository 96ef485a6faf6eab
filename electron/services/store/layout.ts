/**
 * The on-disk layout (documented in docs/store-protocol.md — change both together).
 *
 *   meta/version            "1"
 *   meta/logId              32 hex chars (random 16 bytes), fixed for the life of the log
 *   meta/head               decimal seq of the latest change
 *   doc/<id>/info           JSON {"seq","next","count","bytes"}: the doc's seq, next record number,
 *                           how many update records it has and their total bytes
 *   doc/<id>/sv             the doc's Yjs state vector (v1)
 *   doc/<id>/u/<n>          one update record, n = 12-digit record number
 *   log/<seq>               docId; 16-digit seq; exactly one entry per doc (its latest seq)
 *   q/<id>/<n>/<time>       a quarantined record: the stored bytes exactly as they were
 *   sp/<name>/<key>         local key spaces (never synced)
 *
 * Doc ids match DOC_ID_PATTERN, so they never contain '/', and a doc's prefix never overlaps
 * another doc's.
 */
import { crc32 } from 'node:zlib';

export const LAYOUT_VERSION = '1';
export const DOC_ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
export const SPACE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
export const MAX_UPDATE_BYTES = 64 * 1024 * 1024;

export const META_VERSION = 'meta/version';
export const META_LOG_ID = 'meta/logId';
export const META_HEAD = 'meta/head';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export const infoKey = (docId: string): string => `doc/${docId}/info`;
export const svKey = (docId: string): string => `doc/${docId}/sv`;
export const recordPrefix = (docId: string): string => `doc/${docId}/u/`;
export const recordKey = (docId: string, n: number): string => `${recordPrefix(docId)}${pad(n, 12)}`;
export const LOG_PREFIX = 'log/';
export const logKey = (seq: number): string => `${LOG_PREFIX}${pad(seq, 16)}`;
export const seqFromLogKey = (key: string): number => Number(key.slice(LOG_PREFIX.length));
export const quarantinePrefix = (docId: string): string => `q/${docId}/`;
export const quarantineKey = (docId: string, recordNo: string, time: number): string =>
  `${quarantinePrefix(docId)}${recordNo}/${pad(time, 15)}`;
export const spacePrefix = (name: string): string => `sp/${name}/`;

/** The exclusive upper bound of every key starting with `prefix` (which ends in '/'). */
export const prefixEnd = (prefix: string): string => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

export interface DocInfo {
  seq: number;
  /** Next record number (never reused, so a key always names one record). */
  next: number;
  count: number;
  bytes: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export const encodeText = (s: string): Uint8Array => enc.encode(s);
export const decodeText = (b: Uint8Array): string => dec.decode(b);

export const encodeInfo = (info: DocInfo): Uint8Array => enc.encode(JSON.stringify(info));

export function decodeInfo(bytes: Uint8Array): DocInfo | null {
  try {
    const v = JSON.parse(dec.decode(bytes)) as Partial<DocInfo>;
    const ok = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
    if (ok(v.seq) && ok(v.next) && ok(v.count) && ok(v.bytes)) return { seq: v.seq, next: v.next, count: v.count, bytes: v.bytes };
    return null;
  } catch {
    return null;
  }
}

/**
 * An update record is [0x01][crc32 of the update, little-endian u32][update]. The checksum makes
 * damage at rest detectable: a flipped bit in a Yjs update often still decodes, with wrong content.
 */
const RECORD_VERSION = 1;
export const RECORD_HEADER_BYTES = 5;

export function encodeRecord(update: Uint8Array): Uint8Array {
  const out = new Uint8Array(RECORD_HEADER_BYTES + update.length);
  out[0] = RECORD_VERSION;
  new DataView(out.buffer).setUint32(1, crc32(update), true);
  out.set(update, RECORD_HEADER_BYTES);
  return out;
}

/** The update inside a record, or null if the record is damaged. */
export function decodeRecord(record: Uint8Array): Uint8Array | null {
  if (record.length < RECORD_HEADER_BYTES || record[0] !== RECORD_VERSION) return null;
  const update = record.subarray(RECORD_HEADER_BYTES);
  const stored = new DataView(record.buffer, record.byteOffset, record.byteLength).getUint32(1, true);
  return crc32(update) === stored ? update : null;
}
