/**
 * A small typed RPC over any "post a message / hear messages" port: a forked Node child's IPC
 * channel, Electron's utilityProcess parentPort, or an in-memory pair. Messages are plain
 * structured-clone data, so Uint8Array crosses intact (fork with `serialization: 'advanced'`,
 * Electron's postMessage). Errors keep their name, code and message.
 */

export interface MessagePortLike {
  postMessage(msg: unknown): void;
  onMessage(cb: (msg: unknown) => void): () => void;
  /** Optional: the other side is gone (process exited, port closed). */
  onClose?(cb: () => void): () => void;
}

// `never[]` parameters accept every function type (any[] would switch off checking).
export type MethodMap = { [name: string]: (...args: never[]) => Promise<unknown> };
export type EventMap = { [name: string]: unknown };
/** For each event, how the server subscribes to its source; returns an unsubscribe. */
export type EventSources<E extends EventMap> = { [K in keyof E]: (emit: (payload: E[K]) => void) => () => void };

export type RpcClient<M extends MethodMap, E extends EventMap> = {
  [K in keyof M]: (...args: Parameters<M[K]>) => Promise<Awaited<ReturnType<M[K]>>>;
} & {
  /** Listens to a server event; the server is only asked to forward it while someone listens. */
  $on<K extends keyof E & string>(name: K, cb: (payload: E[K]) => void): () => void;
  /** Hears that the connection ended (the port closed or `$dispose` was called). */
  $onClose(cb: (reason: RpcError) => void): () => void;
  /** Ends the connection: pending calls reject with RpcError('disconnected'). */
  $dispose(reason?: string): void;
};

export class RpcError extends Error {
  constructor(
    readonly code: 'disconnected' | 'unknown_method' | 'remote_error',
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** How an error crosses the port; the client turns it back into an error with the same name/code. */
export interface WireError {
  name: string;
  code: string | undefined;
  message: string;
}

type Wire =
  | { k: 'krpc'; t: 'call'; id: number; m: string; a: unknown[] }
  | { k: 'krpc'; t: 'ok'; id: number; v: unknown }
  | { k: 'krpc'; t: 'err'; id: number; e: WireError }
  | { k: 'krpc'; t: 'sub' | 'unsub'; n: string }
  | { k: 'krpc'; t: 'evt'; n: string; p: unknown };

const isWire = (msg: unknown): msg is Wire =>
  typeof msg === 'object' && msg !== null && (msg as { k?: unknown }).k === 'krpc';

export function toWireError(err: unknown): WireError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, code: typeof code === 'string' ? code : undefined, message: err.message };
  }
  return { name: 'Error', code: undefined, message: String(err) };
}

/** Serves `handlers` and `events` on the port. Returns a function that stops serving. */
export function serveOverPort<M extends MethodMap, E extends EventMap>(port: MessagePortLike, handlers: M, events: EventSources<E>): () => void {
  const subscriptions = new Map<string, () => void>();
  const post = (msg: Wire): void => {
    try {
      port.postMessage(msg);
    } catch {
      // The other side is gone; nothing to tell it.
    }
  };
  const stopListening = port.onMessage((msg) => {
    if (!isWire(msg)) return;
    if (msg.t === 'call') {
      const handler = Object.prototype.hasOwnProperty.call(handlers, msg.m) ? handlers[msg.m] : undefined;
      if (typeof handler !== 'function' || !Array.isArray(msg.a)) {
        post({ k: 'krpc', t: 'err', id: msg.id, e: { name: 'RpcError', code: 'unknown_method', message: `No method ${String(msg.m)}.` } });
        return;
      }
      Promise.resolve()
        .then(() => (handler as (...a: unknown[]) => Promise<unknown>)(...msg.a))
        .then(
          (v) => post({ k: 'krpc', t: 'ok', id: msg.id, v }),
          (err: unknown) => post({ k: 'krpc', t: 'err', id: msg.id, e: toWireError(err) }),
        );
    } else if (msg.t === 'sub') {
      const source = Object.prototype.hasOwnProperty.call(events, msg.n) ? events[msg.n] : undefined;
      if (!source || subscriptions.has(msg.n)) return;
      subscriptions.set(msg.n, source((p) => post({ k: 'krpc', t: 'evt', n: msg.n, p })));
    } else if (msg.t === 'unsub') {
      subscriptions.get(msg.n)?.();
      subscriptions.delete(msg.n);
    }
  });
  return () => {
    stopListening();
    for (const off of subscriptions.values()) off();
    subscriptions.clear();
  };
}

