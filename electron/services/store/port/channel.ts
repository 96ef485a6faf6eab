import type { MessagePortLike } from './rpc';

/**
 * Several RPC services on one process port (the store and the derived index both live in the
 * store process): each gets a named channel, and sees only its own messages.
 */
export function channelPort(port: MessagePortLike, channel: string): MessagePortLike {
  return {
    postMessage: (msg) => port.postMessage({ ch: channel, m: msg }),
    onMessage: (cb) =>
      port.onMessage((msg) => {
        if (typeof msg === 'object' && msg !== null && (msg as { ch?: unknown }).ch === channel) cb((msg as { m: unknown }).m);
      }),
    ...(port.onClose ? { onClose: (cb: () => void) => port.onClose!(cb) } : {}),
  };
}
