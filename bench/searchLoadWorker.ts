/**
 * Loads a persisted search index in a fresh V8 heap (a worker thread), the way the host starts:
 * the bench process holds the corpus, the built index and the queries (over 1 GB at 50,000
 * notes), and every garbage collection there walks all of it, which the host's own process,
 * holding just the index being loaded, does not. The JSON record is loaded here too, so both
 * are measured alike. Messages: in `LoadJob`, out `LoadTimes`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SearchIndex } from '../shared/search/index';
import { unpackRecord, unpackSegments } from '../electron/services/search/searchStorage';

export interface LoadJob {
  packed: Uint8Array[];
  terms: Uint8Array | null;
  json: string;
  round: number;
}

export interface LoadTimes {
  termsMs: number;
  allMs: number;
  firstRoundMs: number;
  maxRoundMs: number;
  jsonLoadMs: number;
  pages: number;
}

async function run(job: LoadJob): Promise<LoadTimes> {
  const t0 = performance.now();
  const loaded = SearchIndex.create();
  if (job.terms) loaded.loadTermChunks([await unpackRecord(job.terms)]);
  const termsMs = performance.now() - t0;
  let first = 0;
  let maxRound = 0;
  const unpack = async (i: number): Promise<Uint8Array[]> => {
    const list = await unpackSegments(job.packed.slice(i, i + job.round).map((b, k): [string, Uint8Array] => [String(i + k), b]));
    return list.map((u) => ('bytes' in u ? u.bytes : new Uint8Array(0)));
  };
  let next = unpack(0);
  for (let i = 0; i < job.packed.length; i += job.round) {
    const ready = await next;
    if (i + job.round < job.packed.length) next = unpack(i + job.round);
    const s0 = performance.now();
    loaded.loadSegments(ready);
    maxRound = Math.max(maxRound, performance.now() - s0); // one task: queries wait this long at most
    if (first === 0) first = performance.now() - t0;
    await new Promise((r) => setImmediate(r));
  }
  const allMs = performance.now() - t0;
  const pages = loaded.size;
  const j0 = performance.now();
  SearchIndex.fromJSON(JSON.parse(job.json) as unknown);
  const jsonLoadMs = performance.now() - j0;
  return { termsMs, allMs, firstRoundMs: first, maxRoundMs: maxRound, jsonLoadMs, pages };
}

if (parentPort && workerData) {
  const port = parentPort;
  void run(workerData as LoadJob).then((t) => port.postMessage(t));
}
