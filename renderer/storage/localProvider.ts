import type { Provider, ProviderAwareness, UserState } from '@lexical/yjs';
import type * as Y from 'yjs';

/**
 * The Provider @lexical/yjs expects, for a page doc that the DocStore keeps in step with the
 * journal store (renderer/replica): no cursors of other windows. It reports `sync(true)` once the
 * doc has loaded — from the offline copy when that has the page, else from the store — never
 * before, or the editor would seed an empty paragraph into a page that has content (lexical#6374).
 */
type Handler = (...args: never[]) => void;

export interface LocalDocConnection {
  /** Resolves when the doc may be shown and edited; rejects when it cannot be opened at all. */
  loaded: Promise<void>;
  close(): void;
}

export class LocalProvider implements Provider {
  readonly awareness: ProviderAwareness = createLocalAwareness();
  private handlers = new Map<string, Set<Handler>>();
  private connection: LocalDocConnection | null = null;

  constructor(
    readonly doc: Y.Doc,
    private readonly connectDoc: (doc: Y.Doc) => LocalDocConnection,
  ) {}

  // Must stay synchronous: a Promise-returning connect ends disconnected under StrictMode.
  connect(): void {
    if (this.connection) return;
    const connection = this.connectDoc(this.doc);
    this.connection = connection;
    this.emit('status', { status: 'connected' });
    connection.loaded.then(
      () => {
        if (this.connection === connection) this.emit('sync', true);
      },
      () => undefined, // the store shows the error; the editor stays read-only
    );
  }

  disconnect(): void {
    const connection = this.connection;
    this.connection = null;
    connection?.close();
    this.emit('status', { status: 'disconnected' });
  }

  on(type: string, cb: Handler): void {
    const set = this.handlers.get(type) ?? new Set<Handler>();
    set.add(cb);
    this.handlers.set(type, set);
  }

  off(type: string, cb: Handler): void {
    this.handlers.get(type)?.delete(cb);
  }

  private emit(type: string, arg: unknown): void {
    this.handlers.get(type)?.forEach((h) => (h as (a: unknown) => void)(arg));
  }
}

function createLocalAwareness(): ProviderAwareness {
  let local: UserState | null = null;
  const listeners = new Set<() => void>();
  return {
    getLocalState: () => local,
    getStates: () => new Map(local ? [[0, local]] : []),
    setLocalState: (state) => {
      local = state;
    },
    setLocalStateField: (field, value) => {
      if (local) local = { ...local, [field]: value };
    },
    on: (_type, cb) => listeners.add(cb),
    off: (_type, cb) => listeners.delete(cb),
  };
}
