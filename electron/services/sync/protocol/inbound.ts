/**
 * The peer's side towards us: ask for its changes after our cursor, compare each listed state
 * vector with ours, `want` what we lack, store the `update`s (validated by the store, never a
 * Y.Doc here), and — only once every wanted doc of a listing is durably stored — move the cursor
 * and `ack`. Listings are handled one at a time; within one, wants and applies are pipelined.
 */
import { StoreError } from '../../store/types';
import type { CursorBook } from '../types';
import { MAX_DOC_UPDATE_BYTES, MAX_MESSAGE_BYTES, MAX_PART_BYTES, MAX_PARTS, MAX_WANT_ENTRIES } from './constants';
import { entryCodecs, ProtocolViolation, sizeOf, type ChangesMsg, type UpdateMsg, type WantedDoc } from './messages';
import type { Outbound } from './outbound';
import type { SessionCore } from './session';
import { deleteSetDigest } from './deleteSets';
import { decodeStateVector, hasClocksBeyond, sameClocks } from './stateVectors';

interface RxRound {
  /** Wanted docs in the order their updates must arrive. */
  expected: string[];
  /** Wanted and not yet durably stored. */
  outstanding: number;
  final: boolean;
  head: number;
  done: (() => void) | null;
}

interface Assembly {
  docId: string;
  parts: number;
  next: number;
  chunks: Uint8Array[];
  bytes: number;
}

/** Store refusals that mean the peer sent something bad (anything else is our own failure). */
const PEER_FAULTS = new Set(['invalid_update', 'too_large', 'bad_doc_id']);
const WANT_OVERHEAD = 16;
/**
 * Flow control: a further `want` goes out only while fewer docs than this are wanted and not yet
 * stored, and fewer bytes than this are waiting for the store — so a first sync of a huge journal
 * keeps the pipe full without queueing the whole journal in memory.
 */
const WANTED_IN_FLIGHT = MAX_WANT_ENTRIES;
const APPLY_BYTES_IN_FLIGHT = 32 * 1024 * 1024;

export class Inbound {
  private sinceSent = false;
  private catchUpDone = false;
  private cur: RxRound | null = null;
  private queued = 0;
  private lastHead = -1;
  private assembly: Assembly | null = null;
  private chain: Promise<void>;
  private outbound: Outbound | null = null;
  private stopped = false;
  /** Bytes handed to the store and not yet stored. */
  private applying = 0;
  private roomWaiters: Array<() => void> = [];

  constructor(
    private readonly core: SessionCore,
    private readonly cursors: CursorBook,
    private readonly peerLogId: string,
    membersReady: Promise<void>,
  ) {
    this.chain = membersReady;
  }

  setOutbound(outbound: Outbound): void {
    this.outbound = outbound;
  }

  requestListing(): void {
    this.core.track(this.cursors.get(this.core.peerId)).then(
      (cursor) => {
        if (this.stopped) return;
        this.sinceSent = true;
        this.core.send('since', cursor);
      },
      (err: unknown) => this.core.fail('shutting_down', `could not read the cursor: ${errText(err)}`),
    );
  }

  onChanges(msg: ChangesMsg): void {
    if (!this.sinceSent) throw new ProtocolViolation('changes before we asked for them');
    this.queued++;
    this.chain = this.chain
      .then(() => this.handleChunk(msg))
      .catch((err: unknown) => {
        if (err instanceof ProtocolViolation) this.core.fail('protocol_error', err.message);
        else if (!this.stopped) this.core.fail('shutting_down', `could not take a listing: ${errText(err)}`);
      })
      .finally(() => {
        this.queued--;
        this.core.changed();
      });
  }

  onUpdate(msg: UpdateMsg): void {
    const round = this.cur;
    const expected = round?.expected[0];
    if (!round || expected === undefined) throw new ProtocolViolation(`an update for ${msg.docId} nobody asked for`);
    if (msg.docId !== expected) throw new ProtocolViolation(`an update for ${msg.docId} while ${expected} was due`);
    if (msg.bytes.byteLength > MAX_PART_BYTES) throw new ProtocolViolation(`an update part of ${msg.bytes.byteLength} bytes`);
    let a = this.assembly;
    if (!a) {
      if (msg.part !== 0) throw new ProtocolViolation(`update part ${msg.part} of ${msg.docId} before part 0`);
      if (msg.parts < 1 || msg.parts > MAX_PARTS) throw new ProtocolViolation(`an update in ${msg.parts} parts (1–${MAX_PARTS})`);
      a = this.assembly = { docId: msg.docId, parts: msg.parts, next: 0, chunks: [], bytes: 0 };
    } else if (msg.part !== a.next || msg.parts !== a.parts) {
      throw new ProtocolViolation(`update part ${msg.part}/${msg.parts} of ${msg.docId} out of order (expected ${a.next}/${a.parts})`);
    }
    a.bytes += msg.bytes.byteLength;
    if (a.bytes > MAX_DOC_UPDATE_BYTES) throw new ProtocolViolation(`an update of ${msg.docId} beyond ${MAX_DOC_UPDATE_BYTES} bytes`);
    a.chunks.push(msg.bytes);
    a.next++;
    if (a.next < a.parts) return;
    this.assembly = null;
    round.expected.shift();
    this.apply(round, a.docId, a.chunks.length === 1 ? (a.chunks[0] as Uint8Array) : Buffer.concat(a.chunks));
  }

