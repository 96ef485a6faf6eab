import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openMemoryStore } from '../index';
import { Editor, tempDir, textOf } from '../storeTest.testkit';
import { StoreError, type AppliedChange, type JournalStore, type StoreHealth } from '../types';
import { connectForked, exited } from './forkStore.testkit';
import { memoryPortPair } from './rpc';
import { connectStoreOverPort, serveStoreOverPort } from './storeOverPort';

/** The same script against any JournalStore; returns everything it observed. */
async function exercise(store: JournalStore): Promise<unknown[]> {
  const seen: unknown[] = [];
  const heard: AppliedChange[] = [];
  const off = store.onChange((c) => heard.push(...c));
  const a = new Editor(11);
  const b = new Editor(12);
  seen.push(await store.applyUpdate('page-a', a.type('Hello'), 'win-1'));
  seen.push(await store.applyUpdate('page-b', b.type('Other'), 'win-2'));
  seen.push(await store.applyUpdate('page-a', a.type(' world')));
  seen.push(await store.applyUpdate('page-a', Y.encodeStateAsUpdate(a.doc)));
  const full = await store.getUpdate('page-a');
  seen.push(full instanceof Uint8Array, textOf(full));
  seen.push(await store.getUpdate('nope'));
  seen.push(Array.from(await store.stateVector('page-a')));
  const early = new Y.Doc();
  Y.applyUpdate(early, new Editor(11).type('Hello'));
  seen.push(textOf(Y.mergeUpdates([Y.encodeStateAsUpdate(early), await store.diff('page-a', Y.encodeStateVector(early))])));
  seen.push(await store.seqOf('page-a'), await store.head(), await store.damaged('page-a'));
  const c = await store.changesSince(0, 1);
  seen.push(c.changes, c.more, c.head, c.logId === store.logId);
  for (const bad of [
    () => store.applyUpdate('bad/id', a.type('x')),
    () => store.applyUpdate('page-a', new Uint8Array([1, 2, 3, 250, 7])),
    () => store.applyUpdate('page-a', 'text' as unknown as Uint8Array),
    () => store.changesSince(-3),
  ]) {
    const err = await bad().then(() => null, (e: unknown) => e);
    seen.push(err instanceof StoreError, (err as StoreError).code, (err as StoreError).message);
  }
  const space = store.space('derived');
  await space.batch(Array.from({ length: 1100 }, (_, i) => ({ type: 'put' as const, key: `k${String(i).padStart(4, '0')}`, value: new Uint8Array([i % 256]) })));
  const keys: string[] = [];
  for await (const [k, v] of space.entries({ gt: 'k0005' })) {
    if (!(v instanceof Uint8Array)) throw new Error('not bytes');
    keys.push(k);
  }
  seen.push(keys.length, keys[0], keys.at(-1));
  const limited: string[] = [];
  for await (const [k] of space.entries({ limit: 3 })) limited.push(k);
  seen.push(limited);
  seen.push(Array.from((await space.get('k0300')) ?? []));
  await space.clear();
  seen.push(await space.get('k0300'));
  await expect.poll(() => heard.length).toBe(3);
  off();
  seen.push(heard.map((h) => [h.docId, h.seq, h.origin, h.update instanceof Uint8Array]));
  return seen;
}

describe('store over a port', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('gives the same results in-process, over an in-memory port pair, and over a real fork', async () => {
    const local = await openMemoryStore();
    const expected = await exercise(local);
    await local.close();

    const [serverPort, clientPort] = memoryPortPair();
    const served = await openMemoryStore();
    const stop = serveStoreOverPort(serverPort, served);
    const viaPair = await connectStoreOverPort(clientPort);
    expect(await exercise(viaPair)).toEqual(expected);
    await viaPair.close();
    stop();

    const root = await tempDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const { child, store } = await connectForked(join(root, 'db'));
    cleanups.push(async () => child.kill('SIGKILL'));
    expect(store.dataDir).toBe(join(root, 'db'));
    expect(store.health()).toEqual({ ok: true });
    expect(await exercise(store)).toEqual(expected);
    await store.close();
    await expect(store.head()).rejects.toMatchObject({ code: 'closed' });
    child.disconnect();
    expect(await exited(child)).toBe(0);

    // What the child wrote is on disk: a second child reads it back.
    const again = await connectForked(join(root, 'db'));
    cleanups.push(async () => again.child.kill('SIGKILL'));
    expect(textOf(await again.store.getUpdate('page-a'))).toBe('Hello world');
    await again.store.close();
  });

  it('when the store process dies, calls reject with a StoreError and health says so', async () => {
    const root = await tempDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const { child, store } = await connectForked(join(root, 'db'));
    const healths: StoreHealth[] = [];
    store.onHealth((h) => healths.push(h));
    await store.applyUpdate('p', new Editor().type('x'));
    child.kill('SIGKILL');
    await exited(child);
    await expect.poll(() => healths.length).toBe(1);
    expect(healths[0]).toMatchObject({ ok: false, code: 'write_failed' });
    await expect(store.applyUpdate('p', new Editor().type('y'))).rejects.toMatchObject({ name: 'StoreError', code: 'write_failed' });
  });
});
