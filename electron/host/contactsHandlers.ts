import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { WORKSPACE_DOC_ID } from '../../shared/domain/workspace';
import type { HostHandlers } from '../../shared/host/contract';
import { fromBase64 } from '../../shared/host/base64';
import { HostError } from '../../shared/host/errors';
import {
  CONTACTS_FILE_MAX_BYTES,
  CONTACTS_TOTAL_MAX_BYTES,
  PREVIEW_TTL_MS,
  type ContactsPreviewView,
  type ContactsRequests,
} from '../../shared/host/slices/contacts';
import { applyImport, previewImport, settlePhotos, type ImportFile, type ImportPreview, type PlannedDate } from '../services/contacts';
import type { JournalStore } from '../services/store/types';
import { createUploadAssembler } from './uploads';

/**
 * `contacts.*` over the vCard importer (electron/services/contacts): preview against the
 * store's workspace doc, keep the full preview on the host (10 minutes, one use, only for the
 * window that made it), apply it with applyImport (one update, origin 'import'). Large files
 * arrive first in parts through the same assembler `replica.push` uses. Everything held is
 * bounded: uploads by size, finished uploads and previews by count and age.
 */
export type ContactsHandlers = Pick<HostHandlers, keyof ContactsRequests>;

export interface ContactsServices {
  store: JournalStore;
  /** The host's clock (ms). */
  now?: () => number;
  /** How long a preview is kept (tests shorten it); PREVIEW_TTL_MS by default. */
  previewTtlMs?: number;
  /** How long a finished upload waits for its `contacts.preview`. */
  uploadTtlMs?: number;
}

export interface ContactsSlice {
  handlers: ContactsHandlers;
  clientGone(clientId: string): void;
  dispose(): void;
}

/** Previews held at once, all windows together (each holds the parsed cards of ≤ 16 MiB). */
const MAX_PREVIEWS = 8;
const UPLOAD_DOC = 'contacts';

interface Held<T> {
  clientId: string;
  value: T;
  expiresAt: number;
}

export function createContactsSlice(services: ContactsServices): ContactsSlice {
  const now = services.now ?? Date.now;
  const previewTtl = services.previewTtlMs ?? PREVIEW_TTL_MS;
  const uploadTtl = services.uploadTtlMs ?? 60_000;
  const assembler = createUploadAssembler({
    ttlMs: uploadTtl,
    maxUpdateBytes: CONTACTS_FILE_MAX_BYTES,
    maxBytes: CONTACTS_TOTAL_MAX_BYTES,
    now,
  });
  const uploaded = new Map<string, Held<Uint8Array>>();
  const previews = new Map<string, Held<ImportPreview>>();
  const keyOf = (clientId: string, id: string): string => `${clientId}\n${id}`;
  const uploadedBytes = (): number => [...uploaded.values()].reduce((n, u) => n + u.value.length, 0);
  const sweep = (): void => {
    const t = now();
    for (const [k, u] of uploaded) if (u.expiresAt <= t) uploaded.delete(k);
    for (const [k, p] of previews) if (p.expiresAt <= t) previews.delete(k);
  };
  const timer = setInterval(sweep, 30_000);
  timer.unref?.();

  const handlers: ContactsHandlers = {
    'contacts.upload.part': async ({ uploadId, index, count, bytesB64 }, { clientId }) => {
      sweep();
      const whole = assembler.add(clientId, { docId: UPLOAD_DOC, id: uploadId, index, count, bytes: decode(bytesB64) });
      if (!whole) return { done: false };
      if (uploadedBytes() + whole.length > CONTACTS_TOTAL_MAX_BYTES) {
        throw new HostError('unavailable', 'Too many files waiting to be read; try again shortly.');
      }
      uploaded.set(keyOf(clientId, uploadId), { clientId, value: whole, expiresAt: now() + uploadTtl });
      return { done: true };
    },

    'contacts.preview': async ({ files }, { clientId }) => {
      sweep();
      const read: ImportFile[] = [];
      let total = 0;
      for (const f of files) {
        let bytes: Uint8Array;
        if ('bytesB64' in f) bytes = decode(f.bytesB64);
        else {
          const u = uploaded.get(keyOf(clientId, f.uploadId));
          if (!u) throw new HostError('bad_request', `The file "${f.name}" was not received (or waited too long); choose it again.`);
          bytes = u.value;
        }
        if (bytes.length > CONTACTS_FILE_MAX_BYTES) {
          throw new HostError('refused', `"${f.name}" is larger than ${CONTACTS_FILE_MAX_BYTES / 1024 / 1024} MiB; contact files are much smaller.`);
        }
        total += bytes.length;
        read.push({ name: f.name, bytes });
      }
      for (const f of files) if ('uploadId' in f) uploaded.delete(keyOf(clientId, f.uploadId));
      if (total > CONTACTS_TOTAL_MAX_BYTES) {
        throw new HostError('refused', `The files may have at most ${CONTACTS_TOTAL_MAX_BYTES / 1024 / 1024} MiB together.`);
      }
      const ws = new Y.Doc();
      let preview: ImportPreview;
      try {
        const stored = await services.store.getUpdate(WORKSPACE_DOC_ID);
        if (stored) Y.applyUpdate(ws, stored);
        preview = previewImport(ws, read);
      } finally {
        ws.destroy();
      }
      await settlePhotos(preview, services.store);
      // Oldest first out when full: a window that never answers does not block the others.
      while (previews.size >= MAX_PREVIEWS) previews.delete(previews.keys().next().value as string);
      const previewId = randomBytes(12).toString('base64url');
      const expiresAt = now() + previewTtl;
      previews.set(previewId, { clientId, value: preview, expiresAt });
      return summarize(previewId, expiresAt, preview);
    },

    'contacts.import': async ({ previewId }, { clientId }) => {
      sweep();
      const held = previews.get(previewId);
      if (!held || held.clientId !== clientId) {
        throw new HostError('refused', 'This preview is no longer available (it expired or was already imported); choose the files again.');
      }
      previews.delete(previewId); // one use, even if the import fails: the user previews again
      const result = await applyImport(services.store, held.value, { now: now() });
      return { added: result.added.length, updated: result.updated.length };
    },

    'contacts.discard': async ({ previewId }, { clientId }) => {
      const held = previews.get(previewId);
      if (held && held.clientId === clientId) previews.delete(previewId);
      return { ok: true };
    },
  };

  return {
    handlers,
    clientGone(clientId) {
      assembler.clientGone(clientId);
      for (const [k, u] of uploaded) if (u.clientId === clientId) uploaded.delete(k);
      for (const [k, p] of previews) if (p.clientId === clientId) previews.delete(k);
    },
    dispose() {
      clearInterval(timer);
      assembler.dispose();
      uploaded.clear();
      previews.clear();
    },
  };
}

