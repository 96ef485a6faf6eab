/**
 * Backpressure for one WebSocket. `ws` queues every `send` without limit, so a page that stops
 * reading (frozen tab, stopped debugger, slow machine) would grow the host without bound. Each
 * connection's frames go through this outbox instead:
 *  - below `softBytes` buffered in the socket, frames go straight out;
 *  - above it, they wait here (in order) and are released as the socket drains;
 *  - once what waits here plus what the socket holds passes `hardBytes`, the client is cut off
 *    (close code 1008, then the socket is destroyed), freeing everything it held.
 * One frame is always accepted into an empty queue, whatever its size, so a single large event
 * (a big paste in another window) never cuts off a client that reads.
 */
export interface OutboxSocket {
  send(data: string): void;
  /** Bytes accepted by `send` but not yet handed to the OS (ws: sender queue + socket buffer). */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
  terminate(): void;
}

export interface OutboxOptions {
  softBytes?: number;
  hardBytes?: number;
  /** How often a paused outbox checks whether the socket has drained. */
  pollMs?: number;
  /** How long a cut-off client gets to take its close frame before the socket is destroyed. */
  graceMs?: number;
  onCutOff?: (reason: string) => void;
}

export interface Outbox {
  send(text: string): void;
  /** Bytes this connection holds in the host: waiting here plus buffered in the socket. */
  heldBytes(): number;
  /** True once the client has been cut off for not reading. */
  cutOff(): boolean;
  dispose(): void;
}

export const OUTBOX_SOFT_BYTES = 1024 * 1024;
export const OUTBOX_HARD_BYTES = 16 * 1024 * 1024;
export const SLOW_CLIENT_CLOSE_CODE = 1008;
export const SLOW_CLIENT_REASON = 'This page stopped reading from Kindred; reload it to reconnect.';

export function createOutbox(socket: OutboxSocket, options: OutboxOptions = {}): Outbox {
  const soft = options.softBytes ?? OUTBOX_SOFT_BYTES;
  const hard = options.hardBytes ?? OUTBOX_HARD_BYTES;
  const pollMs = options.pollMs ?? 20;
  const graceMs = options.graceMs ?? 1000;
  const queue: string[] = [];
  let queued = 0;
  let cut = false;
  let poll: ReturnType<typeof setInterval> | undefined;
  let kill: ReturnType<typeof setTimeout> | undefined;

  const stopPolling = (): void => {
    clearInterval(poll);
    poll = undefined;
  };
  const release = (): void => {
    while (queue.length > 0 && socket.bufferedAmount < soft) {
      const next = queue.shift() as string;
      queued -= next.length;
      socket.send(next);
    }
    if (queue.length === 0) stopPolling();
  };
  const cutOff = (): void => {
    cut = true;
    queue.length = 0;
    queued = 0;
    stopPolling();
    options.onCutOff?.(SLOW_CLIENT_REASON);
    socket.close(SLOW_CLIENT_CLOSE_CODE, SLOW_CLIENT_REASON);
    // A client that does not read will not read the close frame either: free its buffers.
    kill = setTimeout(() => socket.terminate(), graceMs);
    kill.unref?.();
  };

  return {
    send(text) {
      if (cut) return;
      if (queue.length === 0 && socket.bufferedAmount < soft) {
        socket.send(text);
        return;
      }
      if (queue.length > 0 && socket.bufferedAmount + queued + text.length > hard) {
        cutOff();
        return;
      }
      queue.push(text);
      queued += text.length;
      poll ??= setInterval(release, pollMs);
    },
    heldBytes: () => queued + socket.bufferedAmount,
    cutOff: () => cut,
    dispose() {
      stopPolling();
      clearTimeout(kill);
      queue.length = 0;
      queued = 0;
    },
  };
}
