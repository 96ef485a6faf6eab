import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_DRAFT_BYTES, createDraftStore } from './drafts';
import type { CaptureDraft } from './drafts';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kindred-drafts-'));
  file = join(dir, 'capture-draft.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const draft = (text: string, over: Partial<CaptureDraft> = {}): CaptureDraft => ({
  version: 1,
  editorState: JSON.stringify({ root: { children: [{ type: 'paragraph', text }] } }),
  mode: 'note',
  updatedAt: 1_780_000_000_000,
  ...over,
});

describe('draft store', () => {
  it('a missing file is no draft', async () => {
    expect(await createDraftStore(file).load()).toBeNull();
  });

  it('survives a restart: a new store on the same file reads what the old one saved', async () => {
    await createDraftStore(file).save(draft('Coffee with Maria — she starts pottery', { mode: 'today' }));
    const again = createDraftStore(file);
    expect(await again.load()).toEqual(draft('Coffee with Maria — she starts pottery', { mode: 'today' }));
    await again.clear();
    expect(await createDraftStore(file).load()).toBeNull();
    await again.clear(); // clearing twice is fine
  });

  it('writes atomically, private to the user, leaving no temp files', async () => {
    const store = createDraftStore(file);
    await store.save(draft('a'));
    await store.save(draft('b'));
    expect(await readdir(dir)).toEqual(['capture-draft.json']);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    // A temp file left by a crash mid-write does not disturb the next load.
    await writeFile(join(dir, '.capture-draft.json.123.abcd.tmp'), '{"version":1,"edi');
    expect(await createDraftStore(file).load()).toEqual(draft('b'));
  });

  it('concurrent saves keep the last one called', async () => {
    const store = createDraftStore(file);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.save(draft(`v${i}`, { updatedAt: i }))));
    expect(await store.load()).toEqual(draft('v19', { updatedAt: 19 }));
  });

  it('any interleaving of saves and clears ends with the last one called (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constant(null), fc.string({ maxLength: 20 })), { minLength: 1, maxLength: 12 }), async (ops) => {
        const store = createDraftStore(file);
        await Promise.all(ops.map((op) => (op === null ? store.clear() : store.save(draft(op)))));
        const last = ops[ops.length - 1]!;
        expect(await createDraftStore(file).load()).toEqual(last === null ? null : draft(last));
      }),
      { numRuns: 40 },
    );
  });

  it('a corrupt file gives null and is moved aside, not deleted', async () => {
    await writeFile(file, '{"version":1,"editorState":"{\\"ro');
    const store = createDraftStore(file, { now: () => 42 });
    expect(await store.load()).toBeNull();
    expect((await readdir(dir)).sort()).toEqual(['capture-draft.json.corrupt-42']);
    expect(await readFile(join(dir, 'capture-draft.json.corrupt-42'), 'utf8')).toContain('editorState');
    // The next save works normally.
    await store.save(draft('fresh'));
    expect(await store.load()).toEqual(draft('fresh'));
  });

  it('a well-formed file with the wrong shape (or a future version) is moved aside too', async () => {
    for (const [i, content] of [
      JSON.stringify({ ...draft('x'), version: 2 }),
      JSON.stringify({ ...draft('x'), mode: 'diary' }),
      JSON.stringify([1, 2]),
      'null',
    ].entries()) {
      await writeFile(file, content);
      expect(await createDraftStore(file, { now: () => i }).load()).toBeNull();
    }
    expect((await readdir(dir)).sort()).toEqual([0, 1, 2, 3].map((i) => `capture-draft.json.corrupt-${i}`));
  });

  it('refuses a draft over 2 MB and keeps the previous one; an oversized file is moved aside', async () => {
    const store = createDraftStore(file);
    await store.save(draft('kept'));
    await expect(store.save(draft('x'.repeat(MAX_DRAFT_BYTES)))).rejects.toThrow('The draft is larger than 2 MB and cannot be kept.');
    // Multi-byte text counts in bytes, as on disk.
    await expect(store.save(draft('é'.repeat(MAX_DRAFT_BYTES / 2)))).rejects.toThrow('larger than 2 MB');
    expect(await store.load()).toEqual(draft('kept'));
    await expect(store.save({ ...draft('x'), mode: 'diary' } as unknown as CaptureDraft)).rejects.toThrow('malformed');
    await writeFile(file, JSON.stringify(draft('y'.repeat(MAX_DRAFT_BYTES))));
    expect(await createDraftStore(file, { now: () => 7 }).load()).toBeNull();
    expect(await readdir(dir)).toEqual(['capture-draft.json.corrupt-7']);
  });
});
