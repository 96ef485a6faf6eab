/**
 * A service that stays the same object while the one behind it comes and goes (in Electron the
 * derived index and search live in the journal's process, which is restarted if it dies).
 * Listeners stay subscribed across restarts; a call waits (up to `waitMs`) for a service rather
 * than answering with nothing, which a window would show as empty lists or "Nothing found".
 */
export interface ServiceSlot<S extends { close(): Promise<void> }, E> {
  /** The service now, or null while none is attached. */
  current(): S | null;
  /** The service, waiting for one to be attached; rejects with `notRunning` when none comes. */
  live(): Promise<S>;
  /** Stays subscribed across restarts. */
  listen(listener: (event: E) => void): () => void;
  attach(service: S): void;
  detach(): void;
  close(): Promise<void>;
}

export interface ServiceSlotOptions<S, E> {
  /** Subscribes to a service's events; returns the unsubscribe. */
  subscribe(service: S, emit: (event: E) => void): () => void;
  /** The error's message when no service is attached in time (or the slot is closed). */
  notRunning: string;
  waitMs?: number;
}

export function createServiceSlot<S extends { close(): Promise<void> }, E>(options: ServiceSlotOptions<S, E>): ServiceSlot<S, E> {
  const waitMs = options.waitMs ?? 15_000;
  let inner: S | null = null;
  let offInner: (() => void) | null = null;
  const waiters: (() => void)[] = [];
  const listeners = new Set<(event: E) => void>();
  let closed = false;
  const emit = (event: E): void => listeners.forEach((l) => l(event));

  return {
    current: () => inner,
    async live() {
      if (!inner && !closed) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          timer = setTimeout(resolve, waitMs);
        });
        clearTimeout(timer);
      }
      if (!inner) throw new Error(options.notRunning);
      return inner;
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    attach(service) {
      if (closed) return void service.close();
      offInner?.();
      inner = service;
      offInner = options.subscribe(service, emit);
      waiters.splice(0).forEach((w) => w());
    },
    detach() {
      offInner?.();
      offInner = null;
      inner = null;
    },
    async close() {
      closed = true;
      const current = inner;
      offInner?.();
      inner = null;
      waiters.splice(0).forEach((w) => w());
      await current?.close();
    },
  };
}
