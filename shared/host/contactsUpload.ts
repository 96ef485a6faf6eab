import { toBase64 } from './base64';
import type { HostClient } from './contract';
import { CONTACTS_FILE_MAX_BYTES, CONTACTS_INLINE_BYTES, CONTACTS_MAX_FILES, CONTACTS_PART_BYTES, CONTACTS_TOTAL_MAX_BYTES } from './limits';
import type { ContactsFileIn, ContactsPreviewView } from './slices/contacts';

/**
 * Sends vCard files to the host and asks for the preview. Small selections go inline in one
 * `contacts.preview`; anything larger is uploaded file by file in parts first (frames stay under
 * the web host's 1 MiB cap), then named by upload id. Limits the host would refuse are said here
 * first, in plain words, before any byte is sent.
 */
export interface ContactFile {
  name: string;
  bytes: Uint8Array;
}

export class ContactsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContactsFileError';
  }
}

const MIB = 1024 * 1024;

/** A plain-words reason the selection cannot be sent, or null. */
export function checkContactFiles(files: readonly ContactFile[]): string | null {
  if (files.length === 0) return 'Choose at least one contacts file (.vcf).';
  if (files.length > CONTACTS_MAX_FILES) return `Choose at most ${CONTACTS_MAX_FILES} files at once.`;
  const big = files.find((f) => f.bytes.length > CONTACTS_FILE_MAX_BYTES);
  if (big) return `“${big.name}” is larger than ${CONTACTS_FILE_MAX_BYTES / MIB} MiB; contact files are much smaller.`;
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  if (total > CONTACTS_TOTAL_MAX_BYTES) return `These files have more than ${CONTACTS_TOTAL_MAX_BYTES / MIB} MiB together; import them in smaller groups.`;
  return null;
}

const uploadId = (): string => {
  const raw = new Uint8Array(12);
  crypto.getRandomValues(raw);
  return toBase64(raw).replace(/\+/g, '-').replace(/\//g, '_');
};

export async function previewContactFiles(
  host: HostClient,
  files: readonly ContactFile[],
  onProgress?: (sentBytes: number, totalBytes: number) => void,
): Promise<ContactsPreviewView> {
  const problem = checkContactFiles(files);
  if (problem) throw new ContactsFileError(problem);
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  let params: ContactsFileIn[];
  if (total <= CONTACTS_INLINE_BYTES) {
    params = files.map((f) => ({ name: f.name, bytesB64: toBase64(f.bytes) }));
  } else {
    params = [];
    let sent = 0;
    for (const f of files) {
      const id = uploadId();
      const count = Math.max(1, Math.ceil(f.bytes.length / CONTACTS_PART_BYTES));
      for (let index = 0; index < count; index++) {
        const part = f.bytes.subarray(index * CONTACTS_PART_BYTES, (index + 1) * CONTACTS_PART_BYTES);
        // An empty file is still one (empty) part; base64 of nothing is '', which the schema refuses.
        if (part.length === 0) break;
        await host.request('contacts.upload.part', { uploadId: id, index, count, bytesB64: toBase64(part) });
        sent += part.length;
        onProgress?.(sent, total);
      }
      params.push(f.bytes.length === 0 ? { name: f.name, bytesB64: '' } : { name: f.name, uploadId: id });
    }
  }
  return host.request('contacts.preview', { files: params });
}
