import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openMemoryStore } from '../services/store';
import type { StoreHealth } from '../services/store/types';
import { createStoreSlot } from './storeSlot';

const update = (text: string): Uint8Array => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
};

describe('store slot', () => {
  it('waits while starting, fails plainly while down, and keeps listeners across stores', async () => {
    const slot = createStoreSlot('/journal', { ok: false, code: 'closed', message: 'Opening…' }, 200);
    const health: StoreHealth[] = [];
    const changed: string[] = [];
    slot.onHealth((h) => health.push(h));
    slot.onChange((c) => changed.push(...c.map((x) => x.docId)));

    const first = await openMemoryStore();
    const early = slot.applyUpdate('note-a', update('a'), 'w');
    slot.attach(first);
    await expect(early).resolves.toMatchObject({ changed: true });
    expect(slot.logId).toBe(first.logId);

    slot.detach({ ok: false, code: 'write_failed', message: 'The store stopped; restarting.' });
    await expect(slot.seqOf('note-a')).rejects.toMatchObject({ code: 'write_failed', message: 'The store stopped; restarting.' });
    slot.starting();
    // Nobody attaches within the wait: the call fails with the last reason instead of hanging.
    await expect(slot.head()).rejects.toMatchObject({ code: 'write_failed' });

    const second = await openMemoryStore();
    slot.attach(second);
    await slot.applyUpdate('note-b', update('b'), 'w');
    await first.applyUpdate('note-old', update('x'), 'w'); // the detached store is no longer heard
    expect(changed).toEqual(['note-a', 'note-b']);
    expect(health).toEqual([{ ok: true }, { ok: false, code: 'write_failed', message: 'The store stopped; restarting.' }, { ok: true }]);
    const space = slot.space('app');
    await space.batch([{ type: 'put', key: 'k', value: new Uint8Array([1]) }]);
    const entries = [];
    for await (const e of space.entries()) entries.push(e[0]);
    expect(entries).toEqual(['k']);

    await slot.close();
    await expect(slot.head()).rejects.toMatchObject({ code: 'closed' });
    await expect(second.head()).rejects.toMatchObject({ code: 'closed' }); // closed with the slot
    await first.close();
  });
});
