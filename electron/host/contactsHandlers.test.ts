import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { connectWebSocketHost, webSocketHostUrl, type WebSocketHostClient } from '../../renderer/host/webSocketHost';
import { listPeople, WORKSPACE_DOC_ID } from '../../shared/domain/workspace';
import { toBase64 } from '../../shared/host/base64';
import { createTransportClient } from '../../shared/host/client';
import { previewContactFiles } from '../../shared/host/contactsUpload';
import type { HostClient, HostEventName, HostEvents } from '../../shared/host/contract';
import { createHostRouter } from '../../shared/host/router';
import { serveConnection, type ServedConnection } from '../../shared/host/server';
import {
  CONTACTS_FILE_MAX_BYTES,
  CONTACTS_MAX_FILES,
  CONTACTS_PART_BYTES,
  CONTACTS_TOTAL_MAX_BYTES,
  PREVIEW_TTL_MS,
} from '../../shared/host/slices/contacts';
import { createInMemoryPair } from '../../shared/host/transport';
import { openMemoryStore } from '../services/store';
import type { JournalStore } from '../services/store/types';
import { startWebHost } from '../webhost/server';
import { createHostHandlers } from './handlers';

/**
 * `contacts.*` through the real router, schemas and handlers, over the in-memory transport pair
 * and (for a 3 MiB file in parts) the web host's real WebSocket, with a real journal store.
 */
const card = (name: string, uid: string, extra: string[] = []): string =>
  ['BEGIN:VCARD', 'VERSION:3.0', `FN:${name}`, `UID:${uid}`, 'BDAY:--0314', ...extra, 'END:VCARD', ''].join('\r\n');
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const b64 = (s: string): string => toBase64(enc(s));

interface Harness {
  store: JournalStore;
  connect(): HostClient;
  clock: { t: number };
  dispose(): Promise<void>;
}

const open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.dispose()));
});

async function harness(): Promise<Harness> {
  const store = await openMemoryStore();
  const clock = { t: Date.UTC(2026, 10, 30, 12) };
  const served = new Map<string, ServedConnection>();
  const set = createHostHandlers({
    appInfo: { name: 'Kindred', version: '0.0.0-test', platform: 'test', host: 'web' },
    openExternal: async () => undefined,
    showNotification: async () => 'banner',
    windowReadyToClose: () => undefined,
    now: () => clock.t,
    store,
    derived: null,
    log: () => undefined,
    emitTo<E extends HostEventName>(clientId: string, event: E, payload: HostEvents[E]) {
      served.get(clientId)?.emit(event, payload);
    },
    emitAll<E extends HostEventName>(event: E, payload: HostEvents[E]) {
      served.forEach((s) => s.emit(event, payload));
    },
  });
  const router = createHostRouter(set.handlers);
  let n = 0;
  const h: Harness = {
    store,
    clock,
    connect() {
      const [clientSide, hostSide] = createInMemoryPair();
      const clientId = `window-${++n}`;
      served.set(clientId, serveConnection(router, hostSide, clientId));
      hostSide.onClose(() => {
        served.delete(clientId);
        set.clientGone(clientId);
      });
      return createTransportClient(clientSide);
    },
    async dispose() {
      set.dispose();
      await store.close();
    },
  };
  open.push(h);
  return h;
}

async function people(store: JournalStore): Promise<string[]> {
  const ws = new Y.Doc();
  const u = await store.getUpdate(WORKSPACE_DOC_ID);
  if (u) Y.applyUpdate(ws, u);
  const names = listPeople(ws).map((p) => p.name).sort();
  ws.destroy();
  return names;
}

