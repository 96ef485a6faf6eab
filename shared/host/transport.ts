import type { HostMessage } from './envelope';

/** Why a connection ended, as far as the transport can tell. */
export interface TransportClosed {
  /** WebSocket close code where there is one (1006 = dropped without a close frame). */
  code: number;
  reason: string;
  /** False when the connection never opened (refused, wrong token, host not running). */
  wasOpen: boolean;
}

/** The smallest thing a host connection needs: send a message, hear messages. */
export interface HostTransport {
  send(message: HostMessage): void;
  onMessage(listener: (message: HostMessage) => void): () => void;
  /**
   * Fires once when the connection ends. Optional because some transports (Electron IPC)
   * live as long as the window; clients use it to fail pending requests instead of hanging.
   */
  onClose?(listener: (info: TransportClosed) => void): () => void;
}

/** An in-memory transport that can also be cut, to test what clients do when a host goes away. */
export interface InMemoryTransport extends HostTransport {
  onClose(listener: (info: TransportClosed) => void): () => void;
  /** Ends the pair for both sides; later sends are dropped, as on a dead socket. */
  close(code?: number, reason?: string): void;
}

/** Two connected in-memory transports, for contract tests without sockets or Electron. */
export function createInMemoryPair(): [InMemoryTransport, InMemoryTransport] {
  const listeners: [Set<(m: HostMessage) => void>, Set<(m: HostMessage) => void>] = [new Set(), new Set()];
  const closeListeners: [Set<(c: TransportClosed) => void>, Set<(c: TransportClosed) => void>] = [
    new Set(),
    new Set(),
  ];
  let closed = false;
  const close = (code = 1000, reason = ''): void => {
    if (closed) return;
    closed = true;
    const info: TransportClosed = { code, reason, wasOpen: true };
    queueMicrotask(() => closeListeners.forEach((side) => side.forEach((l) => l(info))));
  };
  const make = (mine: 0 | 1): InMemoryTransport => ({
    send(message) {
      if (closed) return;
      // Round-trip through JSON so in-memory tests see exactly what a socket would carry.
      const copy = JSON.parse(JSON.stringify(message)) as HostMessage;
      queueMicrotask(() => {
        if (!closed) listeners[mine === 0 ? 1 : 0].forEach((l) => l(copy));
      });
    },
    onMessage(listener) {
      listeners[mine].add(listener);
      return () => listeners[mine].delete(listener);
    },
    onClose(listener) {
      closeListeners[mine].add(listener);
      return () => closeListeners[mine].delete(listener);
    },
    close,
  });
  return [make(0), make(1)];
}
