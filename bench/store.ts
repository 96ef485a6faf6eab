/**
 * The device store at scale (electron/services/store, LevelDB): 10,000 pages of ~300 words, each
 * written as ~20 editor-like updates through applyUpdate, plus the workspace doc (one update per
 * page). Reports write latency while typing (goal p95 ≤ 2 ms per update, validation + records +
 * state vector + log in one batch), changesSince over 1,000 changed docs, reopen time, size on
 * disk, and the fsync trade-off measured on this machine. Deterministic (seeded).
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { DEFAULT_SYNC, openLevelStore } from '../electron/services/store/index';
import type { JournalStore } from '../electron/services/store/types';
import { int, mulberry32, pick, type Rng } from './corpus';
import { percentile, round, type Result } from './measure';

const PAGES = 10_000;
const UPDATES_PER_PAGE = 20;
const WORDS_PER_PAGE = 300;
const WRITE_GOAL_MS = 2;

const VOCAB = (
  'the and to a of i she was in that it he for said with her about we on is but they had at be this have not you my so his ' +
  'sister brother mother friend coffee dinner garden trip work project doctor birthday wedding music book walk weekend ' +
  'morning evening plan idea worry hope talked laughed called visited promised asked remembered kitchen station lake'
).split(' ');

/** A page being typed like the editor writes it: paragraphs as XmlText in the root, a few words per update. */
class Page {
  readonly doc = new Y.Doc();
  private readonly root = this.doc.get('root', Y.XmlText) as Y.XmlText;
  private para: Y.XmlText | null = null;
  private out: Uint8Array[] = [];

  constructor(clientId: number) {
    this.doc.clientID = clientId;
    this.doc.on('update', (u: Uint8Array) => this.out.push(u));
  }

  /** Loads stored content (not an edit: nothing to send). */
  load(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update);
    this.out = [];
  }

  type(rng: Rng, words: number): Uint8Array {
    this.doc.transact(() => {
      if (!this.para || rng() < 0.15) {
        this.para = new Y.XmlText();
        this.root.insertEmbed(this.root.length, this.para, { __type: 'paragraph' });
      }
      let s = '';
      for (let i = 0; i < words; i++) s += pick(rng, VOCAB) + ' ';
      this.para.insert(this.para.length, s);
    });
    const u = this.out.length === 1 ? (this.out[0] as Uint8Array) : Y.mergeUpdates(this.out);
    this.out = [];
    return u;
  }
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const f of await readdir(dir)) total += (await stat(join(dir, f))).size;
  return total;
}

async function timedApply(store: JournalStore, docId: string, u: Uint8Array, times: number[]): Promise<void> {
  const t = performance.now();
  await store.applyUpdate(docId, u, 'bench');
  times.push(performance.now() - t);
}

/** Typing: sessions of 50 updates on one page (the first loads the page's live doc). */
async function typingPhase(store: JournalStore, rng: Rng, pageIds: string[], pages: Map<string, Page>, sessions: number): Promise<number[]> {
  const times: number[] = [];
  for (let s = 0; s < sessions; s++) {
    const id = pick(rng, pageIds);
    let page = pages.get(id);
    if (!page) {
      page = new Page(1_000_000 + s);
      const stored = await store.getUpdate(id);
      if (stored) page.load(stored);
      pages.set(id, page);
    }
    for (let k = 0; k < 50; k++) await timedApply(store, id, page.type(rng, int(rng, 1, 3)), times);
  }
  return times;
}

