import * as Y from 'yjs';
import { isBlankPage } from '../../shared/pages/blankPage';
import { concatBytes, fromBase64, toBase64 } from '../../shared/host/base64';
import type { HostClient } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import { REPLICA_PART_BYTES } from '../../shared/host/limits';
import { LOAD_ORIGIN, REMOTE_ORIGIN, isCopiedOrigin } from './origins';
import { storeLacks } from './storeLacks';

/**
 * One doc's link with the host's store (docs/replica-protocol.md), the way a y-websocket
 * provider links a doc with its server:
 *   open:   `replica.open {sv}` → apply the store's diff (as loading), then push what this doc
 *           has beyond the store's state vector (typed while the host was away, cache-only pages);
 *   edits:  every local update is kept until the host acknowledges it; updates made while a push
 *           is in flight are merged into the next push; big ones travel in parts;
 *   remote: `replica.updated` for this doc is applied with REMOTE_ORIGIN (by the hub);
 *   failure: the backlog stays, and after a backoff the link re-opens (so the next push is
 *           exactly what the store lacks) and pushes again, until everything is acknowledged.
 * The link knows nothing of IndexedDB: the cache is the owner's business (replicaDoc.ts).
 */
export interface LinkEvents {
  /** A push or open failed; the backlog is kept and retried. */
  onFailure(docId: string, error: HostError): void;
  /** Everything is acknowledged again after a failure. */
  onRecovered(docId: string): void;
  /** The store set aside damaged records of this doc. */
  onStoreDamaged(docId: string): void;
  /** The link has closed for good (everything acknowledged): the hub may tell the host. */
  onClosed(link: ReplicaLink): void;
}

export interface ReplicaLinkOptions {
  host: HostClient;
  docId: string;
  doc: Y.Doc;
  events: LinkEvents;
  /** Backoff between retries; the last value repeats. */
  retryDelaysMs?: readonly number[];
  /** Parts bigger than this are split (tests lower it). */
  partBytes?: number;
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [250, 1_000, 3_000, 10_000, 30_000];

export interface OpenOutcome {
  /** The store sent something this doc did not have. */
  received: boolean;
}

type Waiter = { resolve(): void; reject(err: HostError): void; rejectOnFailure: boolean };

export class ReplicaLink {
  readonly docId: string;
  readonly doc: Y.Doc;
  /** Settles with the first open's outcome (rejects if the first try failed; retries go on). */
  readonly firstOpen: Promise<OpenOutcome>;
  /** Resolves at the first successful open. */
  readonly synced: Promise<void>;
  private settleFirst!: { resolve(o: OpenOutcome): void; reject(e: HostError): void } | null;
  private settleSynced!: () => void;

  private started = false;
  /** Set while applying what came from the store, which must not be pushed back. */
  private applyingFromStore = false;
  private needsOpen = true;
  private busy = false;
  private closing = false;
  private closed = false;
  /** Local updates not sent yet (bytes) and how many updates they stand for. */
  private unsent: Uint8Array[] = [];
  private unsentCount = 0;
  /**
   * What the offline copy has and the store lacks, found when the doc opened, with no edit of
   * this session behind it: pushed like an edit, waited for by `whenSettled` (migration, sync),
   * but not counted by `pending()` — it is already on this device's disk, so it is no reason to
   * say "Saving…".
   */
  private reconcile = false;
  private inFlightCount = 0;
  /**
   * Whether the doc has held anything a person wrote in this session (loaded or typed). Until
   * then, what is pending is at most the empty first paragraph an editor lays down in an empty
   * page: written like any update, but not a reason to say "Saving…" (pendingUserWrites).
   */
  private sawContent = false;
  /** See holdWhileBlank. */
  private holdBlank = false;
  private failing: HostError | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private waiters: Waiter[] = [];
  private lastLogged: string | null = null;
  private readonly retryDelays: readonly number[];
  private readonly partBytes: number;

  constructor(private readonly options: ReplicaLinkOptions) {
    this.docId = options.docId;
    this.doc = options.doc;
    this.retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.partBytes = options.partBytes ?? REPLICA_PART_BYTES;
    this.firstOpen = new Promise<OpenOutcome>((resolve, reject) => (this.settleFirst = { resolve, reject }));
    this.firstOpen.catch(() => undefined);
    this.synced = new Promise<void>((resolve) => (this.settleSynced = resolve));
    this.doc.on('update', this.onUpdate);
  }

