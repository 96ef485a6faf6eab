import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeResult, KindredBridge } from '../../shared/host/bridge';
import { HostError } from '../../shared/host/errors';
import { createIpcHostClient, getKindredBridge } from './ipcHost';

function fakeBridge(reply: (method: string, params: unknown) => BridgeResult | Promise<BridgeResult>) {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const bridge: KindredBridge = {
    request: async (method, params) => reply(method, params),
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  return { bridge, emit };
}

describe('createIpcHostClient', () => {
  it('unwraps a successful envelope', async () => {
    const { bridge } = fakeBridge((method) => ({ ok: true, result: { echoed: method } }));
    const client = createIpcHostClient(bridge);
    await expect(client.request('app.info', {})).resolves.toEqual({ echoed: 'app.info' });
  });

  it('rejects with a HostError that keeps the code', async () => {
    const { bridge } = fakeBridge(() => ({ ok: false, error: { code: 'refused', message: 'no file: links' } }));
    const err = await createIpcHostClient(bridge)
      .request('shell.openExternal', { url: 'file:///x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect((err as HostError).code).toBe('refused');
    expect((err as HostError).message).toBe('no file: links');
  });

  it('turns a broken bridge into an internal HostError', async () => {
    const bridge: KindredBridge = {
      request: () => Promise.reject(new Error('boom')),
      subscribe: () => () => undefined,
    };
    await expect(createIpcHostClient(bridge).request('app.info', {})).rejects.toMatchObject({ code: 'internal' });
  });

  it('delivers events and unsubscribes', () => {
    const { bridge, emit } = fakeBridge(() => ({ ok: true, result: null }));
    const seen: unknown[] = [];
    const off = createIpcHostClient(bridge).subscribe('notification.clicked', (p) => seen.push(p));
    emit('notification.clicked', { tag: 'a' });
    off();
    emit('notification.clicked', { tag: 'b' });
    expect(seen).toEqual([{ tag: 'a' }]);
  });
});

describe('getKindredBridge', () => {
  afterEach(() => {
    delete (globalThis as { kindred?: unknown }).kindred;
  });

  it('is null outside Electron and when the global is not a bridge', () => {
    expect(getKindredBridge()).toBeNull();
    (globalThis as { kindred?: unknown }).kindred = { request: 1 };
    expect(getKindredBridge()).toBeNull();
  });

  it('returns the exposed bridge', () => {
    const { bridge } = fakeBridge(() => ({ ok: true, result: null }));
    (globalThis as { kindred?: unknown }).kindred = bridge;
    expect(getKindredBridge()).toBe(bridge);
  });
});
