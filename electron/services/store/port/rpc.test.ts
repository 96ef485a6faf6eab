import { describe, expect, it } from 'vitest';
import { connectOverPort, memoryPortPair, RpcError, serveOverPort } from './rpc';

type Methods = { add(a: number, b: number): Promise<number>; echo(b: Uint8Array): Promise<Uint8Array>; fail(): Promise<void> };
type Events = { tick: number };

describe('rpc over a port', () => {
  it('calls, keeps bytes, forwards errors with their code, subscribes on demand, ignores foreign messages', async () => {
    const [s, c] = memoryPortPair();
    const emitters = new Set<(n: number) => void>();
    let subscriptions = 0;
    serveOverPort<Methods, Events>(
      s,
      {
        add: async (a, b) => a + b,
        echo: async (b) => b,
        fail: async () => {
          throw Object.assign(new Error('nope'), { name: 'StoreError', code: 'disk_full' });
        },
      },
      {
        tick: (emit) => {
          subscriptions++;
          emitters.add(emit);
          return () => emitters.delete(emit);
        },
      },
    );
    const client = connectOverPort<Methods, Events>(c);
    s.postMessage({ some: 'other protocol' });
    expect(await client.add(2, 3)).toBe(5);
    const back = await client.echo(new Uint8Array([1, 2, 255]));
    expect(back).toBeInstanceOf(Uint8Array);
    expect(Array.from(back)).toEqual([1, 2, 255]);
    await expect(client.fail()).rejects.toMatchObject({ name: 'StoreError', code: 'disk_full', message: 'nope' });
    await expect((client as unknown as { nothing(): Promise<void> }).nothing()).rejects.toMatchObject({ code: 'unknown_method' });
    // Awaiting the client itself must not call a remote "then".
    expect(await Promise.resolve(client)).toBe(client);

    const got: number[] = [];
    const off = client.$on('tick', (n) => got.push(n));
    await expect.poll(() => emitters.size).toBe(1);
    for (const e of emitters) e(7);
    await expect.poll(() => got).toEqual([7]);
    off();
    await expect.poll(() => emitters.size).toBe(0);
    expect(subscriptions).toBe(1);

    const pending = client.add(1, 1);
    client.$dispose('bye');
    await expect(pending).rejects.toBeInstanceOf(RpcError);
    await expect(client.add(1, 1)).rejects.toMatchObject({ code: 'disconnected' });
  });
});