  /** Starts syncing (the owner calls this once its cache has loaded, or failed to). */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.pump();
  }

  /**
   * Until the doc holds something a person wrote, its writes (an editor's empty first paragraph)
   * stay here instead of reaching the store: visiting a day that was never written creates no
   * record of it. The first content sends them all; closing while blank drops them (nothing a
   * person wrote). Reading from the store is unchanged. Call before `start`.
   */
  holdWhileBlank(): void {
    this.holdBlank = true;
  }

  private get holding(): boolean {
    return this.holdBlank && !this.sawContent;
  }

  /** Updates not yet acknowledged by the host. Loading is not a write, nor is what is held blank. */
  pending(): number {
    return this.holding ? 0 : this.unsentCount + this.inFlightCount;
  }

  /** Whether anything must still reach the store (a held blank page has nothing that must). */
  private get outstanding(): boolean {
    return this.pending() > 0 || (this.reconcile && !this.holding);
  }

  /**
   * What the save indicator counts: pending updates of a page that holds, or held, something a
   * person wrote. Opening an empty page (its first empty paragraph) is not counted; deleting
   * everything from a page that had text is.
   */
  pendingUserWrites(): number {
    this.noteContent();
    return this.sawContent ? this.pending() : 0;
  }

  /** Looks whether the doc holds content now (after a load that emitted no update, say). */
  noteContent(): void {
    if (this.sawContent || isBlankPage(this.doc)) return;
    this.sawContent = true;
    // Held writes go now (content that came from elsewhere does not pump by itself).
    if (this.holdBlank) queueMicrotask(() => this.pump());
  }

  get isFailing(): boolean {
    return this.failing !== null;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** An update from the store (another window, sync) for this doc. */
  applyRemote(update: Uint8Array): void {
    if (this.closed) return;
    this.applyingFromStore = true;
    try {
      Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
    } finally {
      this.applyingFromStore = false;
    }
  }

  /** Retry at once (the store says it can write again). */
  retryNow(): void {
    if (!this.retryTimer) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.pump();
  }

  /**
   * Resolves when everything so far is acknowledged. With `rejectOnFailure`, rejects at the next
   * failure instead of waiting for recovery (the data stays in the link and is retried).
   */
  whenSettled(options: { rejectOnFailure?: boolean } = {}): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise<void>((resolve, reject) =>
      this.waiters.push({ resolve, reject, rejectOnFailure: options.rejectOnFailure ?? false }),
    );
  }

  /**
   * The doc's owner is done with it. The link stays alive until every update is acknowledged
   * (leaving a page while saving fails keeps what was typed), then closes.
   */
  close(): Promise<void> {
    this.closing = true;
    const done = this.whenSettled().then(() => this.finish());
    this.pump();
    return done;
  }

