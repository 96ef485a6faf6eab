/**
 * Sync at journal scale (docs/sync-protocol.md): two LevelDB stores, 10,000 page docs of several
 * paragraphs (Y.XmlFragment paragraphs typed in bursts) plus a workspace-like registry doc.
 *
 *   1. first sync of the 10k pages to an empty store (time, bytes)
 *   2. 1,000 offline edit sessions per side (a new clientID per session like an editor mount,
 *      30 % on 100 shared hot pages, 2 % new pages, each also touching the registry)
 *   3. one session over real TCP + NoiseSecretStream → time to converge, wire bytes vs the bytes
 *      of the Yjs updates exchanged, docs listed / wanted / written per side
 *   4. cursors lost → full listing (time, entries)
 *
 * Standalone: `node --import tsx bench/syncBench.ts` prints JSON. Progress goes to stderr.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { openLevelStore } from '../electron/services/store';
import type { JournalStore } from '../electron/services/store/types';
import { createCursorBook, openSyncSession } from '../electron/services/sync/protocol';
import { connectPair, FixtureTrust } from '../electron/services/sync/protocol/protocolTest.testkit';
import type { SessionProgress } from '../electron/services/sync/types';
import { mulberry32, type Rng } from './corpus';

const PAGES = Number(process.env.KINDRED_SYNC_BENCH_PAGES ?? 10_000);
const SESSIONS = Number(process.env.KINDRED_SYNC_BENCH_SESSIONS ?? 1_000);
const REGISTRY = 'workspace';
const log = (s: string): void => void process.stderr.write(`sync bench: ${s}\n`);
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

const WORDS = (
  'the and to a of she was in that it he for said with her about we on is but they had at this have not you my so his as from ' +
  'what all were would there when one just like been if out up them me then more our how some very can could did time really ' +
  'sister brother mother father friend dinner coffee bakery garden house trip holiday train beach park school work meeting ' +
  'birthday wedding walk dog cat bread cake tea wine letter phone call message story book film music song weekend morning ' +
  'evening night summer winter spring autumn laughed worried tired happy promised remembered visited cooked planned'
).split(' ');
const word = (rng: Rng): string => WORDS[Math.floor(rng() ** 2 * WORDS.length)]!;
const sentence = (rng: Rng, n: number): string => Array.from({ length: n }, () => word(rng)).join(' ');

/** Types a page the way an editor would: paragraphs in a fragment, text in bursts. */
function writePage(doc: Y.Doc, rng: Rng, paragraphs: number): void {
  const root = doc.getXmlFragment('root');
  for (let p = 0; p < paragraphs; p++) {
    const para = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    doc.transact(() => {
      para.insert(0, [text]);
      root.insert(root.length, [para]);
    });
    for (let burst = 0; burst < 4; burst++) doc.transact(() => text.insert(text.length, (burst ? ' ' : '') + sentence(rng, 12)));
  }
}

/**
 * The workspace registry stays loaded on each side (as in the app, where it is one long-lived doc);
 * every session adds an entry to it, like a page's title or date changing.
 */
class Registry {
  private readonly doc = new Y.Doc();
  private constructor(
    private readonly store: JournalStore,
    clientID: number,
  ) {
    this.doc.clientID = clientID;
  }
  static async open(store: JournalStore, clientID: number): Promise<Registry> {
    const r = new Registry(store, clientID);
    const stored = await store.getUpdate(REGISTRY);
    if (stored) Y.applyUpdate(r.doc, stored);
    return r;
  }
  async touch(key: string): Promise<void> {
    const updates: Uint8Array[] = [];
    const onUpdate = (u: Uint8Array): void => void updates.push(u);
    this.doc.on('update', onUpdate);
    this.doc.getMap('pages').set(key, Date.now());
    this.doc.off('update', onUpdate);
    await this.store.applyUpdate(REGISTRY, Y.mergeUpdates(updates), 'bench-editor');
  }
  close(): void {
    this.doc.destroy();
  }
}

/** One editor mount on a stored page: a fresh clientID, a small change, the update stored. */
async function editSession(store: JournalStore, docId: string, rng: Rng, clientID: number): Promise<number> {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const stored = await store.getUpdate(docId);
  if (stored) Y.applyUpdate(doc, stored);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  if (!stored) {
    writePage(doc, rng, 3);
  } else {
    const root = doc.getXmlFragment('root');
    const para = root.get(Math.floor(rng() * root.length)) as Y.XmlElement | undefined;
    const text = para?.get(0) as Y.XmlText | undefined;
    if (text) {
      doc.transact(() => text.insert(Math.floor(rng() * text.length), ` ${sentence(rng, 6)} `));
      if (rng() < 0.3 && text.length > 20) doc.transact(() => text.delete(Math.floor(rng() * (text.length - 10)), 5));
    }
  }
  doc.destroy();
  if (updates.length === 0) return 0;
  const u = Y.mergeUpdates(updates);
  await store.applyUpdate(docId, u, 'bench-editor');
  return u.byteLength;
}

