/**
 * The derived index at 10,000 pages of realistic notes (~300 words, 1–4 people mentioned, some
 * follow-ups and "ask next" lines), seeded through a real LevelDB store:
 *   - derived_index_bytes: what the `derived` key space holds (keys + values);
 *   - derived_rebuild_10k_ms: building it from nothing;
 *   - derived_catchup_1000_ms: catching up after 1,000 pages changed while it was not running
 *     (the restart after a crash), goal ≤ 1 s; `_cpu_ms` is the CPU time it took.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { startDerivedIndex, DERIVED_SPACE } from '../electron/services/derived/derivedIndex';
import { openLevelStore } from '../electron/services/store';
import type { JournalStore } from '../electron/services/store/types';
import type { Block, Inline } from '../shared/pages/pageBlocks';
import { appendBlocks } from '../shared/pages/pageDoc.testkit';
import { generateCorpus, int, mulberry32, pick } from './corpus';
import { round, type Result } from './measure';

const PAGES = 10_000;
const CHANGED = 1_000;
const CATCHUP_GOAL_MS = 1_000;

function noteBlocks(text: string, people: string[], rng: () => number): Block[] {
  const blocks: Block[] = text.split('\n\n').map((p) => {
    const inlines: Inline[] = [];
    const words = p.split(' ');
    // A mention or two inside the paragraph, where a name would be.
    const at = int(rng, 0, words.length - 1);
    inlines.push({ text: words.slice(0, at).join(' ') + ' ' });
    if (rng() < 0.6) inlines.push({ mention: pick(rng, people) });
    inlines.push({ text: ' ' + words.slice(at).join(' ') });
    return { type: 'paragraph', inlines };
  });
  if (rng() < 0.3) blocks.push({ type: 'listitem', checked: false, inlines: [{ text: 'send ' }, { mention: pick(rng, people) }, { text: ' the recipe next Tuesday' }] });
  if (rng() < 0.2) {
    blocks.push({ type: 'heading', inlines: [{ text: 'What to ask next time?' }] });
    blocks.push({ type: 'paragraph', inlines: [{ text: 'how the new job is going, and whether the move happened' }] });
  }
  return blocks;
}

async function seed(store: JournalStore, ids: string[], texts: string[], people: string[]): Promise<void> {
  const rng = mulberry32(7);
  for (let i = 0; i < ids.length; i++) {
    const doc = new Y.Doc();
    const mentioned = Array.from({ length: int(rng, 1, 4) }, () => pick(rng, people));
    appendBlocks(doc, noteBlocks(texts[i % texts.length]!, mentioned, rng));
    await store.applyUpdate(ids[i]!, Y.encodeStateAsUpdate(doc), 'bench');
  }
}

async function spaceBytes(store: JournalStore): Promise<number> {
  let bytes = 0;
  for await (const [k, v] of store.space(DERIVED_SPACE).entries()) bytes += k.length + v.byteLength;
  return bytes;
}

export async function runDerivedBench(): Promise<Result> {
  const dir = await mkdtemp(join(tmpdir(), 'kindred-derived-bench-'));
  const out: Result = {};
  try {
    const corpus = generateCorpus({ notes: 2_000, people: 1_000 });
    const texts = corpus.notes.map((n) => n.text);
    const people = corpus.people.map((p) => `person-${p.id}`);
    const ids = Array.from({ length: PAGES }, (_, i) => `note-${String(i).padStart(5, '0')}`);
    let store = await openLevelStore(dir);
    const t0 = performance.now();
    await seed(store, ids, texts, people);
    out.derived_seed_10k_ms = round(performance.now() - t0, 0);

    let t = performance.now();
    let index = await startDerivedIndex(store);
    await index.idle();
    out.derived_rebuild_10k_ms = round(performance.now() - t, 0);
    out.derived_index_bytes = await spaceBytes(store);
    out.derived_bytes_per_page = round(Number(out.derived_index_bytes) / PAGES, 0);
    await index.close();

    // 1,000 pages edited while the index was not running (the host died before its batch).
    const rng = mulberry32(11);
    for (let i = 0; i < CHANGED; i++) {
      const id = ids[(i * 9973) % PAGES]!;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await store.getUpdate(id))!);
      const sv = Y.encodeStateVector(doc);
      appendBlocks(doc, [{ type: 'paragraph', inlines: [{ text: 'later, with ' }, { mention: pick(rng, people) }] }]);
      await store.applyUpdate(id, Y.encodeStateAsUpdate(doc, sv), 'bench');
    }
    await store.close();
    store = await openLevelStore(dir);
    t = performance.now();
    const cpu = process.cpuUsage();
    index = await startDerivedIndex(store);
    await index.idle();
    out.derived_catchup_1000_ms = round(performance.now() - t, 0);
    // CPU time of this process, for comparing runs on a busy machine (wall time waits on others).
    const used = process.cpuUsage(cpu);
    out.derived_catchup_1000_cpu_ms = round((used.user + used.system) / 1000, 0);
    await index.close();
    await store.close();
    out.derived_meets_targets = Number(out.derived_catchup_1000_ms) <= CATCHUP_GOAL_MS;
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
