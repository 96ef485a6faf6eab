import type { HostEventName, HostEvents } from './contract';
import { HOST_PROTOCOL_VERSION } from './contract';
import { HostError } from './errors';
import type { HostRouter } from './router';
import type { HostTransport } from './transport';

/**
 * Serves one client connection: answers `hello` with `welcome`, routes requests, and lets the
 * host push events. Used by the WebSocket host and by the in-memory contract tests.
 */
export interface ServedConnection {
  clientId: string;
  emit<E extends HostEventName>(event: E, payload: HostEvents[E]): void;
}

export function serveConnection(router: HostRouter, transport: HostTransport, clientId: string): ServedConnection {
  let greeted = false;
  transport.onMessage((message) => {
    if (message.type === 'hello') {
      greeted = message.protocolVersion === HOST_PROTOCOL_VERSION;
      transport.send({ type: 'welcome', protocolVersion: HOST_PROTOCOL_VERSION, clientId });
      return;
    }
    if (message.type !== 'request') return;
    const { id } = message;
    if (!greeted) {
      const error = new HostError('version_mismatch', 'Say hello with a matching protocol version first.');
      transport.send({ type: 'response', id, ok: false, error: error.toJSON() });
      return;
    }
    router.handle(message.method, message.params, { clientId }).then(
      (result) => transport.send({ type: 'response', id, ok: true, result: result ?? null }),
      (err: unknown) => transport.send({ type: 'response', id, ok: false, error: HostError.from(err).toJSON() }),
    );
  });
  return {
    clientId,
    emit(event, payload) {
      transport.send({ type: 'event', name: event, payload });
    },
  };
}
