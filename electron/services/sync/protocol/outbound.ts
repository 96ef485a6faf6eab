/**
 * Our side of the exchange towards one peer: list our change log (after the cursor the peer sent
 * in `since`, then live), answer its `want`s with diffs computed from stored bytes, and take its
 * `ack`s. Listings are serialized; each one is a "round" the peer acknowledges by its head.
 */
import { StoreError, type AppliedChange } from '../../store/types';
import {
  DIFF_WINDOW, MAX_CHANGES_BYTES, MAX_PART_BYTES, MAX_PARTS, MAX_STATE_VECTOR_BYTES, MAX_WANT_ENTRIES,
} from './constants';
import { entryCodecs, ProtocolViolation, sizeOf, type Cursor, type ListedDoc, type WantedDoc } from './messages';
import { deleteSetDigest } from './deleteSets';
import type { SessionCore } from './session';

interface Round {
  /** The log position this listing covers; -1 until its last chunk is sent. */
  head: number;
  docs: string[];
}

/** The chunk framing beyond its entries: array length, final flag, head. */
const CHUNK_OVERHEAD = 32;
const PAGE = 1000;
const EMPTY = new Uint8Array(0);

export class Outbound {
  private sinceReceived = false;
  private catchUpSent = false;
  private listing = false;
  /** Everything up to here has been listed to the peer. */
  private listedHead = 0;
  private maxSeenSeq = 0;
  private readonly rounds: Round[] = [];
  /** Docs in unacknowledged listings (a want may only name these), with how often they appear. */
  private readonly listed = new Map<string, number>();
  /** Docs changed here by anyone but this peer, with the seq of that change, not yet listed. */
  private readonly dirty = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private listChain: Promise<void>;
  private sendChain: Promise<void>;
  private stopped = false;

  constructor(
    private readonly core: SessionCore,
    membersReady: Promise<void>,
  ) {
    this.listChain = membersReady;
    this.sendChain = membersReady;
  }

  onSince(cursor: Cursor | null): void {
    if (this.sinceReceived) throw new ProtocolViolation('a second since');
    this.sinceReceived = true;
    this.listChain = this.listChain.then(async () => {
      if (this.stopped) return;
      const store = this.core.store;
      const head = await store.head();
      const usable = cursor !== null && cursor.logId === store.logId && cursor.seq <= head;
      if (cursor && !usable) this.core.log(`${this.core.peerId} has a cursor into another log (or beyond it): listing everything`);
      this.listedHead = usable ? cursor.seq : 0;
      await this.list(usable ? 'catch_up' : 'full');
      this.catchUpSent = true;
      if (this.maxSeenSeq > this.listedHead) this.schedule(0);
      this.core.changed();
    }).catch((err: unknown) => this.storeFailed('list changes', err));
  }

  onStoreChange(changes: readonly AppliedChange[], debounceMs: number): void {
    if (this.stopped) return;
    for (const c of changes) {
      if (c.seq > this.maxSeenSeq) this.maxSeenSeq = c.seq;
      if (c.origin !== this.core.peerOrigin) this.dirty.set(c.docId, c.seq);
    }
    if (this.catchUpSent) this.schedule(debounceMs);
    this.core.changed();
  }

  /** Lists whatever is unlisted now (used before an ack, so echoes go out ahead of it). */
  listNow(): Promise<void> {
    const run = this.listChain.then(() => (this.catchUpSent && !this.stopped ? this.list('live') : undefined));
    this.listChain = run.catch((err: unknown) => this.storeFailed('list changes', err));
    return this.listChain;
  }

  onWant(entries: WantedDoc[]): void {
    if (entries.length === 0 || entries.length > MAX_WANT_ENTRIES) throw new ProtocolViolation(`a want of ${entries.length} entries (1–${MAX_WANT_ENTRIES})`);
    for (const e of entries) {
      if (!this.listed.has(e.docId)) throw new ProtocolViolation(`a want for ${e.docId}, which is in no open listing`);
    }
    const copies = entries.map((e) => ({ docId: e.docId, sv: new Uint8Array(e.sv) }));
    this.sendChain = this.sendChain.then(() => this.answer(copies)).catch((err: unknown) => this.answerFailed(err));
    this.core.changed();
  }

  onAck(seq: number): void {
    const r = this.rounds[0];
    if (!r || r.head < 0 || r.head !== seq) throw new ProtocolViolation(`an ack of ${seq} (expected ${r && r.head >= 0 ? r.head : 'none'})`);
    this.rounds.shift();
    for (const docId of r.docs) {
      const n = (this.listed.get(docId) ?? 1) - 1;
      if (n <= 0) this.listed.delete(docId);
      else this.listed.set(docId, n);
    }
    this.core.changed();
  }

  /** Everything we listed is acknowledged and nothing here is unlisted. */
  settled(): boolean {
    return this.catchUpSent && !this.listing && this.rounds.length === 0 && this.timer === null && this.maxSeenSeq <= this.listedHead;
  }