/**
 * A client for a server made with `serveOverPort`. Method names are resolved on use (a Proxy),
 * so `$on`, `$onClose`, `$dispose` and `then` are reserved. `reviveError` rebuilds known error
 * classes (e.g. StoreError) from the wire.
 */
export function connectOverPort<M extends MethodMap, E extends EventMap>(
  port: MessagePortLike,
  reviveError: (e: WireError) => Error = (e) => Object.assign(new RpcError('remote_error', e.message), { name: e.name, code: e.code }),
): RpcClient<M, E> {
  let nextId = 1;
  let ended: RpcError | null = null;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const closeListeners = new Set<(reason: RpcError) => void>();

  const stopListening = port.onMessage((msg) => {
    if (!isWire(msg)) return;
    if (msg.t === 'ok' || msg.t === 'err') {
      const call = pending.get(msg.id);
      if (!call) return;
      pending.delete(msg.id);
      if (msg.t === 'ok') call.resolve(msg.v);
      else call.reject(msg.e.name === 'RpcError' ? new RpcError(msg.e.code as RpcError['code'], msg.e.message) : reviveError(msg.e));
    } else if (msg.t === 'evt') {
      for (const cb of [...(listeners.get(msg.n) ?? [])]) cb(msg.p);
    }
  });
  const stopClose = port.onClose?.(() => end('The other side of the connection went away.'));

  function end(reason: string): void {
    if (ended) return;
    ended = new RpcError('disconnected', reason);
    stopListening();
    stopClose?.();
    for (const call of pending.values()) call.reject(ended);
    pending.clear();
    listeners.clear();
    for (const cb of [...closeListeners]) cb(ended);
  }

  function call(method: string, args: unknown[]): Promise<unknown> {
    if (ended) return Promise.reject(ended);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      try {
        port.postMessage({ k: 'krpc', t: 'call', id, m: method, a: args } satisfies Wire);
      } catch (err) {
        pending.delete(id);
        reject(new RpcError('disconnected', `Could not send ${method}: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
  }

  const extras = {
    $on(name: string, cb: (p: unknown) => void): () => void {
      if (ended) return () => undefined;
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
        port.postMessage({ k: 'krpc', t: 'sub', n: name } satisfies Wire);
      }
      set.add(cb);
      return () => {
        const s = listeners.get(name);
        if (!s?.delete(cb) || s.size > 0) return;
        listeners.delete(name);
        if (!ended) port.postMessage({ k: 'krpc', t: 'unsub', n: name } satisfies Wire);
      };
    },
    $onClose(cb: (reason: RpcError) => void): () => void {
      closeListeners.add(cb);
      return () => closeListeners.delete(cb);
    },
    $dispose(reason = 'The connection was closed.'): void {
      end(reason);
    },
  };

  return new Proxy(extras, {
    get(target, prop) {
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      if (Object.prototype.hasOwnProperty.call(target, prop)) return target[prop as keyof typeof extras];
      return (...args: unknown[]) => call(prop, args);
    },
  }) as unknown as RpcClient<M, E>;
}

/** Two connected in-memory ports (messages are structured-cloned, like a real boundary). */
export function memoryPortPair(): [MessagePortLike, MessagePortLike] {
  type Cb = (m: unknown) => void;
  const left = new Set<Cb>();
  const right = new Set<Cb>();
  const port = (mine: Set<Cb>, theirs: Set<Cb>): MessagePortLike => ({
    postMessage(m) {
      const copy = structuredClone(m);
      queueMicrotask(() => {
        for (const cb of [...theirs]) cb(copy);
      });
    },
    onMessage(cb) {
      mine.add(cb);
      return () => mine.delete(cb);
    },
  });
  return [port(left, right), port(right, left)];
}
