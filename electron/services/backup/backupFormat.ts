/**
 * The backup file format, version 1 (docs/backup-format.md — change both together).
 *
 *   header   "KINDRED-BACKUP" (14 ASCII bytes) · version u16 · created ms u64 · doc count u32 · reserved u32 (0)
 *   entry    id length u8 · id (ASCII, a store doc id) · update length u32 · update · crc32 u32
 *            (the crc covers the entry's bytes before it: id length, id, update length, update)
 *   trailer  SHA-256 of every byte before it (32 bytes)
 *
 * Integers are big-endian. The per-entry crc names the damaged doc; the trailer proves the file
 * is whole (a truncated or spliced file never passes). `parseBackup` checks all of it, and that
 * every update is a complete Yjs update, before a caller sees a single doc.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import * as Y from 'yjs';
import { DOC_ID_PATTERN, MAX_UPDATE_BYTES } from '../store/layout';

export const BACKUP_MAGIC = 'KINDRED-BACKUP';
export const BACKUP_VERSION = 1;
export const HEADER_BYTES = 32;
export const TRAILER_BYTES = 32;
/** Far above any journal (10k pages ≈ 10k docs); stops a damaged count from driving a huge loop. */
export const MAX_BACKUP_DOCS = 10_000_000;
/** The file name ending used by the app and autoBackup. */
export const BACKUP_EXTENSION = '.kindred-backup';

export type BackupErrorCode =
  | 'not_backup' // wrong magic, or too short to hold a header
  | 'newer_version' // written by a newer Kindred
  | 'bad_version'
  | 'truncated'
  | 'damaged' // checksum mismatch (bit flips), inconsistent counts or reserved fields
  | 'bad_doc_id'
  | 'duplicate_doc'
  | 'bad_update' // checksums fine, but an update is not a complete Yjs update
  | 'not_empty' // restore target already holds a journal (and no merge was asked for)
  | 'unreadable'; // the file could not be read at all

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupDoc {
  id: string;
  /** The doc's whole Yjs update (v1), as the restored store will hold it. */
  update: Uint8Array;
  /** Its state vector (checked to be complete on its own). */
  sv: Uint8Array;
}

export interface ParsedBackup {
  version: number;
  /** When the backup was written (ms since the epoch). */
  createdAt: number;
  docs: BackupDoc[];
  bytes: number;
  /** Hex SHA-256 of the file's content (its trailer). */
  sha256: string;
}

const ascii = new TextEncoder();

export function encodeHeader(createdAt: number, docCount: number): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES);
  out.set(ascii.encode(BACKUP_MAGIC), 0);
  const v = new DataView(out.buffer);
  v.setUint16(14, BACKUP_VERSION);
  v.setBigUint64(16, BigInt(Math.max(0, Math.floor(createdAt))));
  v.setUint32(24, docCount);
  v.setUint32(28, 0);
  return out;
}

/** One entry, crc included. The id must already be a valid doc id. */
export function encodeEntry(id: string, update: Uint8Array): Uint8Array {
  const idBytes = ascii.encode(id);
  const out = new Uint8Array(1 + idBytes.length + 4 + update.length + 4);
  const v = new DataView(out.buffer);
  out[0] = idBytes.length;
  out.set(idBytes, 1);
  v.setUint32(1 + idBytes.length, update.length);
  out.set(update, 5 + idBytes.length);
  v.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)));
  return out;
}

/**
 * Validates a whole backup (see the file comment) and returns its docs. Throws a BackupError
 * with a specific code and a message naming `name` (the file as the user knows it).
 */