describe('contacts.preview and contacts.import', () => {
  it('previews without writing, imports once, and a second import of the same file adds nobody', async () => {
    const h = await harness();
    const host = h.connect();
    const before = await h.store.getUpdate(WORKSPACE_DOC_ID);
    const view = await host.request('contacts.preview', { files: [{ name: 'friends.vcf', bytesB64: b64(card('Imogen Vance', 'u-1', ['EMAIL:imogen@example.org'])) }] });
    expect(view.add).toEqual([{ name: 'Imogen Vance', detail: 'Birthday March 14 · 1 e-mail address · from friends.vcf' }]);
    expect(view.update).toEqual([]);
    expect(view.expiresAt).toBe(h.clock.t + PREVIEW_TTL_MS);
    // Nothing written by the preview.
    expect(await h.store.getUpdate(WORKSPACE_DOC_ID)).toEqual(before);

    expect(await host.request('contacts.import', { previewId: view.previewId })).toEqual({ added: 1, updated: 0 });
    expect(await people(h.store)).toEqual(['Imogen Vance']);
    // One use.
    await expect(host.request('contacts.import', { previewId: view.previewId })).rejects.toMatchObject({ code: 'refused' });

    const again = await host.request('contacts.preview', { files: [{ name: 'friends.vcf', bytesB64: b64(card('Imogen Vance', 'u-1', ['EMAIL:imogen@example.org'])) }] });
    expect(again.add).toHaveLength(0);
    expect(await host.request('contacts.import', { previewId: again.previewId })).toEqual({ added: 0, updated: 0 });
    expect(await people(h.store)).toEqual(['Imogen Vance']);
  });

  it('lists a broken file with its reason and still imports the good one', async () => {
    const h = await harness();
    const host = h.connect();
    const view = await host.request('contacts.preview', {
      files: [
        { name: 'broken.vcf', bytesB64: b64('this is not a vCard at all\r\n') },
        { name: 'good.vcf', bytesB64: b64(card('Ravi Shah', 'u-2')) },
        { name: 'noname.vcf', bytesB64: b64('BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:x@example.org\r\nEND:VCARD\r\n') },
      ],
    });
    expect(view.add.map((a) => a.name)).toEqual(['Ravi Shah']);
    expect(view.problems.some((p) => p.file === 'broken.vcf' && p.reason.length > 0)).toBe(true);
    expect(view.skip).toHaveLength(1);
    expect(view.skip[0]).toMatchObject({ file: 'noname.vcf' });
    expect(view.skip[0]!.reason).toMatch(/\w/);
    expect(await host.request('contacts.import', { previewId: view.previewId })).toEqual({ added: 1, updated: 0 });
    expect(await people(h.store)).toEqual(['Ravi Shah']);
  });

  it('forgets a preview after 10 minutes, on discard, and never lends it to another window', async () => {
    const h = await harness();
    const a = h.connect();
    const b = h.connect();
    const files = [{ name: 'f.vcf', bytesB64: b64(card('Ana Lima', 'u-3')) }];
    const p1 = await a.request('contacts.preview', { files });
    await expect(b.request('contacts.import', { previewId: p1.previewId })).rejects.toMatchObject({ code: 'refused' });
    h.clock.t += PREVIEW_TTL_MS;
    await expect(a.request('contacts.import', { previewId: p1.previewId })).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringMatching(/expired|no longer/),
    });
    const p2 = await a.request('contacts.preview', { files });
    expect(await a.request('contacts.discard', { previewId: p2.previewId })).toEqual({ ok: true });
    await expect(a.request('contacts.import', { previewId: p2.previewId })).rejects.toMatchObject({ code: 'refused' });
    expect(await people(h.store)).toEqual([]);
    // Just inside the ten minutes still works.
    const p3 = await a.request('contacts.preview', { files });
    h.clock.t += PREVIEW_TTL_MS - 1;
    expect(await a.request('contacts.import', { previewId: p3.previewId })).toEqual({ added: 1, updated: 0 });
  });

  it('refuses bad and oversize input with a clear error and writes nothing', async () => {
    const h = await harness();
    const host = h.connect();
    const one = { name: 'a.vcf', bytesB64: b64(card('A B', 'u-4')) };
    const refusals: [string, Promise<unknown>][] = [
      ['no files', host.request('contacts.preview', { files: [] })],
      ['21 files', host.request('contacts.preview', { files: Array.from({ length: CONTACTS_MAX_FILES + 1 }, () => one) })],
      ['long name', host.request('contacts.preview', { files: [{ ...one, name: 'x'.repeat(256) }] })],
      ['not base64', host.request('contacts.preview', { files: [{ name: 'a.vcf', bytesB64: 'not*base64' }] })],
      ['file > 8 MiB', host.request('contacts.preview', { files: [{ name: 'a.vcf', bytesB64: 'A'.repeat(Math.ceil((CONTACTS_FILE_MAX_BYTES + 3) / 3) * 4) }] })],
      ['unknown upload', host.request('contacts.preview', { files: [{ name: 'a.vcf', uploadId: 'never-sent-1' }] })],
      ['bad preview id', host.request('contacts.import', { previewId: '../x' })],
      ['extra field', host.request('contacts.import', { previewId: 'abcdefgh', more: 1 } as never)],
      ['too many parts', host.request('contacts.upload.part', { uploadId: 'upload-01', index: 0, count: CONTACTS_FILE_MAX_BYTES / CONTACTS_PART_BYTES + 1, bytesB64: 'AAAA' })],
      ['part too big', host.request('contacts.upload.part', { uploadId: 'upload-02', index: 0, count: 2, bytesB64: 'A'.repeat((Math.ceil(CONTACTS_PART_BYTES / 3) + 1) * 4) })],
    ];
    for (const [what, p] of refusals) {
      await expect(p, what).rejects.toMatchObject({ code: 'bad_request' });
    }
    const inline9 = 'A'.repeat(((5 * 1024 * 1024) / 3) * 4 + 4);
    await expect(
      host.request('contacts.preview', { files: [1, 2, 3, 4].map((i) => ({ name: `${i}.vcf`, bytesB64: inline9 })) }),
      'total > 16 MiB',
    ).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/16 MiB together/) });
    expect(await h.store.getUpdate(WORKSPACE_DOC_ID)).toBeNull();
  });

  it('refuses an upload growing past 8 MiB, and uploads together past 16 MiB', async () => {
    const h = await harness();
    const host = h.connect();
    const part = toBase64(new Uint8Array(CONTACTS_PART_BYTES));
    const count = CONTACTS_FILE_MAX_BYTES / CONTACTS_PART_BYTES;
    // Three full 8 MiB uploads: the first two fit (16 MiB), the third does not.
    const upload = async (id: string): Promise<void> => {
      for (let index = 0; index < count; index++) await host.request('contacts.upload.part', { uploadId: id, index, count, bytesB64: part });
    };
    await upload('upload-aa');
    await upload('upload-bb');
    await expect(upload('upload-cc')).rejects.toMatchObject({ code: 'unavailable' });
    // Out of order is refused and the upload dropped.
    await expect(host.request('contacts.upload.part', { uploadId: 'upload-dd', index: 1, count: 2, bytesB64: 'AAAA' })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(
      host.request('contacts.preview', {
        files: [
          { name: 'a.vcf', uploadId: 'upload-aa' },
          { name: 'b.vcf', uploadId: 'upload-bb' },
          { name: 'c.vcf', bytesB64: b64(card('C D', 'u-5')) },
        ],
      }),
    ).rejects.toMatchObject({ code: 'refused', message: expect.stringMatching(/16 MiB together/) });
    expect(CONTACTS_TOTAL_MAX_BYTES).toBe(2 * CONTACTS_FILE_MAX_BYTES);
  });
});

