import type { HostClient, HostEventName, HostEvents, HostMethod, ParamsOf, ResultOf } from './contract';
import { HOST_PROTOCOL_VERSION } from './contract';
import { HostError } from './errors';
import type { HostTransport, TransportClosed } from './transport';

/**
 * A typed client over any message transport (WebSocket, in-memory pair). Requests wait
 * until the host has welcomed this client; a version mismatch rejects every request.
 * When the transport closes, pending and later requests reject with `unavailable` rather
 * than hanging forever (a page whose host has stopped must be able to say so).
 */
export function createTransportClient(transport: HostTransport): HostClient & { ready: Promise<string> } {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: HostError) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let settleReady: { resolve: (id: string) => void; reject: (e: HostError) => void } | undefined;
  const ready = new Promise<string>((resolve, reject) => (settleReady = { resolve, reject }));
  ready.catch(() => undefined);
  let closedError: HostError | undefined;

  transport.onMessage((message) => {
    switch (message.type) {
      case 'welcome':
        if (message.protocolVersion !== HOST_PROTOCOL_VERSION) {
          settleReady?.reject(
            new HostError(
              'version_mismatch',
              `Host speaks protocol ${message.protocolVersion}, this window speaks ${HOST_PROTOCOL_VERSION}. Reload the window.`,
            ),
          );
        } else settleReady?.resolve(message.clientId);
        return;
      case 'response': {
        const call = pending.get(message.id);
        if (!call) return;
        pending.delete(message.id);
        if (message.ok) call.resolve(message.result);
        else call.reject(HostError.from(message.error));
        return;
      }
      case 'event':
        listeners.get(message.name)?.forEach((l) => l(message.payload));
        return;
      default:
        return;
    }
  });
  transport.onClose?.((info) => {
    closedError = connectionLostError(info);
    // Rejecting an already-resolved `ready` is a no-op, so this only affects a connect that never finished.
    settleReady?.reject(closedError);
    for (const call of pending.values()) call.reject(closedError);
    pending.clear();
  });
  transport.send({ type: 'hello', protocolVersion: HOST_PROTOCOL_VERSION });

  return {
    ready,
    async request<M extends HostMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      if (closedError) throw closedError;
      await ready;
      if (closedError) throw closedError;
      const id = nextId++;
      return new Promise<ResultOf<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        transport.send({ type: 'request', id, method, params });
      });
    },
    subscribe<E extends HostEventName>(event: E, listener: (payload: HostEvents[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}

function connectionLostError(info: TransportClosed): HostError {
  if (!info.wasOpen) {
    return new HostError(
      'unavailable',
      'Could not connect to the Kindred host. Check that it is still running, and open the link it printed again.',
    );
  }
  const why = info.reason ? ` (${info.reason})` : '';
  return new HostError(
    'unavailable',
    `The connection to the Kindred host was lost${why}. Check that it is still running, then reload this page.`,
  );
}
