/**
 * Backup → restore at 10,000 pages, byte-identical. The journal is written straight through the
 * store (each page typed in three updates, the workspace listing every page) instead of through
 * bench/seedJournal's headless editor, which takes over a minute at this size; the bench
 * (bench/backup.ts) does the same round trip on a seedJournal journal and times it.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openLevelStore } from '../store/index';
import { tempRoot } from './backup.testkit';
import { readBackup, restoreBackup } from './restoreBackup';
import { listDocIds, writeBackup } from './writeBackup';

const PAGES = 10_000;
let root: string;

beforeAll(async () => {
  root = await tempRoot();
  const store = await openLevelStore(join(root, 'source'));
  try {
    const ws = new Y.Doc();
    const pages = ws.getMap('pages');
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < PAGES; i++) {
      const id = `page-${i}`;
      const doc = new Y.Doc();
      const text = doc.getText('body');
      let sv = Y.encodeStateVector(doc);
      for (const words of [`Day ${i}: coffee with Sam`, ' and a walk by the lake', `; remember ${i % 97}.`]) {
        text.insert(text.length, words);
        pending.push(store.applyUpdate(id, Y.encodeStateAsUpdate(doc, sv)));
        sv = Y.encodeStateVector(doc);
      }
      if (i % 7 === 0) {
        text.delete(0, 4);
        pending.push(store.applyUpdate(id, Y.encodeStateAsUpdate(doc, sv)));
      }
      const before = Y.encodeStateVector(ws);
      pages.set(id, { title: `Day ${i}` });
      pending.push(store.applyUpdate('kindred-workspace', Y.encodeStateAsUpdate(ws, before)));
      if (pending.length > 2_000) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
  } finally {
    await store.close();
  }
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

it('restores 10,000 pages into an empty folder byte-identically', async () => {
  const file = join(root, 'big.kindred-backup');
  const source = await openLevelStore(join(root, 'source'));
  try {
    expect((await writeBackup(source, file)).docs).toBe(PAGES + 1);
  } finally {
    await source.close();
  }
  const backup = await readBackup(file);
  await restoreBackup(file, join(root, 'restored'));
  const restored = await openLevelStore(join(root, 'restored'));
  const again = await openLevelStore(join(root, 'source'));
  try {
    expect((await listDocIds(restored)).length).toBe(PAGES + 1);
    let identical = 0;
    for (const d of backup.docs) {
      const u = await restored.getUpdate(d.id);
      if (u && Buffer.from(u).equals(Buffer.from(d.update))) identical++;
    }
    expect(identical).toBe(PAGES + 1);
    // And the same content as the source (state vectors; text of a sample of pages).
    for (let i = 0; i < PAGES; i += 997) {
      const id = `page-${i}`;
      expect(Buffer.from(await restored.stateVector(id)).equals(Buffer.from(await again.stateVector(id)))).toBe(true);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await restored.getUpdate(id)) as Uint8Array);
      expect(doc.getText('body').toString()).toBe(`${i % 7 === 0 ? '' : 'Day '}${i}: coffee with Sam and a walk by the lake; remember ${i % 97}.`);
    }
  } finally {
    await restored.close();
    await again.close();
  }
}, 60_000);
