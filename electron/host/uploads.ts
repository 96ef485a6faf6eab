import { HostError } from '../../shared/host/errors';
import { MAX_UPDATE_BYTES } from '../../shared/host/slices/replica';

/**
 * Reassembles multi-part `replica.push` uploads, per client and upload id. Parts must arrive in
 * order (0, 1, …, count-1) with the same doc and count; anything else is a bad_request and the
 * upload is dropped, so a confused client starts over instead of storing a spliced update.
 * Bounded: an upload may not exceed MAX_UPDATE_BYTES, all uploads together not `maxBytes`
 * (past that new uploads are refused as `unavailable`, the others carry on), and an upload
 * idle for `ttlMs` is dropped.
 */
export interface UploadOptions {
  ttlMs?: number;
  maxBytes?: number;
  maxUpdateBytes?: number;
  now?: () => number;
}

export interface PartIn {
  docId: string;
  id: string;
  index: number;
  count: number;
  bytes: Uint8Array;
}

export interface UploadAssembler {
  /** Adds one part; returns the whole update after the last part, else null. */
  add(clientId: string, part: PartIn): Uint8Array | null;
  clientGone(clientId: string): void;
  heldBytes(): number;
  dispose(): void;
}

interface Upload {
  docId: string;
  count: number;
  next: number;
  parts: Uint8Array[];
  bytes: number;
  expiresAt: number;
}

export const UPLOAD_TTL_MS = 60_000;
export const UPLOADS_MAX_BYTES = 2 * MAX_UPDATE_BYTES;

export function createUploadAssembler(options: UploadOptions = {}): UploadAssembler {
  const ttl = options.ttlMs ?? UPLOAD_TTL_MS;
  const maxBytes = options.maxBytes ?? UPLOADS_MAX_BYTES;
  const maxUpdate = options.maxUpdateBytes ?? MAX_UPDATE_BYTES;
  const now = options.now ?? Date.now;
  const uploads = new Map<string, Upload>();
  let held = 0;

  // Client ids never contain a newline, so the pair is unambiguous.
  const keyOf = (clientId: string, id: string): string => `${clientId}\n${id}`;
  const drop = (key: string): void => {
    const u = uploads.get(key);
    if (!u) return;
    uploads.delete(key);
    held -= u.bytes;
  };
  const sweep = (): void => {
    const t = now();
    for (const [key, u] of uploads) if (u.expiresAt <= t) drop(key);
  };
  const timer = setInterval(sweep, Math.max(1000, Math.floor(ttl / 4)));
  timer.unref?.();
  const refuse = (key: string, message: string): never => {
    drop(key);
    throw new HostError('bad_request', message);
  };

  return {
    add(clientId, part) {
      sweep();
      const key = keyOf(clientId, part.id);
      let upload = uploads.get(key);
      if (!upload) {
        if (part.index !== 0) {
          throw new HostError('bad_request', `Upload "${part.id}" is unknown or expired; start again from part 0.`);
        }
        upload = { docId: part.docId, count: part.count, next: 0, parts: [], bytes: 0, expiresAt: 0 };
        uploads.set(key, upload);
      }
      if (part.docId !== upload.docId) refuse(key, `Upload "${part.id}" is for "${upload.docId}", not "${part.docId}".`);
      if (part.count !== upload.count) refuse(key, `Upload "${part.id}" has ${upload.count} parts, not ${part.count}.`);
      if (part.index !== upload.next) {
        refuse(key, `Upload "${part.id}" expected part ${upload.next}, got ${part.index}; start again.`);
      }
      if (upload.bytes + part.bytes.length > maxUpdate) {
        refuse(key, `Upload "${part.id}" is larger than ${maxUpdate} bytes.`);
      }
      if (held + part.bytes.length > maxBytes) {
        drop(key);
        throw new HostError('unavailable', 'Too many large uploads at once; try again shortly.');
      }
      upload.parts.push(part.bytes.slice());
      upload.bytes += part.bytes.length;
      held += part.bytes.length;
      upload.next += 1;
      upload.expiresAt = now() + ttl;
      if (upload.next < upload.count) return null;
      drop(key);
      const whole = new Uint8Array(upload.bytes);
      let at = 0;
      for (const p of upload.parts) {
        whole.set(p, at);
        at += p.length;
      }
      return whole;
    },
    clientGone(clientId) {
      const prefix = `${clientId}\n`;
      for (const key of uploads.keys()) if (key.startsWith(prefix)) drop(key);
    },
    heldBytes: () => held,
    dispose() {
      clearInterval(timer);
      uploads.clear();
      held = 0;
    },
  };
}
