import type * as Y from 'yjs';
import { GuardedPersistence, StorageFailure } from './guardedPersistence';

/**
 * Keeps a doc persisted even when its IndexedDB connection dies (the browser closes it, a disk
 * hiccup, another window upgrades the database): the failure is reported at once, then a fresh
 * connection is opened on the same in-memory doc. y-indexeddb writes the doc's whole state when
 * it opens, so everything typed while storage was down is saved by the reconnect. A page whose
 * *first* load failed is not retried here: the editor never became editable, nothing is at risk.
 */
export interface PersistenceEvents {
  onFailure(failure: StorageFailure): void;
  onRecovered(docName: string): void;
}

const RETRY_DELAYS_MS = [250, 2_000, 10_000, 30_000];

export class ResilientPersistence {
  private current: GuardedPersistence;
  private loadedOnce = false;
  private closed = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  readonly loaded: Promise<void>;

  constructor(
    readonly name: string,
    private readonly doc: Y.Doc,
    private readonly events: PersistenceEvents,
    private readonly loadTimeoutMs: number,
  ) {
    this.current = this.open();
    this.loaded = this.current.whenLoaded(loadTimeoutMs).then(() => {
      this.loadedOnce = true;
    });
    this.loaded.catch(() => undefined);
  }

  get pendingWrites(): number {
    return this.current.pendingWrites;
  }

  get persistence(): GuardedPersistence {
    return this.current;
  }

  flush(): Promise<void> {
    return this.current.flush();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.current.close();
  }

  private open(): GuardedPersistence {
    return new GuardedPersistence(this.name, this.doc, (failure) => this.handleFailure(failure));
  }

  private handleFailure(failure: StorageFailure): void {
    this.events.onFailure(failure);
    if (this.closed || !this.loadedOnce || this.retryTimer) return;
    const delay = RETRY_DELAYS_MS[Math.min(this.attempt, RETRY_DELAYS_MS.length - 1)]!;
    this.attempt++;
    this.retryTimer = setTimeout(() => void this.reconnect(), delay);
  }

  private async reconnect(): Promise<void> {
    this.retryTimer = null;
    if (this.closed) return;
    const broken = this.current;
    await broken.destroy().catch(() => undefined);
    const fresh = this.open();
    this.current = fresh;
    try {
      await fresh.whenLoaded(this.loadTimeoutMs);
      await fresh.flush();
      if (fresh.failure) throw fresh.failure;
      this.attempt = 0;
      this.events.onRecovered(this.name);
    } catch (err) {
      // whenLoaded/flush failures already went through handleFailure (which schedules the next
      // try); anything else is reported here.
      if (!(err instanceof StorageFailure)) this.handleFailure(new StorageFailure(this.name, String(err)));
    }
  }
}