  /**
   * Stops for good without waiting for acknowledgements (the window is going away, or a test
   * ends). Whatever is unacknowledged stays in the offline copy and is pushed on the next open.
   */
  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.closed = true;
    this.doc.off('update', this.onUpdate);
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    this.noteContent();
    if (this.closed || this.applyingFromStore || isCopiedOrigin(origin)) return;
    this.unsentCount++;
    // Before the first open the store's diff decides what to push; no need to keep the bytes.
    if (!this.needsOpen) this.unsent.push(update);
    this.pump();
  };

  private isSettled(): boolean {
    return !this.outstanding && !this.busy && (!this.started || !this.needsOpen || this.closing);
  }

  private pump(): void {
    if (this.closed || !this.started || this.busy || this.retryTimer) {
      this.checkSettled();
      return;
    }
    if (this.closing && !this.outstanding) {
      this.checkSettled();
      return;
    }
    if (this.needsOpen) {
      this.run(() => this.open());
      return;
    }
    if ((this.unsentCount > 0 || this.reconcile) && !this.holding) {
      this.run(() => this.push());
      return;
    }
    this.checkSettled();
  }

  private run(step: () => Promise<void>): void {
    this.busy = true;
    step().then(
      () => {
        this.busy = false;
        // Only a settled backlog resets the backoff: reads may work while writes keep failing.
        if (this.pending() === 0) this.attempt = 0;
        if (this.failing && this.pending() === 0) {
          this.failing = null;
          this.lastLogged = null;
          this.options.events.onRecovered(this.docId);
        }
        this.pump();
      },
      (err: unknown) => {
        this.busy = false;
        this.fail(HostError.from(err));
      },
    );
  }

  private async open(): Promise<void> {
    const { host } = this.options;
    const sv = Y.encodeStateVector(this.doc);
    const reply = await host.request('replica.open', { docId: this.docId, sv: toBase64(sv) });
    let diff = fromBase64(reply.update);
    if (reply.transfer) {
      const parts: Uint8Array[] = [diff];
      for (let index = 1; index < reply.transfer.parts; index++) {
        const part = await host.request('replica.part', { transferId: reply.transfer.id, index });
        parts.push(fromBase64(part.data));
      }
      diff = concatBytes(parts);
    }
    const before = Y.encodeStateVector(this.doc);
    Y.applyUpdate(this.doc, diff, LOAD_ORIGIN);
    const received = !equalBytes(before, Y.encodeStateVector(this.doc));
    if (reply.damaged) this.options.events.onStoreDamaged(this.docId);
    // Everything the store lacks — queued edits included — is one update from here.
    const lacking = storeLacks(this.doc, fromBase64(reply.sv), diff);
    this.needsOpen = false;
    this.unsent = lacking ? [lacking] : [];
    this.reconcile = lacking !== null && this.unsentCount === 0;
    if (!lacking) this.unsentCount = 0;
    if (this.settleFirst) {
      this.settleFirst.resolve({ received });
      this.settleFirst = null;
    }
    this.settleSynced();
  }

  private async push(): Promise<void> {
    const batch = this.unsent;
    const count = this.unsentCount;
    if (batch.length === 0) {
      // Counted edits whose bytes the next open recomputes, or a reconcile already dropped.
      this.reconcile = false;
      if (count > 0) this.needsOpen = true;
      return;
    }
    this.unsent = [];
    this.unsentCount = 0;
    this.inFlightCount = count;
    const update = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
    try {
      await this.send(update);
      this.inFlightCount = 0;
      this.reconcile = false;
    } catch (err) {
      // Keep it, ahead of anything typed since; the re-open after the backoff recomputes it.
      this.unsent = [update, ...this.unsent];
      this.unsentCount += count;
      this.inFlightCount = 0;
      this.needsOpen = true;
      throw err;
    }
  }

  private async send(update: Uint8Array): Promise<void> {
    const { host } = this.options;
    if (update.length <= this.partBytes) {
      const r = await host.request('replica.push', { docId: this.docId, update: toBase64(update) });
      if (!r.acked) throw new HostError('internal', 'The host did not acknowledge the update.');
      return;
    }
    const count = Math.ceil(update.length / this.partBytes);
    const id = uploadId();
    for (let index = 0; index < count; index++) {
      const part = update.subarray(index * this.partBytes, (index + 1) * this.partBytes);
      const r = await host.request('replica.push', {
        docId: this.docId,
        update: toBase64(part),
        upload: { id, index, count },
      });
      if (index === count - 1 && !r.acked) throw new HostError('internal', 'The host did not acknowledge the update.');
    }
  }

  private fail(error: HostError): void {
    if (this.closed) return;
    if (this.settleFirst) {
      this.settleFirst.reject(error);
      this.settleFirst = null;
    }
    // A page opened and closed at once whose open failed has nothing at risk: no alarm. What the
    // offline copy has beyond the store stays there and is pushed the next time the page opens.
    if (this.closing && this.pending() === 0) {
      this.reconcile = false;
      this.unsent = [];
      this.checkSettled();
      return;
    }
    // 'unavailable' is the store or the connection; anything else is a bug worth an error line.
    // Logged when it starts or changes, not on every retry.
    if (this.lastLogged !== error.message) {
      this.lastLogged = error.message;
      if (error.code !== 'unavailable') console.error('[kindred replica]', this.docId, error.code, error.message);
      else console.warn('[kindred replica]', this.docId, error.message);
    }
    if (this.pending() > 0) {
      this.failing = error;
      this.options.events.onFailure(this.docId, error);
    }
    for (const w of this.waiters.filter((w) => w.rejectOnFailure)) w.reject(error);
    this.waiters = this.waiters.filter((w) => !w.rejectOnFailure);
    const delay = this.retryDelays[Math.min(this.attempt, this.retryDelays.length - 1)] ?? 1_000;
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.pump();
    }, delay);
  }

  private checkSettled(): void {
    if (!this.isSettled() || this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w.resolve());
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.doc.off('update', this.onUpdate);
    if (this.failing) {
      this.failing = null;
      this.options.events.onRecovered(this.docId);
    }
    this.options.events.onClosed(this);
  }
}


function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function uploadId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
