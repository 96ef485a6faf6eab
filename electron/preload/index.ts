import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { BRIDGE_EVENT_CHANNEL, BRIDGE_REQUEST_CHANNEL } from '../../shared/host/bridge';
import type { BridgeResult, KindredBridge } from '../../shared/host/bridge';

/**
 * Sandboxed preload: the only thing the page gets is `window.kindred` with two functions on the
 * two `kindred:` channels. Nothing from ipcRenderer (nor the IPC event object, whose `sender`
 * is ipcRenderer itself) ever reaches page code. Only 'electron' may be imported here: a
 * sandboxed preload has no Node `require` for anything else.
 */

function failure(code: 'bad_request' | 'internal', message: string): BridgeResult {
  return { ok: false, error: { code, message } };
}

/** Main's reply is trusted, but a missing handler or a serialisation error must not throw raw. */
function isBridgeResult(value: unknown): value is BridgeResult {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

// One IPC listener fans out to page listeners by event name: no per-subscription ipcRenderer
// listeners (MaxListeners warnings) and no way for the page to remove someone else's listener.
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(BRIDGE_EVENT_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of [...(listeners.get(name) ?? [])]) {
    try {
      listener(payload);
    } catch (err) {
      // One failing page listener must not starve the others.
      console.error(`kindred: listener for "${name}" threw`, err);
    }
  }
});

const bridge: KindredBridge = {
  async request(method: string, params: unknown): Promise<BridgeResult> {
    if (typeof method !== 'string' || method.length === 0 || method.length > 200) {
      return failure('bad_request', 'The request name must be a non-empty string.');
    }
    try {
      const reply: unknown = await ipcRenderer.invoke(BRIDGE_REQUEST_CHANNEL, method, params);
      return isBridgeResult(reply) ? reply : failure('internal', 'The host sent a malformed reply.');
    } catch (err) {
      // e.g. params that cannot be structured-cloned, or no handler registered yet.
      return failure('internal', err instanceof Error ? err.message : String(err));
    }
  },
  subscribe(event: string, listener: (payload: unknown) => void): () => void {
    if (typeof event !== 'string' || typeof listener !== 'function') {
      throw new TypeError('subscribe(event: string, listener: function)');
    }
    // Wrap so each subscription is distinct even if the same function subscribes twice.
    const wrapped = (payload: unknown): void => listener(payload);
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
      if (set.size === 0 && listeners.get(event) === set) listeners.delete(event);
    };
  },
};

contextBridge.exposeInMainWorld('kindred', bridge);
