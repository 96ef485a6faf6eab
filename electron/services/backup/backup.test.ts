import { existsSync } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { openLevelStore, openMemoryStore } from '../store/index';
import { LevelBackend } from '../store/level/levelBackend';
import { checkInvariants } from '../store/storeTest.testkit';
import type { JournalStore } from '../store/types';
import { hashStore, seededFolder, tempRoot } from './backup.testkit';
import { BackupError } from './backupFormat';
import { autoBackup, dailyBackupName } from './autoBackup';
import { readBackup, restoreBackup } from './restoreBackup';
import { listDocIds, writeBackup } from './writeBackup';

let root: string;
let source: JournalStore;
let backupFile: string;

beforeAll(async () => {
  root = await tempRoot();
  await seededFolder(join(root, 'source'), 300);
  source = await openLevelStore(join(root, 'source'));
  backupFile = join(root, 'journal.kindred-backup');
  await writeBackup(source, backupFile, { now: () => Date.UTC(2026, 10, 30, 9) });
}, 60_000);

afterAll(async () => {
  await source?.close();
  await rm(root, { recursive: true, force: true });
});

const eq = (a: Uint8Array | null, b: Uint8Array | null): boolean => a !== null && b !== null && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe('backup → restore into an empty folder', () => {
  it('gives a byte-identical journal: the same docs, each getUpdate equal to the backup', async () => {
    const backup = await readBackup(backupFile);
    const ids = await listDocIds(source);
    expect(ids.length).toBeGreaterThan(300);
    expect(backup.docs.map((d) => d.id).sort()).toEqual([...ids].sort());
    expect(backup.docs[0]?.id).toBe(WORKSPACE_DOC_ID);
    expect(backup.createdAt).toBe(Date.UTC(2026, 10, 30, 9));

    const target = join(root, 'restored');
    const phases = new Set<string>();
    const result = await restoreBackup(backupFile, target, { onProgress: (p) => phases.add(p.phase) });
    expect(result).toMatchObject({ docs: backup.docs.length, changed: backup.docs.length, mode: 'empty' });
    expect(phases).toContain('restoring');
    const restored = await openLevelStore(target);
    try {
      expect((await listDocIds(restored)).sort()).toEqual([...ids].sort());
      for (const d of backup.docs) {
        expect(eq(await restored.getUpdate(d.id), d.update), d.id).toBe(true);
        // Same content as the source: equal state vectors and equal documents.
        expect(Buffer.from(await restored.stateVector(d.id)).equals(Buffer.from(await source.stateVector(d.id)))).toBe(true);
      }
      const a = new Y.Doc();
      Y.applyUpdate(a, (await source.getUpdate(WORKSPACE_DOC_ID)) as Uint8Array);
      const b = new Y.Doc();
      Y.applyUpdate(b, (await restored.getUpdate(WORKSPACE_DOC_ID)) as Uint8Array);
      expect(b.toJSON()).toEqual(a.toJSON());
      // The restored journal takes edits like any other: a change on top of a restored page.
      const page = backup.docs[1] as { id: string; update: Uint8Array };
      const edit = new Y.Doc();
      Y.applyUpdate(edit, page.update);
      const sv = Y.encodeStateVector(edit);
      edit.getMap('after-restore').set('ok', 1);
      expect((await restored.applyUpdate(page.id, Y.encodeStateAsUpdate(edit, sv))).changed).toBe(true);
    } finally {
      await restored.close();
    }
    // Its stored layout agrees with itself (records, state vectors, info, log, head).
    const backend = await LevelBackend.open(target);
    try {
      expect(await checkInvariants(backend)).toBe(backup.docs.length);
    } finally {
      await backend.close();
    }
    // A second backup of the restored journal holds the same bytes for every untouched page.
    const again = join(root, 'again.kindred-backup');
    const r2 = await openLevelStore(target);
    try {
      await writeBackup(r2, again, { now: () => Date.UTC(2026, 10, 30, 9) });
    } finally {
      await r2.close();
    }
    const second = await readBackup(again);
    const first = new Map(backup.docs.map((d) => [d.id, d.update]));
    expect(second.docs.map((d) => d.id).sort()).toEqual([...first.keys()].sort());
    const changedIds = second.docs.filter((d) => !eq(d.update, first.get(d.id) ?? null)).map((d) => d.id);
    expect(changedIds).toEqual([backup.docs[1]?.id]);
    // No temporary folder is left beside the target.
    expect((await readdir(root)).filter((n) => n.includes('restoring') || n.includes('replaced'))).toEqual([]);
  });

  it('into a folder holding an empty store: replaces it', async () => {
    const target = join(root, 'empty-store');
    await (await openLevelStore(target)).close();
    await restoreBackup(backupFile, target);
    const s = await openLevelStore(target);
    try {
      expect((await listDocIds(s)).length).toBe((await readBackup(backupFile)).docs.length);
    } finally {
      await s.close();
    }
  });

  it('refuses a folder with other files in it', async () => {
    const target = join(root, 'documents');
    await writeFile(join(await mkdirp(target), 'letter.txt'), 'hello');
    await expect(restoreBackup(backupFile, target)).rejects.toMatchObject({ code: 'not_empty' });
    await expect(restoreBackup(backupFile, target, { mode: 'merge' })).rejects.toMatchObject({ code: 'not_empty' });
    expect(await readdir(target)).toEqual(['letter.txt']);
  });
});

