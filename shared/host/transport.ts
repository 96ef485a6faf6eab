import type { HostMessage } from './envelope';

/** The smallest thing a host connection needs: send a message, hear messages. */
export interface HostTransport {
  send(message: HostMessage): void;
  onMessage(listener: (message: HostMessage) => void): () => void;
}

/** Two connected in-memory transports, for contract tests without sockets or Electron. */
export function createInMemoryPair(): [HostTransport, HostTransport] {
  const listeners: [Set<(m: HostMessage) => void>, Set<(m: HostMessage) => void>] = [new Set(), new Set()];
  const make = (mine: 0 | 1): HostTransport => ({
    send(message) {
      // Round-trip through JSON so in-memory tests see exactly what a socket would carry.
      const copy = JSON.parse(JSON.stringify(message)) as HostMessage;
      queueMicrotask(() => listeners[mine === 0 ? 1 : 0].forEach((l) => l(copy)));
    },
    onMessage(listener) {
      listeners[mine].add(listener);
      return () => listeners[mine].delete(listener);
    },
  });
  return [make(0), make(1)];
}