export function parseBackup(bytes: Uint8Array, name: string): ParsedBackup {
  if (bytes.length < BACKUP_MAGIC.length || !startsWithMagic(bytes)) {
    throw new BackupError('not_backup', `${name} is not a Kindred backup (it does not start with "${BACKUP_MAGIC}").`);
  }
  if (bytes.length < HEADER_BYTES) {
    throw new BackupError('truncated', `${name} is incomplete: it ends inside its header (${bytes.length} bytes). Was the copy interrupted?`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(14);
  if (version > BACKUP_VERSION) {
    throw new BackupError('newer_version', `${name} was made by a newer Kindred (backup format ${version}); this Kindred reads format ${BACKUP_VERSION}. Update Kindred to restore it.`);
  }
  if (version !== BACKUP_VERSION) {
    throw new BackupError('bad_version', `${name} has backup format ${version}, which no Kindred writes; the file is damaged.`);
  }
  const createdBig = view.getBigUint64(16);
  const count = view.getUint32(24);
  const reserved = view.getUint32(28);
  if (count > MAX_BACKUP_DOCS || reserved !== 0 || createdBig > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new BackupError('damaged', `${name} is damaged: its header does not make sense.`);
  }

  // Walk the entries: structure and per-entry checksums first, so damage is reported as such.
  const entries: Array<{ start: number; idEnd: number; updateEnd: number }> = [];
  let at = HEADER_BYTES;
  const truncated = (): never => {
    throw new BackupError('truncated', `${name} is incomplete: it ends after ${entries.length} of ${count} pages. Was the copy interrupted?`);
  };
  for (let i = 0; i < count; i++) {
    const start = at;
    if (at + 1 > bytes.length) truncated();
    const idLength = bytes[at] as number;
    at += 1 + idLength;
    if (at + 4 > bytes.length) truncated();
    const updateLength = view.getUint32(at);
    if (updateLength > MAX_UPDATE_BYTES) {
      throw new BackupError('damaged', `${name} is damaged: entry ${i + 1} claims ${updateLength} bytes, more than any page holds.`);
    }
    const idEnd = at;
    at += 4 + updateLength;
    if (at + 4 > bytes.length) truncated();
    const stored = view.getUint32(at);
    if (crc32(bytes.subarray(start, at)) !== stored) {
      throw new BackupError('damaged', `${name} is damaged: entry ${i + 1} of ${count} fails its checksum.`);
    }
    at += 4;
    entries.push({ start, idEnd, updateEnd: at - 4 });
  }
  if (at + TRAILER_BYTES > bytes.length) truncated();
  if (at + TRAILER_BYTES < bytes.length) {
    throw new BackupError('damaged', `${name} is damaged: it has ${bytes.length - at - TRAILER_BYTES} unexpected bytes after its last page.`);
  }
  const digest = createHash('sha256').update(bytes.subarray(0, at)).digest();
  if (!digest.equals(bytes.subarray(at, at + TRAILER_BYTES))) {
    throw new BackupError('damaged', `${name} is damaged: its checksum does not match its content.`);
  }

  // The content is what was written; now check that it is something a store accepts.
  const seen = new Set<string>();
  const docs: BackupDoc[] = [];
  const latin = new TextDecoder('latin1');
  for (const [i, e] of entries.entries()) {
    const id = latin.decode(bytes.subarray(e.start + 1, e.idEnd));
    if (!DOC_ID_PATTERN.test(id)) {
      throw new BackupError('bad_doc_id', `${name} holds an entry (${i + 1}) whose id ${JSON.stringify(id.slice(0, 90))} is not a page id.`);
    }
    if (seen.has(id)) throw new BackupError('duplicate_doc', `${name} holds the page ${id} twice; it was not written by Kindred.`);
    seen.add(id);
    const update = bytes.subarray(e.idEnd + 4, e.updateEnd);
    const inspected = inspectUpdate(update);
    if ('problem' in inspected) throw new BackupError('bad_update', `${name} holds page ${id}, which ${inspected.problem}.`);
    docs.push({ id, update, sv: inspected.sv });
  }
  return { version, createdAt: Number(createdBig), docs, bytes: bytes.length, sha256: digest.toString('hex') };
}

function startsWithMagic(bytes: Uint8Array): boolean {
  for (let i = 0; i < BACKUP_MAGIC.length; i++) if (bytes[i] !== BACKUP_MAGIC.charCodeAt(i)) return false;
  return true;
}

/**
 * Checks, without integrating it into a Y.Doc (4–5x cheaper at 10k pages), that an update is
 * complete on its own: it decodes, each client's structs run from clock 0 without gaps, every
 * struct it builds on (origin, right origin, parent) and everything it deletes is inside it. That
 * is what "nothing pending" means when the update is applied to an empty doc. Returns the update's
 * state vector (the store's encoding, as Y.encodeStateVector writes it) or a reason.
 */
export function inspectUpdate(update: Uint8Array): { sv: Uint8Array } | { problem: string } {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return { problem: 'could not be decoded' };
  }
  const incomplete = { problem: 'depends on changes the backup does not have' };
  const clocks = new Map<number, number>();
  for (const s of decoded.structs) {
    if (s instanceof Y.Skip) return incomplete;
    const { client, clock } = s.id;
    if ((clocks.get(client) ?? 0) !== clock) return incomplete;
    clocks.set(client, clock + s.length);
  }
  const has = (id: Y.ID | null | undefined): boolean => !id || (clocks.get(id.client) ?? 0) > id.clock;
  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) continue;
    const parent = s.parent as unknown;
    if (!has(s.origin) || !has(s.rightOrigin) || (parent instanceof Y.ID && !has(parent))) return incomplete;
  }
  for (const [client, deletes] of decoded.ds.clients) {
    for (const d of deletes) if (d.clock + d.len > (clocks.get(client) ?? 0)) return incomplete;
  }
  return { sv: Y.encodeStateVector(clocks) };
}

/**
 * A doc re-encoded from a fresh Y.Doc: only what integrates. The fallback for a stored update
 * that does not pass inspectUpdate (not expected: the store refuses updates that leave anything
 * pending), so that every backup Kindred writes can be restored. Null when nothing is left.
 */
export function canonicalUpdate(stored: Uint8Array): Uint8Array | null {
  const doc = new Y.Doc();
  let emitted: Uint8Array | null = null;
  doc.on('update', (u: Uint8Array) => {
    emitted = u;
  });
  try {
    Y.applyUpdate(doc, stored);
  } finally {
    doc.destroy();
  }
  return emitted;
}
