import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConversation, initWorkspace, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { appendBlocks, para } from '../../../shared/pages/pageDoc.testkit';
import { SearchIndex, SearchIndexFormatError, type SearchDoc } from '../../../shared/search';
import type { JournalStore, KeyValueSpace } from '../store/types';
import { change, harness, startHost as startWith, stamp } from './searchTest.testkit';
import {
  loadSearchTerms, packRecord, readSearchMeta, SEARCH_SPACE, saveSearch, segmentKey, TERMS_END, TERMS_PREFIX, unpackRecord,
} from './searchStorage';

/**
 * Compressed segments and the shared term dictionary in a real LevelDB store: damage inside the
 * compressed bytes is a format error (never garbage in the index), an index of the older format
 * is rebuilt from the store, and saves add only the words they introduce.
 */
async function seed(store: JournalStore, n: number): Promise<string[]> {
  const notes: string[] = [];
  await change(store, WORKSPACE_DOC_ID, (ws) => {
    initWorkspace(ws);
    for (let i = 0; i < n; i++) notes.push(createConversation(ws, '2024-03-01', '', stamp));
  });
  for (let i = 0; i < n; i++) await change(store, notes[i]!, (d) => appendBlocks(d, [para(`Note ${i} about the lighthouse keeper${i}`)]));
  return notes;
}

const startHost = (store: JournalStore, logged: string[] = []) => startWith(store, (m) => logged.push(m));

async function keys(space: KeyValueSpace, gt: string, lt: string): Promise<string[]> {
  const out: string[] = [];
  for await (const [k] of space.entries({ gt, lt })) out.push(k);
  return out;
}

const docs: SearchDoc[] = Array.from({ length: 1500 }, (_, i) => ({
  id: `d${i}`, kind: 'journal', title: `Day ${i}`, date: '2025-01-01', people: [],
  text: `Rowed across the fjord ${i} with Åsa and Zoë. The water was calm and the sky was clear; we rowed back before dark.`,
}));

