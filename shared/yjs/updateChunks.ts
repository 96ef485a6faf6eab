import { appendDeleteSet, varUintSize, writeVarUint } from './deleteSetChunks';
import { parseUpdateLayout, type UpdateLayout } from './updateLayout';

export { MalformedUpdateError } from './updateReader';

/**
 * Splits a Yjs V1 update (what Y.encodeStateAsUpdate / y-indexeddb rows hold) into updates of at
 * most maxBytes each (a chunk is larger only when it holds a single struct or delete range), cut
 * only at struct boundaries, ordered so that applying them one after another (each with
 * Y.applyUpdate) integrates every chunk immediately whenever the dependencies allow (no pending
 * structs between chunks). The delete set comes last: in the last chunk, or — when it does not fit
 * there — in trailing chunks of its own. Applying all chunks in order gives exactly the doc that
 * applying the whole update gives. Exception: an update holding Y.Text formatting marks
 * (ContentFormat: Y.Text.format / insert with attributes / applyDelta with attributes) comes back
 * whole as one chunk, because Yjs's per-transaction formatting cleanup makes the result depend
 * on where the update is cut.
 *
 * Why: applying a multi-megabyte registry in one Y.applyUpdate is one long main-thread task; in
 * chunks the caller can yield to the browser between them.
 *
 * A generator so a caller can yield to the event loop while a large update is parsed: it yields
 * (undefined) after each ~maxBytes parsed (at least 4 KB, so tiny maxBytes do not yield per
 * struct), and as often while ordering and encoding, and RETURNS the ordered chunks. Throws MalformedUpdateError (before returning anything)
 * when the update cannot be read, including a V2 update. Throws RangeError for a maxBytes < 1.
 */
export function* splitUpdate(update: Uint8Array, maxBytes: number): Generator<void, Uint8Array[], void> {
  if (!Number.isFinite(maxBytes) || maxBytes < 1) throw new RangeError(`maxBytes must be ≥ 1, got ${maxBytes}`);
  const yieldEvery = Math.max(maxBytes, 4096);
  const layout = yield* parseUpdateLayout(update, yieldEvery);
  if (layout.structs === 0 && layout.dsEnd - layout.dsStart + 1 <= maxBytes) return [update.slice()];
  // Yjs cleans up Y.Text formatting after every remote transaction; run on a half-applied text it
  // deletes format marks that the whole update keeps (bold lost, seen in the property test). Such
  // updates are not split. The registry (maps only) never has them.
  if (layout.hasFormat) return [update.slice()];
  yield;
  // A step costs about what parsing a few bytes does; yielding is cheap for the caller.
  const order = yield* orderStructs(layout, yieldEvery >> 3);
  const chunks = yield* packChunks(update, layout, order, maxBytes, yieldEvery);
  appendDeleteSet(update, layout, chunks, maxBytes);
  return chunks;
}

/** Convenience: runs the generator to the end. */
export function splitUpdateNow(update: Uint8Array, maxBytes: number): Uint8Array[] {
  const gen = splitUpdate(update, maxBytes);
  for (;;) {
    const step = gen.next();
    if (step.done) return step.value;
  }
}

/** Runs of consecutive structs of one section, in the order they are to be applied. */
interface Runs {
  count: number;
  section: Int32Array;
  from: Uint32Array;
  to: Uint32Array; // exclusive
}

/**
 * For every recorded dependency, the section that can provide it, or -1 when none in this update
 * can (another client, or a clock outside what this update carries: already in the doc, or never).
 * Client ids are random 32-bit numbers, mostly heap numbers: Map lookups are slow, and
 * consecutive dependencies usually name the same client, so the last answer is remembered.
 */
function dependencySections(L: UpdateLayout): Int32Array {
  const sectionOf = new Map<number, number>();
  for (let s = 0; s < L.secClient.length; s++) sectionOf.set(L.secClient[s] as number, s);
  const out = new Int32Array(L.deps);
  let lastClient = -1;
  let lastSec = -1;
  for (let d = 0; d < L.deps; d++) {
    const client = L.depClient[d] as number;
    if (client !== lastClient) {
      lastClient = client;
      lastSec = sectionOf.get(client) ?? -1;
    }
    const x = L.depClock[d] as number;
    out[d] = lastSec >= 0 && x >= (L.secStartClock[lastSec] as number) && x < (L.secEndClock[lastSec] as number) ? lastSec : -1;
  }
  return out;
}

