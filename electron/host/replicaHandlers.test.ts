import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toBase64 } from '../../shared/host/base64';
import type { HostEventName, HostEvents } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import { openMemoryStore } from '../services/store';
import { StoreError, type JournalStore, type StoreErrorCode, type StoreHealth } from '../services/store/types';
import { createReplicaSlice, type ReplicaSlice } from './replicaHandlers';

type Sent = { to: string; event: HostEventName; payload: unknown };
const EMPTY_SV = toBase64(Y.encodeStateVector(new Y.Doc()));
const update = (text: string): string => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return toBase64(Y.encodeStateAsUpdate(doc));
};

/**
 * The store's write failures (full disk, folder removed, read-only) cannot be produced on demand
 * here, so this store forwards to the real memory store except for what a test makes fail.
 */
function withFaults(store: JournalStore) {
  let failWith: StoreErrorCode | null = null;
  const healthListeners = new Set<(h: StoreHealth) => void>();
  const faulty = new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'applyUpdate' && failWith) {
        const code = failWith;
        return async () => {
          throw new StoreError(code, `Your journal could not be saved: ${code}.`);
        };
      }
      if (key === 'onHealth') {
        return (l: (h: StoreHealth) => void) => {
          healthListeners.add(l);
          return () => healthListeners.delete(l);
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store: faulty,
    fail: (code: StoreErrorCode | null) => void (failWith = code),
    health: (h: StoreHealth) => healthListeners.forEach((l) => l(h)),
  };
}

describe('replica handlers', () => {
  let store: JournalStore;
  let faults: ReturnType<typeof withFaults>;
  let slice: ReplicaSlice;
  let sent: Sent[];
  let logs: string[];
  const ctx = (clientId: string) => ({ clientId });

  beforeEach(async () => {
    store = await openMemoryStore();
    faults = withFaults(store);
    sent = [];
    logs = [];
    slice = createReplicaSlice({
      store: faults.store,
      log: (line) => logs.push(line),
      coalesceMs: 5,
      emitTo<E extends HostEventName>(to: string, event: E, payload: HostEvents[E]) {
        sent.push({ to, event, payload });
      },
      emitAll<E extends HostEventName>(event: E, payload: HostEvents[E]) {
        sent.push({ to: '*', event, payload });
      },
    });
  });
  afterEach(async () => {
    slice.dispose();
    await store.close();
  });

  it('a client that goes away is unsubscribed from every doc and gets no more updates', async () => {
    const h = slice.handlers;
    await h['replica.open']({ docId: 'note-a', sv: EMPTY_SV }, ctx('w1'));
    await h['replica.open']({ docId: 'note-b', sv: EMPTY_SV }, ctx('w1'));
    await h['replica.open']({ docId: 'note-a', sv: EMPTY_SV }, ctx('w2'));
    expect(slice.subscribers('note-a').sort()).toEqual(['w1', 'w2']);
    slice.clientGone('w1');
    expect(slice.subscribers('note-a')).toEqual(['w2']);
    expect(slice.subscribers('note-b')).toEqual([]);
    await h['replica.push']({ docId: 'note-a', update: update('hi') }, ctx('w3'));
    expect(sent.filter((s) => s.event === 'replica.updated').map((s) => s.to)).toEqual(['w2']);
  });

  it('a burst of pushes is announced as one replica.changed, one entry per doc', async () => {
    const h = slice.handlers;
    const acks = [];
    for (let i = 0; i < 10; i++) acks.push(await h['replica.push']({ docId: `note-${i % 3}`, update: update(`v${i}`) }, ctx('w1')));
    await expect.poll(() => sent.filter((s) => s.event === 'replica.changed').length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 20)); // anything more would have been flushed by now
    const changed = sent.filter((s) => s.event === 'replica.changed').map((s) => s.payload as HostEvents['replica.changed']);
    const entries = changed.flatMap((c) => c.changes);
    expect(changed.length).toBeLessThan(10);
    for (const c of changed) expect(new Set(c.changes.map((x) => x.docId)).size).toBe(c.changes.length);
    expect(changed[changed.length - 1]!.head).toBe(acks[acks.length - 1]!.seq);
    expect(entries.filter((e) => e.docId === 'note-0').at(-1)!.seq).toBe(acks[9]!.seq);
  });

  it.each<StoreErrorCode>(['write_failed', 'disk_full', 'read_only', 'folder_missing', 'closed'])(
    'a store that cannot write (%s) answers unavailable in plain words, and nothing is announced',
    async (code) => {
      faults.fail(code);
      const error = await slice.handlers['replica.push']({ docId: 'note-a', update: update('x') }, ctx('w1')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HostError);
      expect(error).toMatchObject({ code: 'unavailable', message: `Your journal could not be saved: ${code}.` });
      expect(logs.some((l) => l.includes('note-a'))).toBe(true);
      expect(sent).toEqual([]);
    },
  );

  it('a rejected update is logged with the client id', async () => {
    const error = await slice.handlers['replica.push']({ docId: 'note-a', update: toBase64(new Uint8Array([1, 2, 3])) }, ctx('w7')).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'bad_request' });
    expect(logs.some((l) => l.includes('w7') && l.includes('note-a'))).toBe(true);
    expect(await store.getUpdate('note-a')).toBeNull();
  });

  it('health changes reach every client as store.statusChanged, with the folder', async () => {
    faults.health({ ok: false, code: 'disk_full', message: 'The disk is full.' });
    faults.health({ ok: true });
    expect(sent).toEqual([
      { to: '*', event: 'store.statusChanged', payload: { ok: false, dataDir: null, code: 'disk_full', message: 'The disk is full.' } },
      { to: '*', event: 'store.statusChanged', payload: { ok: true, dataDir: null } },
    ]);
  });

  it('an open that fails does not leave the client subscribed', async () => {
    await store.close();
    await expect(slice.handlers['replica.open']({ docId: 'note-a', sv: EMPTY_SV }, ctx('w1'))).rejects.toMatchObject({ code: 'unavailable' });
    expect(slice.subscribers('note-a')).toEqual([]);
  });
});