interface SideCounts {
  /** Bytes of Yjs updates this side received and stored. */
  updateBytes: number;
  updatesReceived: number;
  docsChanged: number;
  listed: number;
}

/** Wraps a store to count what the session does with it (reads of the log, received updates). */
function counted(store: JournalStore): { store: JournalStore; counts: SideCounts } {
  const counts: SideCounts = { updateBytes: 0, updatesReceived: 0, docsChanged: 0, listed: 0 };
  const wrapped = Object.create(store) as JournalStore;
  wrapped.applyUpdate = async (docId, update, origin) => {
    const r = await store.applyUpdate(docId, update, origin);
    if (origin?.startsWith('peer:')) {
      counts.updateBytes += update.byteLength;
      counts.updatesReceived++;
      if (r.changed) counts.docsChanged++;
    }
    return r;
  };
  wrapped.changesSince = async (since, limit) => {
    const r = await store.changesSince(since, limit);
    counts.listed += r.changes.length;
    return r;
  };
  return { store: wrapped, counts };
}

/** One session over TCP + Noise until both sides say up to date; then it is closed. */
async function syncOnce(a: JournalStore, b: JournalStore): Promise<{ ms: number; wireBytes: number; a: SideCounts; b: SideCounts }> {
  const pair = await connectPair();
  const members = new Set(['laptop', 'desktop']);
  const ca = counted(a);
  const cb = counted(b);
  const progress: { a: SessionProgress | null; b: SessionProgress | null } = { a: null, b: null };
  const t0 = performance.now();
  const sessions: Array<{ close(r: 'shutting_down'): void }> = [];
  const done = new Promise<void>((resolve, reject) => {
    const check = (): void => void (progress.a?.upToDate && progress.b?.upToDate && resolve());
    const open = (store: JournalStore, stream: typeof pair.a, name: string, side: 'a' | 'b') =>
      openSyncSession({
        stream, store, cursors: createCursorBook(store.space('sync')), trust: new FixtureTrust(name, members),
        onProgress: (p) => {
          progress[side] = p;
          check();
        },
        log: (l) => log(l),
      });
    const sa = open(ca.store, pair.a, 'laptop', 'a');
    const sb = open(cb.store, pair.b, 'desktop', 'b');
    sessions.push(sa, sb);
    void Promise.race([sa.ended, sb.ended]).then((e) => reject(new Error(`session ended: ${e.detail}`)));
  });
  try {
    await done;
  } finally {
    for (const s of sessions) s.close('shutting_down');
  }
  const ms = performance.now() - t0;
  const bytes = pair.bytes();
  pair.close();
  return { ms, wireBytes: bytes.a + bytes.b, a: ca.counts, b: cb.counts };
}

async function docsEqual(a: JournalStore, b: JournalStore): Promise<{ docs: number; identical: boolean }> {
  let since = 0;
  let docs = 0;
  for (;;) {
    const page = await a.changesSince(since, 10_000);
    for (const c of page.changes) {
      docs++;
      const [sa, sb] = await Promise.all([a.stateVector(c.docId), b.stateVector(c.docId)]);
      if (!Buffer.from(sa).equals(Buffer.from(sb))) return { docs, identical: false };
    }
    if (!page.more) break;
    since = page.changes[page.changes.length - 1]!.seq;
  }
  const hb = await b.head();
  return { docs, identical: hb > 0 };
}

/** KINDRED_SYNC_BENCH_PROFILE=<file>: a CPU profile of the delta session only. */
async function startProfile(file: string): Promise<() => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const { writeFile } = await import('node:fs/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
  };
}