describe('packed records', () => {
  it('a flipped byte or a cut anywhere in a packed segment is a SearchIndexFormatError, never a changed index', async () => {
    const idx = SearchIndex.build(docs);
    const seg = SearchIndex.segmentOf('d7');
    const raw = Array.from({ length: SearchIndex.SEGMENT_COUNT }, (_, i) => idx.encodeSegment(i));
    const packed = await packRecord(raw[seg]!);
    const terms = idx.encodeTermChunk()!.bytes;
    const all = await Promise.all(raw.map((b) => packRecord(b)));
    const sum = (l: Uint8Array[]): number => l.reduce((n, b) => n + b.length, 0);
    expect(sum(all)).toBeLessThan(sum(raw)); // it is compressed
    expect(await unpackRecord(all[seg]!)).toEqual(raw[seg]);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: packed.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.boolean(), async (at, flip, cut) => {
        const bad = cut ? packed.slice(0, at) : packed.slice();
        if (!cut) bad[at] = (bad[at] as number) ^ flip;
        const target = SearchIndex.create();
        target.loadTermChunks([terms]);
        // Either decompression fails, or the segment's own checks (CRC-32, structure) do, or
        // the change did not touch the content (a brotli header bit that does not matter for
        // this size): then the bytes are exactly the original. Never a wrong page.
        let error: unknown = null;
        let unpacked: Uint8Array | null = null;
        try {
          unpacked = await unpackRecord(bad);
          target.loadSegment(unpacked);
        } catch (err) {
          error = err;
        }
        if (error === null) {
          expect(unpacked).toEqual(raw[seg]);
          expect(target.get('d7')).toEqual(docs[7]);
        } else {
          expect(error).toBeInstanceOf(SearchIndexFormatError);
          expect(target.size).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('an unpacked (older) record is refused with a clear error', async () => {
    const raw = SearchIndex.build(docs).encodeSegment(0);
    await expect(unpackRecord(raw)).rejects.toThrow(/unknown packing/);
  });
});

describe('stored index', () => {
  it('a save adds only the words it introduced, and a restart loads every chunk', async () => {
    const h = await harness();
    const notes = await seed(h.store, 20);
    const host = await startHost(h.store);
    await host.idle();
    const space = h.store.space(SEARCH_SPACE);
    const first = await keys(space, TERMS_PREFIX, TERMS_END);
    expect(first).toHaveLength(1);
    await change(h.store, notes[3]!, (d) => appendBlocks(d, [para('A brand new word: quixotic')]));
    await host.idle();
    await expect.poll(() => keys(space, TERMS_PREFIX, TERMS_END)).toHaveLength(2);
    const added = await unpackRecord((await space.get((await keys(space, TERMS_PREFIX, TERMS_END))[1]!))!);
    expect(added.length).toBeLessThan(64); // the new word, not the dictionary again
    await host.close();
    await h.reopen();
    const logged: string[] = [];
    const again = await startHost(h.store, logged);
    await again.idle();
    expect((await again.query({ q: 'quixotic' })).hits.map((x) => x.id)).toEqual([notes[3]]);
    expect((await again.query({ q: '"keeper7"' })).hits.map((x) => x.id)).toEqual([notes[7]]);
    expect(logged).toEqual([]);
  });

  it('an index of the older format is rebuilt from the store once, not read and not retried', async () => {
    const h = await harness();
    const notes = await seed(h.store, 12);
    const space = h.store.space(SEARCH_SPACE);
    // What the previous version wrote: meta format 1 and raw segments (version 2).
    const old = new Uint8Array([0x4b, 0x53, 0x47, 2, 0, 0, 0, 0, 0, 0, 0]);
    await space.batch([
      { type: 'put', key: 'meta', value: new TextEncoder().encode(JSON.stringify({ format: 1, logId: h.store.logId, seq: 999, names: {} })) },
      { type: 'put', key: segmentKey(0), value: old },
    ]);
    const logged: string[] = [];
    const host = await startHost(h.store, logged);
    await host.idle();
    expect((await host.query({ q: '"keeper5"' })).hits.map((x) => x.id)).toEqual([notes[5]]);
    await expect.poll(async () => (await readSearchMeta(space))?.format).toBe(2);
    expect(await space.get(segmentKey(0))).not.toEqual(old);
    await host.close();
    // The rebuilt index loads cleanly: nothing damaged, nothing rebuilt again.
    const logged2: string[] = [];
    const again = await startHost(h.store, logged2);
    await again.idle();
    expect(logged2).toEqual([]);
    expect((await again.query({ q: '"keeper11"' })).hits.map((x) => x.id)).toEqual([notes[11]]);
    const check = SearchIndex.create();
    expect(await loadSearchTerms(space, check)).toBeGreaterThan(10);
  });

  it('a damaged word list means a clean rebuild of everything', async () => {
    const h = await harness();
    const notes = await seed(h.store, 10);
    const host = await startHost(h.store);
    await host.idle();
    await host.close();
    const space = h.store.space(SEARCH_SPACE);
    const [key] = await keys(space, TERMS_PREFIX, TERMS_END);
    const bytes = (await space.get(key!))!.slice(0, 20);
    await space.batch([{ type: 'put', key: key!, value: bytes }]);
    const logged: string[] = [];
    const again = await startHost(h.store, logged);
    await again.idle();
    expect(logged.some((m) => m.includes('word list is damaged'))).toBe(true);
    expect((await again.query({ q: '"keeper4"' })).hits.map((x) => x.id)).toEqual([notes[4]]);
    await again.close();
    const check = SearchIndex.create();
    await loadSearchTerms(space, check); // rewritten whole
  });

  it('a failed write keeps the segments dirty and the words unsaved, and the next save writes them', async () => {
    const idx = SearchIndex.build(docs);
    const stored = new Map<string, Uint8Array>();
    let fail = true;
    const space = {
      batch: async (ops: { type: string; key: string; value?: Uint8Array }[]) => {
        if (fail) throw new Error('disk full');
        for (const op of ops) if (op.value) stored.set(op.key, op.value);
      },
      get: async (k: string) => stored.get(k),
    } as unknown as KeyValueSpace; // only batch/get are used by saveSearch
    await expect(saveSearch(space, idx, null)).rejects.toThrow('disk full');
    fail = false;
    expect(await saveSearch(space, idx, null)).toBeGreaterThan(10);
    const termKeys = [...stored.keys()].filter((k) => k.startsWith(TERMS_PREFIX));
    expect(termKeys).toEqual([`${TERMS_PREFIX}0000000000`]);
    const loaded = SearchIndex.create();
    loaded.loadTermChunks([await unpackRecord(stored.get(termKeys[0]!)!)]);
    for (const [k, v] of stored) if (k.startsWith('s/')) loaded.loadSegment(await unpackRecord(v));
    expect(loaded.size).toBe(docs.length);
    expect(loaded.search('"fjord 1234"').map((h) => h.id)).toEqual(['d1234']);
  });
});