function decode(b64: string): Uint8Array {
  try {
    return fromBase64(b64);
  } catch {
    throw new HostError('bad_request', 'A file did not arrive intact (not base64); choose it again.');
  }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Birthday March 14, 1990", "Anniversary June 2" (never an invented year). */
export function describeDate(d: PlannedDate): string {
  const label = d.label ? d.label[0]!.toUpperCase() + d.label.slice(1) : 'Date';
  const when = `${MONTHS[d.month - 1] ?? `month ${d.month}`} ${d.day}${d.year !== null ? `, ${d.year}` : ''}`;
  return `${label} ${when}`;
}

function describeIds(ids: readonly string[]): string[] {
  const emails = ids.filter((i) => i.startsWith('email:')).length;
  const phones = ids.filter((i) => i.startsWith('tel:')).length;
  const out: string[] = [];
  if (emails) out.push(emails === 1 ? '1 e-mail address' : `${emails} e-mail addresses`);
  if (phones) out.push(phones === 1 ? '1 phone number' : `${phones} phone numbers`);
  return out;
}

const fromFiles = (sources: readonly { file: string }[]): string => `from ${[...new Set(sources.map((s) => s.file))].join(', ')}`;

/** The JSON-safe, plain-words view of a preview the renderer shows. */
export function summarize(previewId: string, expiresAt: number, p: ImportPreview): ContactsPreviewView {
  return {
    previewId,
    expiresAt,
    files: p.files,
    cards: p.cards,
    add: p.add.map((a) => ({
      name: a.name,
      detail: [...a.dates.map(describeDate), ...describeIds(a.ids), ...(a.photo ? ['Adds photo'] : []), fromFiles(a.sources)].join(' · '),
    })),
    update: p.update.map((u) => ({
      name: u.name,
      changes: [
        ...u.addDates.map((d) => `Adds ${describeDate(d).replace(/^./, (c) => c.toLowerCase())}`),
        ...describeIds(u.addIds).map((s) => `Remembers ${s} to recognise them next time`),
        ...(u.photo ? ['Adds photo'] : []),
        ...u.conflicts.map((c) => `Kept as it is in Kindred: ${c}`),
      ],
    })),
    skip: p.skip.map((s) => ({ name: s.name, file: s.file, reason: s.reason })),
    problems: p.problems.map((x) => ({ file: x.file, card: x.card, reason: x.message, level: x.level })),
  };
}