async function mkdirp(dir: string): Promise<string> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  return dir;
}

describe('restore into a journal that is not empty', () => {
  it('is refused without merge (nothing changes) and merged with it (nothing lost, idempotent)', async () => {
    const dir = join(root, 'other');
    await seededFolder(dir, 40, 99);
    let store = await openLevelStore(dir);
    // A page of its own that the backup does not have.
    const own = new Y.Doc();
    own.getText('body').insert(0, 'written only on this device');
    await store.applyUpdate('own-page', Y.encodeStateAsUpdate(own));
    // And a doc both have, edited here: the merge must keep both sides.
    const shared = new Y.Doc();
    Y.applyUpdate(shared, (await store.getUpdate(WORKSPACE_DOC_ID)) as Uint8Array);
    shared.getMap('local-test').set('kept', true);
    await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(shared));
    const before = await hashStore(store);
    const ownBefore = await store.getUpdate('own-page');
    await store.close();

    const err = await restoreBackup(backupFile, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as BackupError).code).toBe('not_empty');
    expect((err as BackupError).message).toMatch(/not empty.*--merge/);
    store = await openLevelStore(dir);
    expect(await hashStore(store)).toBe(before);
    await store.close();

    const merged = await restoreBackup(backupFile, dir, { mode: 'merge' });
    expect(merged.changed).toBeGreaterThan(0);
    store = await openLevelStore(dir);
    try {
      expect(eq(await store.getUpdate('own-page'), ownBefore)).toBe(true);
      const backup = await readBackup(backupFile);
      for (const d of backup.docs) {
        // Everything the backup holds is in the merged doc: applying it again adds nothing.
        const doc = new Y.Doc();
        Y.applyUpdate(doc, (await store.getUpdate(d.id)) as Uint8Array);
        const sv = Y.encodeStateVector(doc);
        Y.applyUpdate(doc, d.update);
        expect(Buffer.from(Y.encodeStateVector(doc)).equals(Buffer.from(sv)), d.id).toBe(true);
      }
      const ws = new Y.Doc();
      Y.applyUpdate(ws, (await store.getUpdate(WORKSPACE_DOC_ID)) as Uint8Array);
      expect(ws.getMap('local-test').get('kept')).toBe(true);
      const head = await store.head();
      const hash = await hashStore(store);
      // Restoring the same backup again changes nothing.
      const again = await restoreBackup(backupFile, store, { mode: 'merge' });
      expect(again.changed).toBe(0);
      expect(await store.head()).toBe(head);
      expect(await hashStore(store)).toBe(hash);
      // Into an open store in 'empty' mode: refused too.
      await expect(restoreBackup(backupFile, store)).rejects.toMatchObject({ code: 'not_empty' });
    } finally {
      await store.close();
    }
  }, 40_000);
});

describe('cancelling', () => {
  it('a backup cancelled mid-way leaves no file, temporary or final', async () => {
    const dir = join(root, 'cancel');
    await mkdirp(dir);
    const ac = new AbortController();
    const file = join(dir, 'b.kindred-backup');
    const err = await writeBackup(source, file, {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.phase === 'reading' && p.done >= 100) ac.abort();
      },
    }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(await readdir(dir)).toEqual([]);
  });

  it('a restore cancelled mid-way leaves the target folder as it was', async () => {
    const target = join(root, 'cancel-restore');
    const ac = new AbortController();
    const err = await restoreBackup(backupFile, target, {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.phase === 'restoring' && p.done >= 256) ac.abort();
      },
    }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(existsSync(target)).toBe(false);
    expect((await readdir(root)).filter((n) => n.includes('restoring'))).toEqual([]);
  });
});