describe('contacts.* over the web host’s WebSocket', () => {
  it('previews and imports a 3 MiB file sent in parts', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'kindred-contacts-'));
    const rendererDir = path.join(base, 'renderer');
    await mkdir(rendererDir);
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Kindred</title>');
    const store = await openMemoryStore();
    const host = await startWebHost({ rendererDir, port: 0, store, derived: null, sync: false, services: { log: () => undefined } });
    let client: WebSocketHostClient | undefined;
    try {
      client = connectWebSocketHost(webSocketHostUrl(host.url)!, { WebSocketImpl: WebSocket });
      await client.ready;
      // One card carrying a 3 MiB photo (dropped on import, reported), then a second card.
      const photo = toBase64(new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251));
      const folded = photo.match(/.{1,74}/g)!.join('\r\n ');
      const text = card('Big Photo', 'u-big', [`PHOTO;ENCODING=b;TYPE=JPEG:${folded}`]) + card('Small One', 'u-small');
      const bytes = enc(text);
      expect(bytes.length).toBeGreaterThan(3 * 1024 * 1024);
      const progress: number[] = [];
      const view = await previewContactFiles(client, [{ name: 'big.vcf', bytes }], (sent) => progress.push(sent));
      expect(progress.length).toBeGreaterThan(6); // parts of 512 KiB, not one frame
      expect(progress.at(-1)).toBe(bytes.length);
      expect(view.add.map((a) => a.name).sort()).toEqual(['Big Photo', 'Small One']);
      expect(await client.request('contacts.import', { previewId: view.previewId })).toEqual({ added: 2, updated: 0 });
      expect(await people(store)).toEqual(['Big Photo', 'Small One']);
      const ws = await store.getUpdate(WORKSPACE_DOC_ID);
      expect(ws!.length).toBeLessThan(256 * 1024); // the photo never reached the workspace doc
    } finally {
      client?.close();
      await host.close();
      await store.close();
      await rm(base, { recursive: true, force: true });
    }
  });
});