/**
 * Orders the structs so that each struct comes after every struct (of another client) it refers
 * to, keeping each client's structs in clock order, as few switches between clients as possible,
 * and otherwise the original order. A depth-first walk like Yjs's own integration: when the next
 * struct of a client needs another client's struct not yet emitted, emit that client up to it
 * first. A dependency on a client already waiting on the stack is a cycle (never produced by
 * Yjs); the struct is emitted anyway and Yjs parks it, which is still correct.
 */
function* orderStructs(L: UpdateLayout, budget: number): Generator<void, Runs, void> {
  const walk = new OrderWalk(L);
  while (!walk.step(budget)) yield;
  return walk.runs;
}

/** The walk's state, so it can stop after a budget of steps and resume after a yield. */
class OrderWalk {
  runs: Runs = { count: 0, section: new Int32Array(64), from: new Uint32Array(64), to: new Uint32Array(64) };
  private readonly depSec: Int32Array;
  private readonly secEnd: Uint32Array;
  private readonly cursor: Uint32Array;
  private readonly reached: Float64Array;
  private readonly onStack: Uint8Array;
  private readonly stack: number[] = [];
  private readonly target: number[] = [];
  private s0 = 0;

  constructor(private readonly L: UpdateLayout) {
    const nSec = L.secClient.length;
    this.depSec = dependencySections(L);
    this.secEnd = new Uint32Array(nSec);
    for (let s = 0; s < nSec; s++) this.secEnd[s] = s + 1 < nSec ? (L.secFirst[s + 1] as number) : L.structs;
    this.cursor = Uint32Array.from(L.secFirst);
    this.reached = Float64Array.from(L.secStartClock);
    this.onStack = new Uint8Array(nSec);
  }

  /** Runs up to `budget` steps; true when every struct is emitted. */
  step(budget: number): boolean {
    const { L, depSec, secEnd, cursor, reached, onStack, stack, target } = this;
    const nSec = L.secClient.length;
    while (budget-- > 0) {
      if (stack.length === 0) {
        while (this.s0 < nSec && (cursor[this.s0] as number) >= (secEnd[this.s0] as number)) this.s0++;
        if (this.s0 >= nSec) return true;
        stack.push(this.s0);
        target.push(Infinity);
        onStack[this.s0] = 1;
      }
      const s = stack[stack.length - 1] as number;
      const i = cursor[s] as number;
      const end = secEnd[s] as number;
      if ((reached[s] as number) > (target[target.length - 1] as number) || i >= end) {
        stack.pop();
        target.pop();
        onStack[s] = 0;
        continue;
      }
      let blocked = -1;
      let blockedClock = 0;
      for (let d = L.depFrom[i] as number, e = L.depFrom[i + 1] as number; d < e; d++) {
        const ds = depSec[d] as number;
        if (ds < 0 || onStack[ds] === 1) continue; // nobody here provides it, or a cycle
        const x = L.depClock[d] as number;
        if ((reached[ds] as number) <= x) {
          blocked = ds;
          blockedClock = x;
          break;
        }
      }
      if (blocked >= 0) {
        stack.push(blocked);
        target.push(blockedClock);
        onStack[blocked] = 1;
        continue;
      }
      cursor[s] = i + 1;
      reached[s] = i + 1 < end ? (L.clock[i + 1] as number) : (L.secEndClock[s] as number);
      const runs = this.runs;
      const last = runs.count - 1;
      if (last >= 0 && runs.section[last] === s && runs.to[last] === i) runs.to[last] = i + 1;
      else {
        if (runs.count === runs.section.length) this.runs = growRuns(runs);
        const r = this.runs;
        r.section[r.count] = s;
        r.from[r.count] = i;
        r.to[r.count++] = i + 1;
      }
    }
    return false;
  }
}