describe('autoBackup', () => {
  it('writes one file per day, skips a day already backed up, keeps the newest N, touches nothing else', async () => {
    const dir = join(root, 'daily');
    await mkdirp(dir);
    await writeFile(join(dir, 'notes.txt'), 'mine');
    const day = (d: number): number => new Date(2026, 10, d, 12).getTime();
    const names: string[] = [];
    for (const d of [1, 2, 3, 4]) {
      const r = await autoBackup({ store: source, dir, keep: 2, now: () => day(d) });
      expect(r.written).toBe(true);
      names.push(dailyBackupName(day(d)));
    }
    expect(dailyBackupName(day(4))).toBe('kindred-backup-2026-11-04.kindred-backup');
    const again = await autoBackup({ store: source, dir, keep: 2, now: () => day(4) + 3600_000 });
    expect(again.written).toBe(false);
    expect((await readdir(dir)).sort()).toEqual([names[2], names[3], 'notes.txt'].sort());
    expect((await readBackup(join(dir, names[3] as string))).docs.length).toBeGreaterThan(300);
    await expect(autoBackup({ store: source, dir, keep: 0 })).rejects.toThrow(/at least 1/);
  });
});

describe('a journal with damaged records', () => {
  it('still gives a backup that restores (the damaged doc carries what integrates)', async () => {
    const dir = join(root, 'damaged');
    await seededFolder(dir, 20, 7);
    // Flip a byte in the middle record of one page doc (its checksum then fails).
    const backend = await LevelBackend.open(dir);
    let victim = '';
    try {
      const records = await backend.range({ gte: 'doc/', lt: 'doc0' });
      const byDoc = new Map<string, Array<[string, Uint8Array]>>();
      for (const [k, v] of records) {
        const [, id, kind] = k.split('/');
        if (kind === 'u' && id !== WORKSPACE_DOC_ID) byDoc.set(id as string, [...(byDoc.get(id as string) ?? []), [k, v]]);
      }
      const [id, recs] = [...byDoc].find(([, r]) => r.length >= 3) as [string, Array<[string, Uint8Array]>];
      victim = id;
      const [key, value] = recs[1] as [string, Uint8Array];
      const bad = value.slice();
      bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 0xff;
      await backend.batch([{ type: 'put', key, value: bad }]);
    } finally {
      await backend.close();
    }
    const store = await openLevelStore(dir);
    const file = join(root, 'damaged.kindred-backup');
    try {
      await writeBackup(store, file);
      expect(await store.damaged(victim)).toBe(true);
    } finally {
      await store.close();
    }
    const backup = await readBackup(file);
    expect(backup.docs.some((d) => d.id === victim)).toBe(true);
    await restoreBackup(file, join(root, 'damaged-restored'));
    const restored = await openLevelStore(join(root, 'damaged-restored'));
    try {
      expect((await listDocIds(restored)).length).toBe(backup.docs.length);
    } finally {
      await restored.close();
    }
  });
});

describe('while the app keeps writing', () => {
  it('backs up a consistent file while edits land in the same store', async () => {
    const page = (await listDocIds(source))[5] as string;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await source.getUpdate(page)) as Uint8Array);
    const file = join(root, 'busy.kindred-backup');
    const edits: Promise<unknown>[] = [];
    const backup = writeBackup(source, file, {
      onProgress: (p) => {
        if (p.phase !== 'reading') return;
        const sv = Y.encodeStateVector(doc);
        doc.getMap('busy').set(String(p.done), p.done);
        edits.push(source.applyUpdate(page, Y.encodeStateAsUpdate(doc, sv)));
      },
    });
    await backup;
    await Promise.all(edits);
    expect(edits.length).toBeGreaterThan(2);
    const parsed = await readBackup(file);
    expect(parsed.docs.length).toBeGreaterThan(300);
    // The page is in the backup as it was when it was read: a prefix of the edits, all complete.
    const inBackup = new Y.Doc();
    Y.applyUpdate(inBackup, (parsed.docs.find((d) => d.id === page) as { update: Uint8Array }).update);
    expect(inBackup.store.pendingStructs).toBeNull();
  });
});

describe('restore into an open store (the running app)', () => {
  it('fills an empty store through applyUpdate: same docs, same content', async () => {
    const store = await openMemoryStore();
    try {
      const result = await restoreBackup(backupFile, store);
      const backup = await readBackup(backupFile);
      expect(result.docs).toBe(backup.docs.length);
      expect((await listDocIds(store)).sort()).toEqual(backup.docs.map((d) => d.id).sort());
      for (const d of backup.docs.slice(0, 50)) {
        expect(Buffer.from(await store.stateVector(d.id)).equals(Buffer.from(d.sv)), d.id).toBe(true);
      }
    } finally {
      await store.close();
    }
  });
});