  /** Everything the peer listed so far is stored and acknowledged. */
  settled(): boolean {
    return this.sinceSent && this.catchUpDone && this.cur === null && this.queued === 0;
  }

  pending(): number {
    return this.cur ? this.cur.outstanding : 0;
  }

  stop(): void {
    this.stopped = true;
    const done = this.cur?.done;
    if (done) done();
    this.wake();
  }

  private wake(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const w of waiters) w();
  }

  private async room(round: RxRound): Promise<void> {
    while (!this.stopped && (round.outstanding >= WANTED_IN_FLIGHT || this.applying >= APPLY_BYTES_IN_FLIGHT)) {
      await new Promise<void>((r) => this.roomWaiters.push(r));
    }
  }

  private apply(round: RxRound, docId: string, bytes: Uint8Array): void {
    // Not awaited: the store group-commits, so many docs are written per batch.
    this.applying += bytes.byteLength;
    this.core.track(this.core.store.applyUpdate(docId, bytes, this.core.peerOrigin)).then(
      () => {
        this.applying -= bytes.byteLength;
        round.outstanding--;
        if (round.outstanding === 0 && round.done) round.done();
        this.wake();
        this.core.changed();
      },
      (err: unknown) => {
        this.applying -= bytes.byteLength;
        if (err instanceof StoreError && PEER_FAULTS.has(err.code)) this.core.fail('protocol_error', `refused the update for ${docId}: ${err.message}`);
        else this.core.fail('shutting_down', `could not store ${docId}: ${errText(err)}`);
      },
    );
  }

  private async handleChunk(msg: ChangesMsg): Promise<void> {
    if (this.stopped) return;
    const round = (this.cur ??= { expected: [], outstanding: 0, final: false, head: 0, done: null });
    const store = this.core.store;
    const theirs = msg.entries.map((e) => decodeStateVector(e.sv));
    const mine = await this.core.track(Promise.all(msg.entries.map((e) => store.stateVector(e.docId))));
    if (this.stopped) return;
    let batch: WantedDoc[] = [];
    let size = WANT_OVERHEAD;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const out = batch;
      batch = [];
      size = WANT_OVERHEAD;
      await this.room(round);
      if (this.stopped) return;
      for (const w of out) round.expected.push(w.docId);
      round.outstanding += out.length;
      this.core.send('want', out);
    };
    // `local`: the peer changed it itself since its last listing, maybe only by deleting, which
    // a state vector does not show. A digest (full listings): equal vectors, compare delete sets.
    // Otherwise only clocks we lack are worth asking for.
    const wanted = await this.core.track(
      Promise.all(
        msg.entries.map(async (entry, i): Promise<boolean> => {
          const ours = decodeLocal(mine[i]!);
          if (entry.local || hasClocksBeyond(theirs[i]!, ours)) return true;
          if (entry.ds.byteLength === 0) return false;
          if (!sameClocks(theirs[i]!, ours)) return true;
          return !Buffer.from(await deleteSetDigest(store, entry.docId, mine[i]!)).equals(Buffer.from(entry.ds));
        }),
      ),
    );
    if (this.stopped) return;
    for (let i = 0; i < msg.entries.length; i++) {
      if (!wanted[i]) continue;
      const entry = msg.entries[i]!;
      const want = { docId: entry.docId, sv: mine[i]! };
      const n = sizeOf(entryCodecs.wanted, want);
      if (batch.length >= MAX_WANT_ENTRIES || size + n > MAX_MESSAGE_BYTES) await flush();
      batch.push(want);
      size += n;
    }
    await flush();
    if (this.stopped) return;
    this.core.changed();
    if (!msg.final) return;
    if (msg.head < this.lastHead) throw new ProtocolViolation(`a listing head ${msg.head} behind the previous one (${this.lastHead})`);
    round.final = true;
    round.head = msg.head;
    if (round.outstanding > 0) await new Promise<void>((r) => (round.done = r));
    if (this.stopped) return;
    // Every wanted doc of this listing is durable: only now may the cursor pass it.
    await this.core.track(this.cursors.set(this.core.peerId, { logId: this.peerLogId, seq: msg.head }));
    if (this.stopped) return;
    // Our own listing (echoes of what we just stored, and local edits) goes out before the ack,
    // so the peer never sees "acknowledged" while we still have something unlisted for it.
    await this.outbound?.listNow();
    if (this.stopped) return;
    this.lastHead = msg.head;
    this.cur = null;
    this.catchUpDone = true;
    this.core.send('ack', msg.head);
  }
}

function decodeLocal(sv: Uint8Array): Map<number, number> {
  try {
    return decodeStateVector(sv);
  } catch {
    return new Map(); // our own vector unreadable: want the doc, the diff repairs it
  }
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
