import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fromBase64, toBase64 } from './base64';
import type { HostClient } from './contract';
import {
  collect,
  createRecorder,
  errorOf,
  expectCode,
  nextEvent,
  type ContractHarness,
  type Recorder,
  type UntypedRequest,
} from './contractSuite.testkit';
import { REPLICA_PART_BYTES } from './slices/replica';

/**
 * The replica link's cases, run by `describeHostContract` over every transport against the
 * host's real store. Docs are real Y.Docs; what the store holds is checked on the store itself.
 */

const EMPTY_SV = toBase64(Y.encodeStateVector(new Y.Doc()));

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return doc;
}

function textOf(update: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

/** Incompressible text, so the update really is as large as asked. */
function noise(chars: number): string {
  let out = '';
  let x = 0x2545f491;
  while (out.length < chars) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += (x >>> 0).toString(36);
  }
  return out.slice(0, chars);
}

/** Everything `replica.open` returns for a doc, with its parts fetched and joined. */
async function openWhole(client: HostClient, docId: string, sv = EMPTY_SV) {
  const reply = await client.request('replica.open', { docId, sv });
  const chunks = [fromBase64(reply.update)];
  for (let index = 1; index < (reply.transfer?.parts ?? 1); index++) {
    const { data } = await client.request('replica.part', { transferId: reply.transfer!.id, index });
    chunks.push(fromBase64(data));
  }
  return { reply, bytes: concat(chunks) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Pushes an update in parts of REPLICA_PART_BYTES, as the renderer does; returns each reply. */
async function pushInParts(client: HostClient, docId: string, update: Uint8Array, id: string) {
  const count = Math.ceil(update.length / REPLICA_PART_BYTES);
  const replies = [];
  for (let index = 0; index < count; index++) {
    const part = update.subarray(index * REPLICA_PART_BYTES, (index + 1) * REPLICA_PART_BYTES);
    replies.push(await client.request('replica.push', { docId, update: toBase64(part), upload: { id, index, count } }));
  }
  return replies;
}

async function storeSnapshot(h: ContractHarness, docId: string) {
  return { head: await h.store.head(), seq: await h.store.seqOf(docId), doc: await h.store.getUpdate(docId) };
}

export function describeReplicaContract(name: string, makeHarness: (recorder: Recorder) => Promise<ContractHarness>): void {
  describe(`replica link over ${name}`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await makeHarness(createRecorder());
      await h.client.ready;
    });
    afterEach(async () => {
      await h.dispose();
    });

    it('opening a doc the store has never seen gives an empty update and seq 0', async () => {
      const reply = await h.client.request('replica.open', { docId: 'note-new', sv: EMPTY_SV });
      expect(reply).toMatchObject({ seq: 0, transfer: null, damaged: false, sv: EMPTY_SV });
      const doc = new Y.Doc();
      Y.applyUpdate(doc, fromBase64(reply.update));
      expect(doc.store.clients.size).toBe(0);
      expect(await h.store.getUpdate('note-new')).toBeNull();
    });

    it('a push is stored, acknowledged with its seq, and another window opens it with the content', async () => {
      const doc = docWith('Coffee with Ana');
      const ack = await h.client.request('replica.push', { docId: 'day-2026-11-30', update: toBase64(Y.encodeStateAsUpdate(doc)) });
      expect(ack.acked).toBe(true);
      expect(ack.seq).toBeGreaterThan(0);
      expect(await h.store.seqOf('day-2026-11-30')).toBe(ack.seq);

      const other = await h.connect();
      const { reply, bytes } = await openWhole(other, 'day-2026-11-30');
      expect(reply.seq).toBe(ack.seq);
      expect(textOf(bytes)).toBe('Coffee with Ana');
      expect(reply.sv).toBe(toBase64(Y.encodeStateVector(doc)));
      // Step 2 against an sv that already has everything: nothing left to send.
      const again = await other.request('replica.open', { docId: 'day-2026-11-30', sv: reply.sv });
      expect(Y.decodeUpdate(fromBase64(again.update)).structs).toEqual([]);
    });

    it('replica.updated reaches the other windows with the doc open, not the sender; replica.changed reaches all', async () => {
      const reader = await h.connect();
      const bystander = await h.connect();
      await h.client.request('replica.open', { docId: 'note-a', sv: EMPTY_SV });
      await reader.request('replica.open', { docId: 'note-a', sv: EMPTY_SV });
      const senderUpdates = collect(h.client, 'replica.updated');
      const bystanderUpdates = collect(bystander, 'replica.updated');
      const changed = [h.client, reader, bystander].map((c) => nextEvent(c, 'replica.changed'));
      const updated = nextEvent(reader, 'replica.updated');

      const ack = await h.client.request('replica.push', { docId: 'note-a', update: toBase64(Y.encodeStateAsUpdate(docWith('hello'))) });
      const event = await updated;
      expect(event).toMatchObject({ docId: 'note-a', seq: ack.seq });
      expect(textOf(fromBase64(event.update))).toBe('hello');
      for (const c of await Promise.all(changed)) {
        expect(c).toEqual({ logId: h.store.logId, head: ack.seq, changes: [{ docId: 'note-a', seq: ack.seq }] });
      }
      // Round trips after the events: anything stray would have arrived by now.
      await Promise.all([h.client.request('app.info', {}), bystander.request('app.info', {})]);
      expect(senderUpdates).toEqual([]);
      expect(bystanderUpdates).toEqual([]);
    });

    it('replica.close stops live updates to that window; replica.changed still comes', async () => {
      const reader = await h.connect();
      await reader.request('replica.open', { docId: 'note-b', sv: EMPTY_SV });
      await expect(reader.request('replica.close', { docId: 'note-b' })).resolves.toEqual({ ok: true });
      const updates = collect(reader, 'replica.updated');
      const changed = nextEvent(reader, 'replica.changed');
      await h.client.request('replica.push', { docId: 'note-b', update: toBase64(Y.encodeStateAsUpdate(docWith('x'))) });
      await changed;
      await reader.request('app.info', {});
      expect(updates).toEqual([]);
    });

    it('a doc over 1 MiB travels in parts both ways and arrives byte-identical', async () => {
      const doc = docWith(noise(Math.round(2.5 * REPLICA_PART_BYTES)));
      const update = Y.encodeStateAsUpdate(doc);
      expect(update.length).toBeGreaterThan(2 * REPLICA_PART_BYTES);

      const replies = await pushInParts(h.client, 'note-big', update, 'upload-big-1');
      expect(replies.map((r) => r.acked)).toEqual([false, false, true]);
      const stored = await h.store.getUpdate('note-big');
      expect(textOf(stored!)).toBe(doc.getText('t').toString());

      const other = await h.connect();
      const { reply, bytes } = await openWhole(other, 'note-big');
      expect(reply.transfer?.parts).toBe(Math.ceil(bytes.length / REPLICA_PART_BYTES));
      // A plain loop: toEqual on megabytes of Uint8Array takes seconds.
      expect(sameBytes(bytes, await h.store.diff('note-big', new Uint8Array([0])))).toBe(true);
      expect(textOf(bytes)).toBe(doc.getText('t').toString());
      // Every part was fetched, so the transfer is gone.
      await expectCode(other.request('replica.part', { transferId: reply.transfer!.id, index: 1 }), 'bad_request');
    });

    it('upload parts out of order or with a changed count are refused and the upload dropped', async () => {
      const update = Y.encodeStateAsUpdate(docWith(noise(Math.round(2.5 * REPLICA_PART_BYTES))));
      const part = (i: number): string => toBase64(update.subarray(i * REPLICA_PART_BYTES, (i + 1) * REPLICA_PART_BYTES));
      const before = await storeSnapshot(h, 'note-up');

      await h.client.request('replica.push', { docId: 'note-up', update: part(0), upload: { id: 'upload-order', index: 0, count: 3 } });
      await expectCode(
        h.client.request('replica.push', { docId: 'note-up', update: part(2), upload: { id: 'upload-order', index: 2, count: 3 } }),
        'bad_request',
      );
      // Dropped: continuing where it left off is refused too.
      await expectCode(
        h.client.request('replica.push', { docId: 'note-up', update: part(1), upload: { id: 'upload-order', index: 1, count: 3 } }),
        'bad_request',
      );
      await h.client.request('replica.push', { docId: 'note-up', update: part(0), upload: { id: 'upload-count', index: 0, count: 3 } });
      await expectCode(
        h.client.request('replica.push', { docId: 'note-up', update: part(1), upload: { id: 'upload-count', index: 1, count: 4 } }),
        'bad_request',
      );
      expect(await storeSnapshot(h, 'note-up')).toEqual(before);
    });

    it('another window cannot fetch parts of my transfer', async () => {
      await pushInParts(h.client, 'note-mine', Y.encodeStateAsUpdate(docWith(noise(REPLICA_PART_BYTES + 1000))), 'upload-mine');
      const reply = await h.client.request('replica.open', { docId: 'note-mine', sv: EMPTY_SV });
      expect(reply.transfer).not.toBeNull();
      const other = await h.connect();
      await expectCode(other.request('replica.part', { transferId: reply.transfer!.id, index: 1 }), 'bad_request');
      await expect(h.client.request('replica.part', { transferId: reply.transfer!.id, index: 1 })).resolves.toHaveProperty('data');
    });

    it.each<[string, (valid: string) => Record<string, unknown>]>([
      ['malformed base64', () => ({ docId: 'note-c', update: 'not*base64!' })],
      ['base64 that is not canonical', () => ({ docId: 'note-c', update: 'AAA' })],
      ['a truncated update', (valid) => ({ docId: 'note-c', update: toBase64(fromBase64(valid).slice(0, -6)) })],
      ['random bytes', () => ({ docId: 'note-c', update: toBase64(new Uint8Array([9, 200, 7, 1, 255, 3, 0, 8])) })],
      ['a bad docId', (valid) => ({ docId: '../etc/passwd', update: valid })],
      ['an empty docId', (valid) => ({ docId: '', update: valid })],
      ['a part over the size cap', () => ({ docId: 'note-c', update: 'A'.repeat(Math.ceil(REPLICA_PART_BYTES / 3) * 4 + 4) })],
      ['an upload index past its count', (valid) => ({ docId: 'note-c', update: valid, upload: { id: 'upload-xx', index: 2, count: 2 } })],
    ])('a push with %s is a bad_request and stores nothing', async (_what, make) => {
      const valid = toBase64(Y.encodeStateAsUpdate(docWith('a long enough sentence to truncate')));
      const before = await storeSnapshot(h, 'note-c');
      const changed = collect(h.client, 'replica.changed');
      const error = await errorOf((h.client.request as UntypedRequest)('replica.push', make(valid)));
      expect(error.code).toBe('bad_request');
      expect(error.message.length).toBeGreaterThan(5);
      expect(await storeSnapshot(h, 'note-c')).toEqual(before);
      // The connection still works, and nothing was announced.
      await expect(h.client.request('replica.push', { docId: 'note-c', update: valid })).resolves.toMatchObject({ acked: true });
      await nextEvent(h.client, 'replica.changed');
      expect(changed).toHaveLength(1);
    });

    it('open with a state vector that is not base64, or not a state vector, is a bad_request', async () => {
      await expectCode(h.client.request('replica.open', { docId: 'note-d', sv: '%%%' }), 'bad_request');
      await expectCode(h.client.request('replica.open', { docId: 'note-d', sv: toBase64(new Uint8Array([255, 255, 255])) }), 'bad_request');
      await expectCode((h.client.request as UntypedRequest)('replica.open', { docId: 'a b', sv: EMPTY_SV }), 'bad_request');
    });

    it('replica.changes lists the log since a cursor, one entry per doc', async () => {
      const push = (docId: string, text: string) =>
        h.client.request('replica.push', { docId, update: toBase64(Y.encodeStateAsUpdate(docWith(text))) });
      const a1 = await push('note-e', 'one');
      await push('note-f', 'two');
      const a2 = await push('note-e', 'three');
      const all = await h.client.request('replica.changes', { since: 0 });
      expect(all.logId).toBe(h.store.logId);
      expect(all.head).toBe(a2.seq);
      expect(all.more).toBe(false);
      expect(all.changes.map((c) => c.docId)).toEqual(['note-f', 'note-e']);
      const later = await h.client.request('replica.changes', { since: a1.seq, limit: 1 });
      expect(later.changes).toHaveLength(1);
      expect(later.more).toBe(true);
    });

    it('store.status says the store can write and where it lives', async () => {
      await expect(h.client.request('store.status', {})).resolves.toEqual({ ok: true, dataDir: h.store.dataDir });
    });

    it('derived.pages without a derived index is empty and ready', async () => {
      await expect(h.client.request('derived.pages', {})).resolves.toEqual({
        seq: 0,
        pages: [],
        next: null,
        state: { kind: 'ready' },
      });
    });

    it('migration progress is recorded and read back; nonsense is refused', async () => {
      await expect(h.client.request('migration.state', {})).resolves.toEqual({ state: 'not-started', verified: 0, total: 0 });
      await h.client.request('migration.record', { state: 'in-progress', verified: 2340, total: 10000 });
      await expect(h.client.request('migration.state', {})).resolves.toEqual({ state: 'in-progress', verified: 2340, total: 10000 });
      await expectCode(h.client.request('migration.record', { state: 'done', verified: 11, total: 10 }), 'bad_request');
      await expectCode((h.client.request as UntypedRequest)('migration.record', { state: 'finished', verified: 0, total: 0 }), 'bad_request');
      await expect(h.client.request('migration.state', {})).resolves.toEqual({ state: 'in-progress', verified: 2340, total: 10000 });
    });

    it('a push after the store has closed is unavailable, in plain words', async () => {
      await h.store.close();
      const error = await errorOf(
        h.client.request('replica.push', { docId: 'note-g', update: toBase64(Y.encodeStateAsUpdate(docWith('late'))) }),
      );
      expect(error.code).toBe('unavailable');
      expect(error.message).toMatch(/closed/i);
    });
  });
}
