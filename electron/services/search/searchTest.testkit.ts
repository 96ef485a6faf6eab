import { afterEach } from 'vitest';
import * as Y from 'yjs';
import { openLevelHarness, type StoreHarness } from '../store/storeTest.testkit';
import type { JournalStore } from '../store/types';
import { startSearchHost } from './searchHost';
import type { SearchHost } from './types';

/**
 * What the search host's tests share: real LevelDB stores in temp folders and hosts, closed
 * after each test; changes written to a stored doc as a window's push would write them.
 */
export const stamp = { now: 1_700_000_000_000, deviceId: 'dev-test' };

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export async function harness(): Promise<StoreHarness> {
  const h = await openLevelHarness();
  cleanups.push(() => h.cleanup());
  return h;
}

/** A search host with short delays, closed after the test. */
export async function startHost(store: JournalStore, log: (message: string) => void = () => undefined): Promise<SearchHost> {
  const host = await startSearchHost(store, { saveDelayMs: 5, liveDelayMs: 1, log });
  cleanups.push(() => host.close());
  return host;
}

/** Applies a local change to a stored doc (read with `read`, the store's own by default). */
export async function change(
  store: JournalStore,
  docId: string,
  edit: (doc: Y.Doc) => void,
  read: (docId: string) => Promise<Uint8Array | null> = (id) => store.getUpdate(id),
): Promise<void> {
  const doc = new Y.Doc({ guid: docId });
  const stored = await read(docId);
  if (stored) Y.applyUpdate(doc, stored);
  const sv = Y.encodeStateVector(doc);
  edit(doc);
  await store.applyUpdate(docId, Y.encodeStateAsUpdate(doc, sv), 'test');
}