function growRuns(r: Runs): Runs {
  const n = r.section.length * 2;
  const section = new Int32Array(n);
  const from = new Uint32Array(n);
  const to = new Uint32Array(n);
  section.set(r.section);
  from.set(r.from);
  to.set(r.to);
  return { count: r.count, section, from, to };
}

/** One chunk being built: its client sections, each a contiguous struct range. */
interface ChunkPlan {
  sections: number[];
  from: number[];
  to: number[];
}

/**
 * Packs the ordered runs into chunks of at most maxBytes (headers included, with the struct
 * count's size bounded by maxBytes' own), unless a single struct is larger.
 */
function* packChunks(update: Uint8Array, L: UpdateLayout, runs: Runs, maxBytes: number, yieldEvery: number): Generator<void, Uint8Array[], void> {
  const countSize = varUintSize(maxBytes);
  const chunks: Uint8Array[] = [];
  const slotInChunk = new Int32Array(L.secClient.length).fill(-1);
  let plan: ChunkPlan = { sections: [], from: [], to: [] };
  let size = countSize + 1; // number of sections + the empty delete set
  let encoded = 0;
  const flush = (): void => {
    if (plan.sections.length === 0) return;
    chunks.push(encodeChunk(update, L, plan));
    encoded += (chunks[chunks.length - 1] as Uint8Array).length;
    for (const s of plan.sections) slotInChunk[s] = -1;
    plan = { sections: [], from: [], to: [] };
    size = countSize + 1;
  };
  for (let r = 0; r < runs.count; r++) {
    const s = runs.section[r] as number;
    const client = L.secClient[s] as number;
    let i = runs.from[r] as number;
    const to = runs.to[r] as number;
    while (i < to) {
      let slot = slotInChunk[s] as number;
      const header = slot < 0 ? countSize + varUintSize(client) + varUintSize(L.clock[i] as number) : 0;
      // A section's structs are contiguous bytes: find how many of them fit by binary search.
      const room = maxBytes - size - header + (L.start[i] as number);
      let lo = i;
      let hi = to;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if ((L.end[mid - 1] as number) <= room) lo = mid;
        else hi = mid - 1;
      }
      if (lo === i) {
        if (plan.sections.length > 0) {
          flush();
          continue;
        }
        lo = i + 1; // a single struct larger than maxBytes gets a chunk of its own
      }
      if (slot < 0) {
        slot = plan.sections.length;
        slotInChunk[s] = slot;
        plan.sections.push(s);
        plan.from.push(i);
        plan.to.push(lo);
      } else {
        // Same client again in this chunk: its structs in between were all emitted here too.
        plan.to[slot] = lo;
      }
      size += header + (L.end[lo - 1] as number) - (L.start[i] as number);
      i = lo;
      if (i < to) flush();
      if (encoded >= yieldEvery) {
        encoded = 0;
        yield;
      }
    }
  }
  flush();
  return chunks;
}

function encodeChunk(update: Uint8Array, L: UpdateLayout, plan: ChunkPlan): Uint8Array {
  let size = varUintSize(plan.sections.length) + 1;
  for (let k = 0; k < plan.sections.length; k++) {
    const s = plan.sections[k] as number;
    const from = plan.from[k] as number;
    const to = plan.to[k] as number;
    size += varUintSize(to - from) + varUintSize(L.secClient[s] as number) + varUintSize(L.clock[from] as number);
    size += (L.end[to - 1] as number) - (L.start[from] as number);
  }
  const out = new Uint8Array(size);
  let pos = writeVarUint(out, 0, plan.sections.length);
  for (let k = 0; k < plan.sections.length; k++) {
    const s = plan.sections[k] as number;
    const from = plan.from[k] as number;
    const to = plan.to[k] as number;
    pos = writeVarUint(out, pos, to - from);
    pos = writeVarUint(out, pos, L.secClient[s] as number);
    pos = writeVarUint(out, pos, L.clock[from] as number);
    // V1 structs are self-contained: a section may start at any struct, bytes copied verbatim.
    out.set(update.subarray(L.start[from] as number, L.end[to - 1] as number), pos);
    pos += (L.end[to - 1] as number) - (L.start[from] as number);
  }
  out[pos] = 0; // empty delete set; the real one comes last
  return out;
}
