/**
 * SIGKILL during writes, 100 times: a forked child writes continuously to six docs and reports
 * every acknowledged write; the parent kills it at a random moment, reopens the store and checks
 * that every acknowledged write is there and the layout agrees with itself.
 * The child is bundled once with esbuild (a tsx start costs ~0.5 s, too slow for 100 runs).
 */
import { fork } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mulberry32 } from '../../../bench/corpus';
import { CRASH_DOCS, crashText } from './crashWriter.testkit';
import { openJournalStore } from './journalStore';
import { LevelBackend } from './level/levelBackend';
import { checkInvariants, tempDir } from './storeTest.testkit';

const RUNS = 100;
let root = '';
let bundle = '';

beforeAll(async () => {
  root = await tempDir('kindred-crash-');
  bundle = join(root, 'crashWriter.cjs');
  buildSync({
    entryPoints: [join(__dirname, 'crashWriter.child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['classic-level'],
    outfile: bundle,
    logLevel: 'silent',
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** One store folder killed `runs` times in a row; returns [acknowledged writes seen, kills before ready]. */
async function lane(dir: string, runs: number, seed: number): Promise<[number, number]> {
  const rng = mulberry32(seed);
  const acked = new Map<string, number>(CRASH_DOCS.map((d) => [d, 0]));
  let totalAcks = 0;
  let killedBeforeReady = 0;
  for (let run = 0; run < runs; run++) {
    const child = fork(bundle, [dir], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      // Node resolves classic-level from the project, not from the temp folder.
      env: { ...process.env, NODE_PATH: join(__dirname, '../../../node_modules') },
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let ready = false;
    child.on('message', (m: { t: string; docId?: string; words?: number }) => {
      if (m.t === 'ready') ready = true;
      if (m.t === 'ack' && m.docId && m.words !== undefined) {
        totalAcks++;
        acked.set(m.docId, Math.max(acked.get(m.docId) ?? 0, m.words));
      }
    });
    // Kill at a random moment: mostly while writing, sometimes while the store is still opening.
    const early = rng() < 0.1;
    if (!early) {
      await new Promise<void>((resolve, reject) => {
        child.on('message', (m: { t: string }) => m.t === 'ready' && resolve());
        child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
      });
    }
    await new Promise((r) => setTimeout(r, Math.floor(rng() * 50)));
    if (!ready) killedBeforeReady++;
    child.kill('SIGKILL');
    await exited;

    const backend = await LevelBackend.open(dir);
    const store = await openJournalStore(backend, dir);
    try {
      await checkInvariants(backend);
      for (const docId of CRASH_DOCS) {
        const update = await store.getUpdate(docId);
        const doc = new Y.Doc();
        if (update) Y.applyUpdate(doc, update);
        const text = doc.getText('body').toString();
        const words = text.length === 0 ? 0 : text.trim().split(' ').length;
        // Everything acknowledged is there; more may be (durable, but killed before the ack arrived).
        expect(words, `${docId} after run ${run}`).toBeGreaterThanOrEqual(acked.get(docId) ?? 0);
        expect(text).toBe(crashText(docId, words));
        acked.set(docId, words);
      }
      const log = await store.changesSince(0);
      expect(log.changes.length).toBe(CRASH_DOCS.filter((d) => (acked.get(d) ?? 0) > 0).length);
    } finally {
      await store.close();
    }
  }
  return [totalAcks, killedBeforeReady];
}

// Two folders in parallel (two lanes of 50) halve the wall time; each lane is sequential.
it(`keeps every acknowledged write through ${RUNS} SIGKILLs, with docs, state vectors and log in agreement`, { timeout: 240_000 }, async () => {
  const lanes = await Promise.all([lane(join(root, 'db-a'), RUNS / 2, 20261130), lane(join(root, 'db-b'), RUNS / 2, 1130)]);
  const totalAcks = lanes[0][0] + lanes[1][0];
  const killedBeforeReady = lanes[0][1] + lanes[1][1];
  // The test must really have exercised writes.
  expect(totalAcks).toBeGreaterThan(RUNS * 5);
  expect(killedBeforeReady).toBeLessThan(RUNS);
  console.log(`crash test: ${RUNS} kills, ${totalAcks} acknowledged writes checked, ${killedBeforeReady} killed while opening`);
});