  pending(): number {
    let n = 0;
    for (const r of this.rounds) n += r.docs.length;
    return n;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.timer || this.stopped) return;
    // Not reset by later changes: under continuous typing a listing still goes out every `ms`.
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.listNow();
    }, ms);
  }

  /**
   * One listing: every log entry after `listedHead`, in chunks, the last one carrying the head.
   *   catch_up  after a valid cursor: every entry is marked `local` (we cannot know who made
   *             those changes, and a deletion shows in no state vector)
   *   full      no usable cursor: entries carry a delete-set digest instead, so the peer asks
   *             only for docs that really differ (marking 10k docs `local` would move them all)
   *   live      `local` only where someone other than this peer changed the doc
   */
  private async list(mode: 'catch_up' | 'full' | 'live'): Promise<void> {
    const catchUp = mode === 'catch_up';
    const store = this.core.store;
    this.listing = true;
    try {
      let since = this.listedHead;
      let head = since;
      const round: Round = { head: -1, docs: [] };
      let chunk: ListedDoc[] = [];
      let size = CHUNK_OVERHEAD;
      let sent = false;
      for (;;) {
        const page = await this.core.track(store.changesSince(since, PAGE));
        if (this.stopped) return;
        head = Math.max(head, page.head);
        if (page.changes.length) since = page.changes[page.changes.length - 1]!.seq;
        // Live: a doc only this peer changed since it was last listed holds nothing the peer lacks
        // (an echo of what it sent): it is left out, and the listing's head still moves past it.
        const changes = mode === 'live' ? page.changes.filter((c) => this.dirty.has(c.docId)) : page.changes;
        const svs = await this.core.track(Promise.all(changes.map((c) => store.stateVector(c.docId))));
        if (this.stopped) return;
        const digests = mode === 'full'
          ? await this.core.track(Promise.all(changes.map((c, i) => (this.dirty.has(c.docId) ? EMPTY : deleteSetDigest(store, c.docId, svs[i]!)))))
          : [];
        if (this.stopped) return;
        for (let i = 0; i < changes.length; i++) {
          const change = changes[i]!;
          const sv = svs[i]!;
          if (sv.byteLength > MAX_STATE_VECTOR_BYTES) {
            this.core.log(`${change.docId} has a state vector of ${sv.byteLength} bytes, beyond the wire's cap: not listed`);
            continue;
          }
          const dirtySeq = this.dirty.get(change.docId);
          const entry: ListedDoc = { docId: change.docId, sv, local: catchUp || dirtySeq !== undefined, ds: digests[i] ?? EMPTY };
          if (dirtySeq !== undefined && dirtySeq <= change.seq) this.dirty.delete(change.docId);
          const n = sizeOf(entryCodecs.listed, entry);
          if (size + n > MAX_CHANGES_BYTES) {
            this.sendChunk(round, chunk, false, 0, sent);
            sent = true;
            chunk = [];
            size = CHUNK_OVERHEAD;
            await this.core.drained();
          }
          chunk.push(entry);
          size += n;
        }
        if (!page.more) break;
      }
      // A session's first listing always goes out (even empty): the peer acks it, and only then
      // may either side say "up to date". A live listing of echoes only still goes out (empty):
      // its ack moves the peer's cursor past them, so the next session does not list them again.
      if (mode === 'live' && !sent && chunk.length === 0 && head === this.listedHead) {
        this.listedHead = head;
        return;
      }
      this.sendChunk(round, chunk, true, head, sent);
      this.listedHead = head;
    } finally {
      this.listing = false;
      this.core.changed();
    }
  }

  private sendChunk(round: Round, entries: ListedDoc[], final: boolean, head: number, started: boolean): void {
    if (!started) this.rounds.push(round);
    for (const e of entries) {
      round.docs.push(e.docId);
      this.listed.set(e.docId, (this.listed.get(e.docId) ?? 0) + 1);
    }
    if (final) round.head = head;
    this.core.send('changes', { entries, final, head });
  }

  /** Diffs for every wanted doc, a few read ahead, sent in the order they were asked for. */
  private async answer(entries: WantedDoc[]): Promise<void> {
    const store = this.core.store;
    const diffs: Array<Promise<Uint8Array>> = [];
    const start = (i: number): void => {
      const e = entries[i]!;
      const p = this.core.track(store.diff(e.docId, e.sv));
      p.catch(() => undefined); // awaited below; this only keeps an abandoned read from being "unhandled"
      diffs[i] = p;
    };
    for (let i = 0; i < Math.min(DIFF_WINDOW, entries.length); i++) start(i);
    for (let i = 0; i < entries.length; i++) {
      if (this.stopped) return;
      const bytes = await diffs[i]!;
      if (i + DIFF_WINDOW < entries.length) start(i + DIFF_WINDOW);
      if (this.stopped) return;
      const docId = entries[i]!.docId;
      const parts = Math.max(1, Math.ceil(bytes.byteLength / MAX_PART_BYTES));
      if (parts > MAX_PARTS) {
        this.core.fail('shutting_down', `${docId} is ${bytes.byteLength} bytes here, beyond what one doc may be on the wire`);
        return;
      }
      let drained = true;
      for (let part = 0; part < parts; part++) {
        drained = this.core.send('update', { docId, part, parts, bytes: bytes.subarray(part * MAX_PART_BYTES, (part + 1) * MAX_PART_BYTES) });
      }
      if (!drained) await this.core.drained();
    }
  }

  private answerFailed(err: unknown): void {
    // The store refuses a state vector it cannot decode: that is the peer's fault.
    if (err instanceof StoreError && err.code === 'invalid_update') this.core.fail('protocol_error', `a want carried a bad state vector (${err.message})`);
    else this.storeFailed('answer a want', err);
  }

  private storeFailed(what: string, err: unknown): void {
    if (this.stopped) return;
    this.core.fail('shutting_down', `could not ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
