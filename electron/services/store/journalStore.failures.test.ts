/**
 * Real failures of the data folder: removed or replaced while open, a full disk (a small tmpfs:
 * real ENOSPC), a read-only folder (a store process running as `nobody`, since root ignores
 * permissions). Each must give a StoreError with a plain message, no crash, no half-written batch,
 * and health must recover once a write succeeds again.
 */
import { execFileSync } from 'node:child_process';
import { chmod, chown, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openLevelStore } from './index';
import { connectForked, exited } from './port/forkStore.testkit';
import { Editor, tempDir, textOf } from './storeTest.testkit';
import { StoreError, type JournalStore, type StoreHealth } from './types';

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

function canMountTmpfs(): boolean {
  if (!isRoot) return false;
  try {
    const probe = execFileSync('mktemp', ['-d']).toString().trim();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    execFileSync('rmdir', [probe]);
    return true;
  } catch {
    return false;
  }
}

/** Every doc's seq has its one log entry, head ≥ every seq, the SV matches the stored updates. */
async function expectConsistent(store: JournalStore, docIds: string[]): Promise<void> {
  const log = await store.changesSince(0, 10_000);
  const head = await store.head();
  for (const id of docIds) {
    const seq = await store.seqOf(id);
    if (seq === 0) continue;
    expect(log.changes.filter((c) => c.docId === id)).toEqual([{ docId: id, seq }]);
    expect(head).toBeGreaterThanOrEqual(seq);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await store.getUpdate(id)) as Uint8Array);
    expect(Array.from(await store.stateVector(id))).toEqual(Array.from(Y.encodeStateVector(doc)));
  }
}

