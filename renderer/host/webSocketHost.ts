import type { HostClient } from '../../shared/host/contract';
import { createTransportClient } from '../../shared/host/client';
import type { HostMessage } from '../../shared/host/envelope';
import { parseHostMessage } from '../../shared/host/envelope';
import type { HostTransport, TransportClosed } from '../../shared/host/transport';

/**
 * The renderer's side of the Node web host: a browser WebSocket carrying the host contract.
 * Browser-only (no node imports); tests pass the `ws` package's WebSocket as `WebSocketImpl`.
 */

/** The part of the browser WebSocket API used here (the `ws` package provides it too). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface WebSocketHostClient extends HostClient {
  /** Resolves with this connection's client id once the host has welcomed it. */
  ready: Promise<string>;
  /** Called once when the connection ends (host stopped, wrong token, network gone). */
  onClose(listener: (info: TransportClosed) => void): () => void;
  isClosed(): boolean;
  /** Ends the connection from this side. */
  close(): void;
}

const OPEN = 1;

export function connectWebSocketHost(
  url: string,
  options: { WebSocketImpl?: WebSocketConstructor } = {},
): WebSocketHostClient {
  const Impl: WebSocketConstructor = options.WebSocketImpl ?? (globalThis.WebSocket as unknown as WebSocketConstructor);
  const socket = new Impl(url);
  const messageListeners = new Set<(m: HostMessage) => void>();
  const closeListeners = new Set<(info: TransportClosed) => void>();
  // The client says hello at once; a browser socket still connecting would throw on send.
  let outbox: string[] | null = [];
  let opened = false;
  let closedInfo: TransportClosed | null = null;

  socket.addEventListener('open', () => {
    opened = true;
    const queued = outbox ?? [];
    outbox = null;
    for (const frame of queued) socket.send(frame);
  });
  // Browsers follow every error with a close event, which is where it is handled; the `ws`
  // package would instead throw an error nobody listens for.
  socket.addEventListener('error', () => undefined);
  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    const message = parseHostMessage(event.data);
    if (message) messageListeners.forEach((l) => l(message));
  });
  socket.addEventListener('close', (event) => {
    if (closedInfo) return;
    outbox = null;
    closedInfo = { code: event.code, reason: event.reason, wasOpen: opened };
    const info = closedInfo;
    closeListeners.forEach((l) => l(info));
  });

  const addCloseListener = (listener: (info: TransportClosed) => void): (() => void) => {
    closeListeners.add(listener);
    return () => closeListeners.delete(listener);
  };
  const transport: HostTransport = {
    send(message) {
      if (closedInfo) return;
      const frame = JSON.stringify(message);
      if (outbox) outbox.push(frame);
      else if (socket.readyState === OPEN) socket.send(frame);
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onClose: addCloseListener,
  };
  const client = createTransportClient(transport);

  return {
    ...client,
    onClose: (listener) => {
      if (closedInfo) {
        const info = closedInfo;
        queueMicrotask(() => listener(info));
        return () => undefined;
      }
      return addCloseListener(listener);
    },
    isClosed: () => closedInfo !== null,
    close: () => socket.close(1000, 'closed by the page'),
  };
}

/**
 * The host's WebSocket URL for a page the web host served at `pageHref` (`http://127.0.0.1:PORT/?token=…`),
 * or null when the page carries no token (then it was not opened from the link the host printed).
 */
export function webSocketHostUrl(pageHref: string): string | null {
  const page = new URL(pageHref);
  const token = page.searchParams.get('token');
  if (!token) return null;
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${page.host}/host?token=${encodeURIComponent(token)}`;
}
