import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { LOAD_ORIGIN } from './origins';
import { quietCacheLoads } from './quietCacheLoad';

const opened: IndexeddbPersistence[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await p.destroy();
});

async function cacheWith(name: string, text: string): Promise<void> {
  const doc = new Y.Doc();
  const p = new IndexeddbPersistence(name, doc);
  await p.whenSynced;
  doc.getText('t').insert(0, text);
  await new Promise((r) => setTimeout(r, 0));
  await p.destroy();
}

describe('quietCacheLoads', () => {
  it('loads the offline copy without emitting (so without encoding) an update; other updates are heard', async () => {
    const name = `quiet-${Math.random()}`;
    await cacheWith(name, 'kept in the cache');
    const doc = new Y.Doc();
    const heard: unknown[] = [];
    doc.on('update', (_u: Uint8Array, origin: unknown) => heard.push(origin));
    const stop = quietCacheLoads(doc);
    const p = new IndexeddbPersistence(name, doc);
    opened.push(p);
    await p.whenSynced;
    stop();
    expect(doc.getText('t').toString()).toBe('kept in the cache');
    expect(heard).toEqual([]);
    // Listeners are back: the store's state on open and edits are heard (and cached).
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(new Y.Doc()), LOAD_ORIGIN);
    doc.getText('t').insert(0, '+');
    expect(heard).toEqual([null]);
  });

  it('does not silence the store state on open (LOAD_ORIGIN): the cache must store it', () => {
    const doc = new Y.Doc();
    const heard: unknown[] = [];
    doc.on('update', (_u: Uint8Array, origin: unknown) => heard.push(origin));
    const stop = quietCacheLoads(doc);
    const other = new Y.Doc();
    other.getText('t').insert(0, 'from the store');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), LOAD_ORIGIN);
    stop();
    expect(heard).toEqual([LOAD_ORIGIN]);
  });
});
