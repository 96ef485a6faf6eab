import { z } from 'zod';
import { CONTACTS_MAX_FILES, CONTACTS_FILE_MAX_BYTES, CONTACTS_TOTAL_MAX_BYTES, CONTACTS_FILE_NAME_MAX, CONTACTS_PART_BYTES, CONTACTS_MAX_PARTS } from '../limits';
export { CONTACTS_MAX_FILES, CONTACTS_FILE_MAX_BYTES, CONTACTS_TOTAL_MAX_BYTES, CONTACTS_FILE_NAME_MAX, CONTACTS_PART_BYTES, CONTACTS_MAX_PARTS, CONTACTS_INLINE_BYTES, PREVIEW_TTL_MS } from '../limits';

/**
 * `contacts.*`: importing vCard files from inside the app (File → Import contacts…, drag and
 * drop on People). Two steps, so nothing is written before the user says "Import":
 *   `contacts.preview` reads the files against the host's journal and answers a plain summary
 *   (who is added, updated, skipped and why, every problem with its file); the host keeps the
 *   full preview under `previewId` for PREVIEW_TTL_MS, for one use.
 *   `contacts.import {previewId}` applies it to the host's store (origin 'import'); the
 *   workspace doc then reaches every window through the replica link.
 * Files travel as base64. The web host caps a frame at 1 MiB, so a request carrying more than
 * CONTACTS_INLINE_BYTES sends its files first in parts of CONTACTS_PART_BYTES
 * (`contacts.upload.part`) and names them by `uploadId` in `contacts.preview`.
 */


export type ContactsFileIn = { name: string; bytesB64: string } | { name: string; uploadId: string };

export interface ContactsPreviewView {
  /** Names the full preview the host keeps (10 minutes, one use). */
  previewId: string;
  expiresAt: number;
  files: number;
  cards: number;
  /** `detail`: plain words ("Birthday March 14 · from friends.vcf"). */
  add: { name: string; detail: string }[];
  /** `changes`: plain words, one per line ("Adds birthday March 14", "Kept as it is: …"). */
  update: { name: string; changes: string[] }[];
  skip: { name: string | null; file: string; reason: string }[];
  /** `level` info = a field not imported (a photo too large, an address…); error = a file or card not read. */
  problems: { file: string; card: number | null; reason: string; level: 'error' | 'warning' | 'info' }[];
}

export interface ContactsRequests {
  /** One part of a file too large to go inline; parts in order 0…count-1. */
  'contacts.upload.part': {
    params: { uploadId: string; index: number; count: number; bytesB64: string };
    result: { done: boolean };
  };
  /** Reads the files; writes nothing. */
  'contacts.preview': { params: { files: ContactsFileIn[] }; result: ContactsPreviewView };
  /** Applies a preview made by this window (once). */
  'contacts.import': { params: { previewId: string }; result: { added: number; updated: number } };
  /** The user cancelled: the host forgets the preview now instead of in 10 minutes. */
  'contacts.discard': { params: { previewId: string }; result: { ok: true } };
}

export type ContactsEvents = Record<never, never>;

const b64Max = (bytes: number): number => Math.ceil(bytes / 3) * 4;
/** Decoded length of (well-formed) base64 text. */
export const decodedLength = (b64: string): number =>
  Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);

const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const fileName = z
  .string()
  .min(1, 'A file needs a name.')
  .max(CONTACTS_FILE_NAME_MAX, `A file name has at most ${CONTACTS_FILE_NAME_MAX} characters.`);
const inlineFile = z
  .object({
    name: fileName,
    bytesB64: z.string().max(b64Max(CONTACTS_FILE_MAX_BYTES), `A file may have at most ${CONTACTS_FILE_MAX_BYTES / 1024 / 1024} MiB.`),
  })
  .strict();
const uploadedFile = z.object({ name: fileName, uploadId: id }).strict();

export const contactsRequestSchemas = {
  'contacts.upload.part': z
    .object({
      uploadId: id,
      index: z.number().int().min(0),
      count: z.number().int().min(1).max(CONTACTS_MAX_PARTS, `A file may have at most ${CONTACTS_FILE_MAX_BYTES / 1024 / 1024} MiB.`),
      bytesB64: z.string().min(1).max(b64Max(CONTACTS_PART_BYTES)),
    })
    .strict()
    .refine((p) => p.index < p.count, 'index must be below count'),
  'contacts.preview': z
    .object({
      files: z
        .array(z.union([inlineFile, uploadedFile]))
        .min(1, 'Choose at least one file.')
        .max(CONTACTS_MAX_FILES, `At most ${CONTACTS_MAX_FILES} files at once.`)
        .refine(
          (files) => files.reduce((n, f) => n + ('bytesB64' in f ? decodedLength(f.bytesB64) : 0), 0) <= CONTACTS_TOTAL_MAX_BYTES,
          `The files may have at most ${CONTACTS_TOTAL_MAX_BYTES / 1024 / 1024} MiB together.`,
        ),
    })
    .strict(),
  'contacts.import': z.object({ previewId: id }).strict(),
  'contacts.discard': z.object({ previewId: id }).strict(),
};

export const contactsEventSchemas = {};
