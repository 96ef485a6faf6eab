import { ByteReader } from './updateReader';

/**
 * Where everything is in a V1 update, as flat typed arrays (a 10 MB registry holds ~400,000
 * structs; objects or number[] per struct cost more than the parse itself, mostly in GC).
 * Structs are numbered in byte order; section s owns structs [secFirst[s], secFirst[s+1]).
 * Arrays may be longer than the counts: read only up to `structs` / `deps`.
 */
export interface UpdateLayout {
  structs: number;
  /** Whether any item carries Y.Text formatting (ContentFormat); see splitUpdate for why it matters. */
  hasFormat: boolean;
  /** Per struct: byte offsets of its encoding (copied verbatim into chunks) and its first clock. */
  start: Uint32Array;
  end: Uint32Array;
  clock: Float64Array;
  /** Per struct: the IDs it needs from elsewhere are depClient/depClock[depFrom[i] .. depFrom[i+1]). */
  depFrom: Uint32Array;
  deps: number;
  depClient: Float64Array;
  depClock: Float64Array;
  /** Per client section (one per client, in byte order). */
  secClient: number[];
  secFirst: number[];
  secStartClock: number[];
  secEndClock: number[];
  /** The delete set's byte range. */
  dsStart: number;
  dsEnd: number;
  /** Per delete-set client entry: client and its pairs [dsPairFrom[e], dsPairFrom[e+1]). */
  dsClient: number[];
  dsPairFrom: number[];
  /** Byte range of each (clock, len) pair (an entry's pairs are contiguous; entries have headers between). */
  dsPairs: number;
  dsPairStart: Uint32Array;
  dsPairEnd: Uint32Array;
}

/** Item content types (info & 31) and their clock length rules; see the brief / yjs Content*.js. */
const enum Ref {
  GC = 0,
  Deleted = 1,
  JSON = 2,
  Binary = 3,
  String = 4,
  Embed = 5,
  Format = 6,
  Type = 7,
  Any = 8,
  Doc = 9,
  Skip = 10,
}

/** Type refs 0..6 (Array, Map, Text, XmlElement, XmlFragment, XmlHook, XmlText); 3 and 5 carry a name. */
const MAX_TYPE_REF = 6;

/**
 * Parses the whole update, yielding after every ~yieldEvery bytes so a caller on the main thread
 * can give the browser a turn. Throws MalformedUpdateError on anything Yjs could not read.
 * The hot loop lives in parseStructs, a plain function: V8 optimises it far better than a loop
 * inside a generator.
 */
export function* parseUpdateLayout(update: Uint8Array, yieldEvery: number): Generator<void, UpdateLayout, void> {
  const r = new ByteReader(update);
  // A struct takes ≥ 2 bytes and one dep ≥ 2 more: size the arrays for a typical registry and grow.
  const guess = Math.max(16, update.length >> 4);
  const L: UpdateLayout = {
    structs: 0,
    hasFormat: false,
    start: new Uint32Array(guess), end: new Uint32Array(guess), clock: new Float64Array(guess),
    depFrom: new Uint32Array(guess + 1), deps: 0, depClient: new Float64Array(guess), depClock: new Float64Array(guess),
    secClient: [], secFirst: [], secStartClock: [], secEndClock: [],
    dsStart: 0, dsEnd: 0, dsClient: [], dsPairFrom: [0], dsPairs: 0, dsPairStart: new Uint32Array(64), dsPairEnd: new Uint32Array(64),
  };
  const seen = new Set<number>();
  let nextYield = yieldEvery;
  const numSections = r.varUint();
  for (let s = 0; s < numSections; s++) {
    const secAt = r.pos;
    const numStructs = r.varUint();
    const client = r.varUint();
    const clock = r.varUint();
    // Yjs keeps only the last section of a client it sees twice: never produced, so refuse it.
    if (seen.has(client)) r.fail(`client ${client} has two struct sections`, secAt);
    seen.add(client);
    if (numStructs > update.length - r.pos) r.fail(`section claims ${numStructs} structs`, secAt);
    L.secClient.push(client);
    L.secFirst.push(L.structs);
    L.secStartClock.push(clock);
    const cur = { left: numStructs, clock };
    for (;;) {
      parseStructs(r, L, client, cur, nextYield);
      if (r.pos >= nextYield) {
        nextYield = r.pos + yieldEvery;
        yield;
      }
      if (cur.left === 0) break;
    }
    L.secEndClock.push(cur.clock);
  }
  // The delete set: varUint clients; per client: client, count, count × (clock, len).
  L.dsStart = r.pos;
  const numDsClients = r.varUint();
  for (let e = 0; e < numDsClients; e++) {
    L.dsClient.push(r.varUint());
    const n = r.varUint();
    if (n > update.length - r.pos) r.fail(`delete set claims ${n} ranges`);
    const cur = { left: n, clock: 0 };
    for (;;) {
      readPairs(r, L, cur, nextYield);
      if (r.pos >= nextYield) {
        nextYield = r.pos + yieldEvery;
        yield;
      }
      if (cur.left === 0) break;
    }
    L.dsPairFrom.push(L.dsPairs);
  }
  L.dsEnd = r.pos;
  if (r.pos !== update.length) r.fail(`${update.length - r.pos} trailing bytes`);
  return L;
}