export async function runStoreBench(): Promise<Result> {
  const out: Result = {};
  const root = await mkdtemp(join(tmpdir(), 'kindred-store-bench-'));
  try {
    const dir = join(root, 'db');
    const rng = mulberry32(1130);
    let store = await openLevelStore(dir);
    const ws = new Y.Doc();
    ws.clientID = 1;
    const wsPages = ws.getMap('pages');
    let wsOut: Uint8Array[] = [];
    ws.on('update', (u: Uint8Array) => wsOut.push(u));
    const pageIds: string[] = [];
    const seedTimes: number[] = [];
    const seedStart = performance.now();
    // Seeding writes SEED_LANES pages at a time (like a migration; batches group them), each page's
    // updates in order.
    const SEED_LANES = 8;
    for (let p = 0; p < PAGES; p += SEED_LANES) {
      const lane = Array.from({ length: Math.min(SEED_LANES, PAGES - p) }, (_, j) => p + j);
      await Promise.all(
        lane.map(async (n) => {
          const id = `note-${String(n).padStart(5, '0')}`;
          pageIds.push(id);
          const page = new Page(10 + n);
          const updates = Array.from({ length: UPDATES_PER_PAGE }, () => page.type(rng, WORDS_PER_PAGE / UPDATES_PER_PAGE));
          page.doc.destroy();
          for (const u of updates) await timedApply(store, id, u, seedTimes);
          wsPages.set(id, { kind: 'note', date: `2024-${String(1 + (n % 12)).padStart(2, '0')}-01`, created: n });
        }),
      );
      await store.applyUpdate('workspace', wsOut.length === 1 ? (wsOut[0] as Uint8Array) : Y.mergeUpdates(wsOut));
      wsOut = [];
      if (p % 2000 === 2000 - SEED_LANES) process.stderr.write(`bench: store seeded ${p + SEED_LANES} pages\n`);
    }
    out.store_pages = PAGES;
    out.store_seed_s = round((performance.now() - seedStart) / 1000, 1);
    out.store_seed_updates = seedTimes.length + PAGES / SEED_LANES;

    // changesSince after 1,000 pages changed (a follower catching up).
    const cursor = await store.head();
    const changed = [...pageIds].sort(() => rng() - 0.5).slice(0, 1000);
    for (const id of changed) {
      const page = new Page(2_000_000 + pageIds.indexOf(id));
      await store.applyUpdate(id, page.type(rng, 2));
    }
    let t = performance.now();
    let listed = 0;
    let since = cursor;
    for (;;) {
      const page = await store.changesSince(since, 1000);
      listed += page.changes.length;
      since = page.more ? (page.changes.at(-1)?.seq ?? since) : page.head;
      if (!page.more) break;
    }
    out.store_changes_since_1000_ms = round(performance.now() - t, 2);
    out.store_changes_listed = listed;

    await store.close();
    out.store_db_mb = round((await dirBytes(dir)) / 1048576, 1);
    t = performance.now();
    store = await openLevelStore(dir);
    await store.head();
    out.store_reopen_ms = round(performance.now() - t, 1);
    t = performance.now();
    await store.getUpdate('workspace');
    out.store_workspace_read_ms = round(performance.now() - t, 1);
    // Typing on the reopened journal (the seeding burst's LevelDB compactions are behind us, as for a user).
    const pages = new Map<string, Page>();
    const typing = (await typingPhase(store, rng, pageIds, pages, 40)).sort((a, b) => a - b);
    out.store_write_p50_ms = round(percentile(typing, 50), 3);
    out.store_write_p95_ms = round(percentile(typing, 95), 3);
    out.store_write_max_ms = round(typing[typing.length - 1] ?? NaN, 3);
    out.store_write_goal_ms = WRITE_GOAL_MS;
    out.store_write_sync = DEFAULT_SYNC;

    await store.close();

    // The fsync trade-off, same typing workload on a fresh small store.
    for (const sync of [false, true]) {
      const d = join(root, `sync-${sync}`);
      const s = await openLevelStore(d, { sync });
      const ids = Array.from({ length: 50 }, (_, i) => `sync-${i}`);
      const times = (await typingPhase(s, mulberry32(5), ids, new Map(), 40)).sort((a, b) => a - b);
      out[`store_write_${sync ? 'fsync' : 'nofsync'}_p50_ms`] = round(percentile(times, 50), 3);
      out[`store_write_${sync ? 'fsync' : 'nofsync'}_p95_ms`] = round(percentile(times, 95), 3);
      await s.close();
    }

    out.store_meets_targets = (out.store_write_p95_ms as number) <= WRITE_GOAL_MS && listed === 1000;
    return out;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

// `node --import tsx bench/store.ts` runs this part alone.
if (require.main === module) {
  runStoreBench().then(
    (r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'),
    (err: unknown) => {
      process.stderr.write(`store bench failed: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
