import type { KindredBridge } from '../../shared/host/bridge';
import type { HostClient, HostEventName, HostEvents, HostMethod, ParamsOf, ResultOf } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';

/**
 * The typed HostClient when the renderer runs inside Electron: requests go over the preload's
 * `window.kindred` bridge, error envelopes become HostErrors with their code intact.
 */
export function createIpcHostClient(bridge: KindredBridge): HostClient {
  return {
    async request<M extends HostMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      let reply: Awaited<ReturnType<KindredBridge['request']>>;
      try {
        reply = await bridge.request(method, params);
      } catch (err) {
        // The preload never rejects on purpose; anything here is a broken bridge.
        throw HostError.from(err);
      }
      if (reply.ok) return reply.result as ResultOf<M>;
      throw HostError.from(reply.error);
    },
    subscribe<E extends HostEventName>(event: E, listener: (payload: HostEvents[E]) => void): () => void {
      return bridge.subscribe(event, (payload) => listener(payload as HostEvents[E]));
    },
  };
}

/**
 * The bridge the Electron preload exposed, or null in a plain browser (web host). Read from
 * globalThis rather than a `Window` augmentation so no global type is declared twice.
 */
export function getKindredBridge(): KindredBridge | null {
  const candidate = (globalThis as { kindred?: unknown }).kindred;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const b = candidate as Partial<KindredBridge>;
  return typeof b.request === 'function' && typeof b.subscribe === 'function' ? (b as KindredBridge) : null;
}