/** Reads (clock, len) pairs of one delete-set entry until none are left or the reader passes `until`. */
function readPairs(r: ByteReader, L: UpdateLayout, cur: { left: number }, until: number): void {
  let pairs = L.dsPairs;
  while (cur.left > 0 && r.pos < until) {
    if (pairs === L.dsPairStart.length) {
      L.dsPairStart = grow(L.dsPairStart, pairs * 2);
      L.dsPairEnd = grow(L.dsPairEnd, pairs * 2);
    }
    L.dsPairStart[pairs] = r.pos;
    r.varUint();
    r.varUint();
    L.dsPairEnd[pairs++] = r.pos;
    cur.left--;
  }
  L.dsPairs = pairs;
}

/** Parses structs of one client section until none are left or the reader passes `until`. */
function parseStructs(r: ByteReader, L: UpdateLayout, client: number, cur: { left: number; clock: number }, until: number): void {
  let clock = cur.clock;
  let left = cur.left;
  while (left > 0 && r.pos < until) {
    const at = r.pos;
    const info = r.u8();
    const ref = info & 31;
    let len = 1;
    if (ref === Ref.GC || ref === Ref.Skip) {
      // Yjs writes a Skip as exactly 10; with flag bits, applyUpdate reads a Skip but
      // decodeUpdate/mergeUpdates an item: refuse what the two readers disagree on.
      if (ref === Ref.Skip && info !== Ref.Skip) r.fail(`skip struct with flags ${info}`, at);
      len = r.varUint();
    } else {
      if (ref > Ref.Skip) r.fail(`unknown content type ${ref}`, at);
      if (info & 128) dep(L, client, clock, r.varUint(), r.varUint());
      if (info & 64) dep(L, client, clock, r.varUint(), r.varUint());
      if ((info & 192) === 0) {
        const parentIsRoot = r.varUint();
        if (parentIsRoot === 1) r.varString();
        else if (parentIsRoot === 0) dep(L, client, clock, r.varUint(), r.varUint());
        else r.fail('bad parent info', at);
        if (info & 32) r.varString();
      }
      len = readContent(r, ref, at);
      if (ref === Ref.Format) L.hasFormat = true;
    }
    let i = L.structs;
    if (i === L.start.length) growStructs(L);
    L.start[i] = at;
    L.end[i] = r.pos;
    L.clock[i] = clock;
    L.depFrom[++i] = L.deps;
    L.structs = i;
    clock += len;
    if (clock > Number.MAX_SAFE_INTEGER) r.fail('clock overflow', at);
    left--;
  }
  cur.clock = clock;
  cur.left = left;
}

function grow<T extends Uint32Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

function growStructs(L: UpdateLayout): void {
  const n = L.start.length * 2;
  L.start = grow(L.start, n);
  L.end = grow(L.end, n);
  L.clock = grow(L.clock, n);
  L.depFrom = grow(L.depFrom, n + 1);
}

/**
 * Records an ID the struct at (client, clock) needs. Yjs only waits for IDs of other clients;
 * an ID of its own client at or after itself cannot come from the past either, so it counts too.
 */
function dep(L: UpdateLayout, client: number, clock: number, depClient: number, depClock: number): void {
  if (depClient !== client || depClock >= clock) {
    if (L.deps === L.depClient.length) {
      L.depClient = grow(L.depClient, L.deps * 2);
      L.depClock = grow(L.depClock, L.deps * 2);
    }
    L.depClient[L.deps] = depClient;
    L.depClock[L.deps++] = depClock;
  }
}

/** Skips an item's content and returns its clock length. */
function readContent(r: ByteReader, ref: number, at: number): number {
  switch (ref) {
    case Ref.Deleted:
      return r.varUint();
    case Ref.JSON: {
      const n = r.varUint();
      for (let i = 0; i < n; i++) r.jsonString(true);
      return n;
    }
    case Ref.Binary:
      r.skip(r.varUint(), 'binary content');
      return 1;
    case Ref.String:
      return r.varString();
    case Ref.Embed:
      r.jsonString(false);
      return 1;
    case Ref.Format:
      r.varString();
      r.jsonString(false);
      return 1;
    case Ref.Type: {
      const typeRef = r.varUint();
      if (typeRef > MAX_TYPE_REF) r.fail(`unknown type ref ${typeRef}`, at);
      if (typeRef === 3 || typeRef === 5) r.varString();
      return 1;
    }
    case Ref.Any: {
      const n = r.varUint();
      for (let i = 0; i < n; i++) r.skipAny();
      return n;
    }
    case Ref.Doc:
      r.varString();
      r.skipAny();
      return 1;
    default:
      return r.fail(`unknown content type ${ref}`, at);
  }
}