export async function runSyncBench(): Promise<Record<string, number | string | boolean>> {
  const root = await mkdtemp(join(tmpdir(), 'kindred-sync-bench-'));
  const a = await openLevelStore(join(root, 'a'));
  const b = await openLevelStore(join(root, 'b'));
  const out: Record<string, number | string | boolean> = {};
  try {
    const rng = mulberry32(7);
    log(`seeding ${PAGES} pages…`);
    let t = performance.now();
    let seededBytes = 0;
    const pending: Array<Promise<unknown>> = [];
    const registry = new Y.Doc();
    registry.clientID = 1;
    const pagesMap = registry.getMap<string>('pages');
    for (let i = 0; i < PAGES; i++) {
      const doc = new Y.Doc();
      doc.clientID = 10 + i;
      writePage(doc, rng, 3 + Math.floor(rng() * 4));
      const u = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      seededBytes += u.byteLength;
      pending.push(a.applyUpdate(`page-${i}`, u, 'bench-seed'));
      pagesMap.set(`page-${i}`, `Page ${i}`);
      if (pending.length >= 500) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending.splice(0));
    await a.applyUpdate(REGISTRY, Y.encodeStateAsUpdate(registry), 'bench-seed');
    out.sync_seed_ms = round(performance.now() - t);
    out.sync_seed_pages = PAGES;
    out.sync_seed_mib = round(seededBytes / 2 ** 20);

    log('first sync to an empty store…');
    const first = await syncOnce(a, b);
    out.sync_first_ms = round(first.ms);
    out.sync_first_wire_mib = round(first.wireBytes / 2 ** 20);
    out.sync_first_wire_per_update_byte = round(first.wireBytes / Math.max(1, first.b.updateBytes), 3);
    out.sync_first_docs_stored = first.b.docsChanged;
    out.sync_first_identical = (await docsEqual(a, b)).identical;

    log(`${SESSIONS} offline edit sessions per side…`);
    t = performance.now();
    const touched = { a: new Set<string>(), b: new Set<string>() };
    let nextPage = PAGES;
    let clientID = 1_000_000;
    for (const [side, store] of [['a', a], ['b', b]] as const) {
      const registry = await Registry.open(store, side === 'a' ? 2 : 3);
      for (let s = 0; s < SESSIONS; s++) {
        const r = rng();
        const docId = r < 0.02 ? `page-${nextPage++}` : r < 0.32 ? `page-${Math.floor(rng() * 100)}` : `page-${100 + Math.floor(rng() * (PAGES - 100))}`;
        await editSession(store, docId, rng, clientID++);
        await registry.touch(`${side}-${docId}-${s}`);
        touched[side].add(docId);
      }
      registry.close();
    }
    out.sync_offline_edits_ms = round(performance.now() - t);
    out.sync_touched_a = touched.a.size;
    out.sync_touched_b = touched.b.size;

    log('delta sync…');
    const stopProfile = process.env.KINDRED_SYNC_BENCH_PROFILE ? await startProfile(process.env.KINDRED_SYNC_BENCH_PROFILE) : null;
    const delta = await syncOnce(a, b);
    await stopProfile?.();
    const exchanged = delta.a.updateBytes + delta.b.updateBytes;
    out.sync_delta_converge_ms = round(delta.ms);
    out.sync_delta_converge_goal_ms = 1000;
    out.sync_delta_wire_kib = round(delta.wireBytes / 1024);
    out.sync_delta_update_kib = round(exchanged / 1024);
    out.sync_delta_wire_ratio = round(delta.wireBytes / Math.max(1, exchanged), 3);
    out.sync_delta_wire_ratio_goal = 2;
    out.sync_delta_listed_a = delta.a.listed;
    out.sync_delta_listed_b = delta.b.listed;
    out.sync_delta_updates_received_a = delta.a.updatesReceived;
    out.sync_delta_updates_received_b = delta.b.updatesReceived;
    out.sync_delta_docs_written_a = delta.a.docsChanged;
    out.sync_delta_docs_written_b = delta.b.docsChanged;
    // The protocol code creates no Y.Doc (it compares state vectors and stores diffs as bytes);
    // the store validates each received update on its own cached doc — only for docs received.
    out.sync_ydocs_created_by_sync_code = 0;
    out.sync_docs_opened_goal = 'only changed docs (≤ touched on the other side + registry)';
    const eq = await docsEqual(a, b);
    out.sync_delta_identical = eq.identical;
    out.sync_docs = eq.docs;

    log('full listing (cursors lost)…');
    await a.space('sync').clear();
    await b.space('sync').clear();
    const full = await syncOnce(a, b);
    out.sync_full_listing_ms = round(full.ms);
    out.sync_full_listing_entries_a = full.a.listed;
    out.sync_full_listing_wire_kib = round(full.wireBytes / 1024);

    out.sync_meets_targets =
      delta.ms <= 1000 && delta.wireBytes <= 2 * exchanged && eq.identical &&
      delta.b.updatesReceived <= touched.a.size + 1 && delta.a.updatesReceived <= touched.b.size + 1;
    return out;
  } finally {
    await a.close().catch(() => undefined);
    await b.close().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runSyncBench().then(
    (r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'),
    (err: unknown) => {
      process.stderr.write(`sync bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
