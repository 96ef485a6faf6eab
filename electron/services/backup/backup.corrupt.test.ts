/**
 * A corrupt, truncated or foreign backup is refused with a specific error, before anything is
 * written: the target journal's folder is byte-for-byte the same afterwards (or still missing).
 */
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openLevelStore } from '../store/index';
import { hashFolder, seededFolder, tempRoot } from './backup.testkit';
import { BackupError, encodeEntry, encodeHeader, HEADER_BYTES, parseBackup, TRAILER_BYTES } from './backupFormat';
import { restoreBackup } from './restoreBackup';
import { writeBackup } from './writeBackup';

let root: string;
let good: Uint8Array;
/** Where each entry starts (and the trailer), to aim at every region of the file. */
let boundaries: number[];
const targetDir = (): string => join(root, 'target');

beforeAll(async () => {
  root = await tempRoot();
  await seededFolder(join(root, 'source'), 30);
  const store = await openLevelStore(join(root, 'source'));
  try {
    await writeBackup(store, join(root, 'good.kindred-backup'));
  } finally {
    await store.close();
  }
  good = new Uint8Array(await readFile(join(root, 'good.kindred-backup')));
  const parsed = parseBackup(good, 'good');
  boundaries = [0, 14, 16, 24, 28, HEADER_BYTES];
  let at = HEADER_BYTES;
  for (const d of parsed.docs) {
    at += 1 + d.id.length + 4 + d.update.length + 4;
    boundaries.push(at);
  }
  expect(at + TRAILER_BYTES).toBe(good.length);
  // A target with a journal of its own, closed (so its files can be hashed).
  await seededFolder(targetDir(), 10, 5);
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const refusal = (bytes: Uint8Array): BackupError => {
  try {
    parseBackup(bytes, 'b.kindred-backup');
  } catch (err) {
    expect(err).toBeInstanceOf(BackupError);
    return err as BackupError;
  }
  throw new Error('parseBackup accepted a corrupt backup');
};

/** Writes `bytes` as a backup file and checks restoring it (both modes) is refused and changes nothing. */
async function refusedWithNothingChanged(bytes: Uint8Array, code?: string): Promise<BackupError> {
  const file = join(root, 'bad.kindred-backup');
  await writeFile(file, bytes);
  const before = await hashFolder(targetDir());
  const merge = await restoreBackup(file, targetDir(), { mode: 'merge' }).catch((e: unknown) => e);
  expect(merge).toBeInstanceOf(BackupError);
  if (code) expect((merge as BackupError).code).toBe(code);
  expect(await hashFolder(targetDir())).toBe(before);
  const fresh = join(root, 'fresh');
  const empty = await restoreBackup(file, fresh).catch((e: unknown) => e);
  expect(empty).toBeInstanceOf(BackupError);
  expect(await hashFolder(fresh)).toBe('missing');
  return merge as BackupError;
}

describe('refused backups change nothing', () => {
  it('accepts the good file (the checks below are not vacuous)', async () => {
    expect(parseBackup(good, 'good').docs.length).toBeGreaterThan(30);
    const s = await openLevelStore(join(root, 'scratch'));
    await s.close();
    await rm(join(root, 'scratch'), { recursive: true });
  });

  it('truncated at every entry boundary and many offsets in between', async () => {
    const offsets = new Set<number>();
    for (const b of boundaries) for (const d of [-1, 0, 1, 5]) if (b + d >= 0 && b + d < good.length) offsets.add(b + d);
    for (let at = 0; at < good.length; at += 97) offsets.add(at);
    for (let d = 1; d <= TRAILER_BYTES; d++) offsets.add(good.length - d);
    for (const at of offsets) {
      const e = refusal(good.subarray(0, at));
      expect(['truncated', 'not_backup'], `cut at ${at}: ${e.message}`).toContain(e.code);
      if (at >= HEADER_BYTES) expect(e.message).toMatch(/incomplete/);
    }
    const e = await refusedWithNothingChanged(good.subarray(0, Math.floor(good.length / 2)), 'truncated');
    expect(e.message).toMatch(/^bad\.kindred-backup is incomplete: it ends after \d+ of \d+ pages/);
  });

  it('a flipped bit anywhere (every header byte, every entry boundary region, the trailer, a sweep)', async () => {
    const positions = new Set<number>();
    for (let i = 0; i < HEADER_BYTES; i++) positions.add(i);
    for (const b of boundaries) for (let d = 0; d < 10; d++) if (b + d < good.length) positions.add(b + d);
    // A sweep at a prime stride, ~1,500 positions (each parse checks the whole file).
    const stride = Math.max(13, Math.floor(good.length / 1500) | 1);
    for (let i = 0; i < good.length; i += stride) positions.add(i);
    for (let d = 1; d <= TRAILER_BYTES; d++) positions.add(good.length - d);
    for (const at of positions) {
      for (const bit of [0, 7]) {
        const bad = good.slice();
        bad[at] = (bad[at] as number) ^ (1 << bit);
        refusal(bad);
      }
    }
    const bad = good.slice();
    const mid = Math.floor(good.length / 2);
    bad[mid] = (bad[mid] as number) ^ 4;
    expect((await refusedWithNothingChanged(bad, 'damaged')).message).toMatch(/damaged/);
  });

  it('property: any truncation or bit flip is refused', () => {
    fc.assert(
      fc.property(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 8 }), (at, bit) => {
        const bad = bit === 8 ? good.subarray(0, at) : good.slice();
        if (bit < 8) bad[at] = (bad[at] as number) ^ (1 << bit);
        expect(() => parseBackup(bad, 'b')).toThrow(BackupError);
      }),
      { numRuns: 500 },
    );
  });

  it('wrong magic, newer and unknown versions, garbage, an empty file, a missing file', async () => {
    const magic = good.slice();
    magic.set(new TextEncoder().encode('KINDRED-BACKUQ'), 0);
    expect((await refusedWithNothingChanged(magic, 'not_backup')).message).toMatch(/is not a Kindred backup/);

    const newer = good.slice();
    new DataView(newer.buffer).setUint16(14, 2);
    expect((await refusedWithNothingChanged(newer, 'newer_version')).message).toMatch(/newer Kindred \(backup format 2\)/);
    const zero = good.slice();
    new DataView(zero.buffer).setUint16(14, 0);
    await refusedWithNothingChanged(zero, 'bad_version');

    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) & 255);
    await refusedWithNothingChanged(garbage, 'not_backup');
    await refusedWithNothingChanged(new Uint8Array(0), 'not_backup');
    await refusedWithNothingChanged(new TextEncoder().encode('{"pages": []}\n'), 'not_backup');
    const missing = await restoreBackup(join(root, 'nope.kindred-backup'), targetDir(), { mode: 'merge' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'unreadable' });
    expect((missing as Error).message).toMatch(/there is no such file/);
  });

  it('well-formed files with bad content: bad ids, duplicate ids, undecodable or incomplete updates', async () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    const u = Y.encodeStateAsUpdate(doc);
    doc.getText('t').insert(5, ' world');
    const later = Y.encodeStateAsUpdate(doc, Y.encodeStateVectorFromUpdate(u));
    const build = (entries: Array<[string, Uint8Array]>): Uint8Array => {
      const parts = [encodeHeader(0, entries.length), ...entries.map(([id, up]) => encodeEntry(id, up))];
      const body = Buffer.concat(parts);
      return Buffer.concat([body, createHash('sha256').update(body).digest()]);
    };
    expect(parseBackup(build([['page-1', u]]), 'ok').docs).toHaveLength(1);
    await refusedWithNothingChanged(build([['page/1', u]]), 'bad_doc_id');
    await refusedWithNothingChanged(build([['page-1', u], ['page-1', u]]), 'duplicate_doc');
    await refusedWithNothingChanged(build([['page-1', new Uint8Array([1, 2, 3, 250])]]), 'bad_update');
    // An update that depends on one the backup does not carry.
    expect((await refusedWithNothingChanged(build([['page-1', later]]), 'bad_update')).message).toMatch(/depends on changes/);
  });
});