describe('store failures (LevelDB)', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  });

  it.each(['removed', 'replaced'])('the data folder %s while open: folder_missing, nothing acknowledged, no crash', async (how) => {
    const root = await tempDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dir = join(root, 'db');
    const store = await openLevelStore(dir);
    cleanups.push(() => store.close());
    const healths: StoreHealth[] = [];
    store.onHealth((x) => healths.push(x));
    const ed = new Editor();
    await store.applyUpdate('p', ed.type('before'));
    if (how === 'removed') await rm(dir, { recursive: true, force: true });
    else {
      await rename(dir, join(root, 'moved'));
      await mkdir(dir);
    }
    const err = await store.applyUpdate('p', ed.type(' after')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('folder_missing');
    expect((err as StoreError).message).toContain(dir);
    expect(store.health()).toMatchObject({ ok: false, code: 'folder_missing' });
    expect(healths).toHaveLength(1);
    await expect(store.applyUpdate('p', ed.type('!'))).rejects.toMatchObject({ code: 'folder_missing' });
    expect(await store.head()).toBe(1);
    await store.close();
  });

  it.skipIf(!canMountTmpfs())('a full disk (real ENOSPC on a 4 MiB tmpfs): disk_full, then recovers when space is freed', async () => {
    const root = await tempDir();
    const mnt = join(root, 'mnt');
    await mkdir(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt]);
    cleanups.push(async () => {
      execFileSync('umount', ['-l', mnt]);
      await rm(root, { recursive: true, force: true });
    });
    const dir = join(mnt, 'db');
    const store = await openLevelStore(dir);
    cleanups.push(() => store.close());
    const healths: StoreHealth[] = [];
    store.onHealth((x) => healths.push(x));
    // Ballast we can delete later to free space.
    await writeFile(join(mnt, 'ballast'), new Uint8Array(1024 * 1024));
    const eds = [new Editor(1), new Editor(2)];
    const acked = ['', ''];
    let failure: StoreError | null = null;
    let unsaved: { k: number; update: Uint8Array } | null = null;
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 200 && !failure; i++) {
      const k = i % 2;
      const update = (eds[k] as Editor).type(chunk);
      try {
        await store.applyUpdate(`doc${k}`, update);
        acked[k] += chunk;
      } catch (err) {
        failure = err as StoreError;
        unsaved = { k, update }; // a replica keeps what was not saved and sends it again
      }
    }
    expect(failure).toBeInstanceOf(StoreError);
    expect(failure?.code).toBe('disk_full');
    expect(failure?.message).toMatch(/full/);
    expect(store.health()).toMatchObject({ ok: false, code: 'disk_full' });
    // Still full: still refused, no crash.
    await expect(store.applyUpdate('doc0', new Editor(9).type('small'))).rejects.toBeInstanceOf(StoreError);
    await rm(join(mnt, 'ballast'));
    // Free space: the next write succeeds (after the backend reopens) and health recovers.
    const small = new Editor(3);
    await expect(store.applyUpdate('doc-small', small.type('after the disk had room again'))).resolves.toMatchObject({ changed: true });
    expect(store.health()).toEqual({ ok: true });
    expect(healths.at(-1)).toEqual({ ok: true });
    await store.close();
    const reopened = await openLevelStore(dir);
    cleanups.push(() => reopened.close());
    for (const k of [0, 1]) {
      const stored = textOf(await reopened.getUpdate(`doc${k}`));
      // Every acknowledged chunk is there; a refused one is either wholly absent or wholly present.
      expect(stored.startsWith(acked[k] as string)).toBe(true);
      expect([0, chunk.length]).toContain(stored.length - (acked[k] as string).length);
    }
    expect(textOf(await reopened.getUpdate('doc-small'))).toBe('after the disk had room again');
    // The replica sends what was refused again; now it is stored.
    const { k, update } = unsaved as { k: number; update: Uint8Array };
    await reopened.applyUpdate(`doc${k}`, update);
    expect(textOf(await reopened.getUpdate(`doc${k}`))).toBe((acked[k] as string) + chunk);
    await expectConsistent(reopened, ['doc0', 'doc1', 'doc-small']);
  });

  it.skipIf(!isRoot)('a folder the store may not write (a store process running as nobody): read_only at open', async () => {
    const root = await tempDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    await chmod(root, 0o755);
    const dir = join(root, 'db');
    const seed = await openLevelStore(dir);
    await seed.applyUpdate('p', new Editor().type('written by root'));
    await seed.close();
    await chmod(dir, 0o755);
    for (const f of await readdir(dir)) await chmod(join(dir, f), 0o644);
    const err = await connectForked(dir, { uid: NOBODY, gid: NOBODY }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('read_only');
    expect((err as StoreError).message).toMatch(/may not write/);
  });

  it.skipIf(!isRoot)('a folder that becomes read-only while open: read_only, then recovers when writable again', async () => {
    const root = await tempDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    await chmod(root, 0o755);
    const dir = join(root, 'db');
    await mkdir(dir);
    await chown(dir, NOBODY, NOBODY);
    const { child, store } = await connectForked(dir, { uid: NOBODY, gid: NOBODY });
    cleanups.push(async () => {
      child.kill('SIGKILL');
      await exited(child);
    });
    const healths: StoreHealth[] = [];
    store.onHealth((x) => healths.push(x));
    const ed = new Editor();
    let acked = '';
    await store.applyUpdate('p', ed.type('start '));
    acked += 'start ';
    await chmod(dir, 0o555);
    // LevelDB appends to its open log until its 4 MiB write buffer fills, then needs a new file.
    let failure: StoreError | null = null;
    let unsaved: Uint8Array | null = null;
    const chunk = 'y'.repeat(256 * 1024);
    for (let i = 0; i < 64 && !failure; i++) {
      const u = ed.type(chunk);
      try {
        await store.applyUpdate('p', u);
        acked += chunk;
      } catch (err) {
        failure = err as StoreError;
        unsaved = u; // a replica keeps what was not saved and sends it again
      }
    }
    expect(failure).toBeInstanceOf(StoreError);
    expect(failure?.code).toBe('read_only');
    await expect.poll(() => store.health()).toMatchObject({ ok: false, code: 'read_only' });
    await chmod(dir, 0o755);
    await expect(store.applyUpdate('p', unsaved as Uint8Array)).resolves.toMatchObject({ changed: true });
    await expect(store.applyUpdate('p', ed.type('end'))).resolves.toMatchObject({ changed: true });
    acked += chunk + 'end';
    await expect.poll(() => store.health()).toEqual({ ok: true });
    expect(healths.map((x) => x.ok)).toEqual([false, true]);
    expect(textOf(await store.getUpdate('p'))).toBe(acked);
    await store.close();
    child.disconnect();
    expect(await exited(child)).toBe(0);
  });
});
