import { toBase64 } from '../../../shared/host/base64';
import type { HostClient } from '../../../shared/host/contract';
import { DATA_PART_BYTES, DATA_UPLOAD_MAX_BYTES } from '../../../shared/host/limits';

/**
 * Sends a backup file chosen in the browser to the host in parts (`data.upload.part`; frames
 * stay under the web host's 1 MiB cap), reading one part of the file at a time so a 50 MB backup
 * is never in memory at once. Answers the upload id `data.restorePreview` names.
 */
export interface BlobLike {
  size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export class BackupFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupFileError';
  }
}

const newUploadId = (): string => {
  const raw = new Uint8Array(12);
  crypto.getRandomValues(raw);
  return toBase64(raw).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

export async function uploadBackup(
  host: HostClient,
  file: BlobLike,
  onProgress?: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  if (file.size === 0) throw new BackupFileError('This file is empty, so it is not a Kindred backup.');
  if (file.size > DATA_UPLOAD_MAX_BYTES) throw new BackupFileError(`This file is larger than ${DATA_UPLOAD_MAX_BYTES / 1024 / 1024} MiB; it is not a Kindred backup.`);
  const uploadId = newUploadId();
  const count = Math.ceil(file.size / DATA_PART_BYTES);
  for (let index = 0; index < count; index++) {
    signal?.throwIfAborted();
    const start = index * DATA_PART_BYTES;
    const bytes = new Uint8Array(await file.slice(start, Math.min(file.size, start + DATA_PART_BYTES)).arrayBuffer());
    await host.request('data.upload.part', { uploadId, index, count, bytesB64: toBase64(bytes) });
    onProgress?.(start + bytes.length, file.size);
  }
  return uploadId;
}
