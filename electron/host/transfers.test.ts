import { afterEach, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../shared/host/base64';
import { HostError } from '../../shared/host/errors';
import { createTransferCache, type TransferCache } from './transfers';

const bytes = (n: number, seed = 1): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof HostError ? err.code : 'not a HostError';
  }
  return undefined;
};

describe('transfer cache', () => {
  let clock = 0;
  let cache: TransferCache;
  const make = (maxBytes = 1000) => (cache = createTransferCache({ partBytes: 100, maxBytes, ttlMs: 60_000, now: () => clock }));
  afterEach(() => cache.dispose());

  it('sends small replies whole, large ones as part 0 plus parts fetched by index, then frees them', () => {
    make();
    expect(cache.start('a', bytes(100)).transfer).toBeNull();
    const data = bytes(250);
    const { first, transfer } = cache.start('a', data);
    expect(transfer?.parts).toBe(3);
    const joined = [fromBase64(first), fromBase64(cache.part('a', transfer!.id, 1)), fromBase64(cache.part('a', transfer!.id, 2))];
    expect(Uint8Array.from(joined.flatMap((c) => [...c]))).toEqual(data);
    expect(cache.heldBytes()).toBe(0);
    expect(codeOf(() => cache.part('a', transfer!.id, 1))).toBe('bad_request');
  });

  it('refuses another client, an index out of range, and an expired transfer', () => {
    make();
    const { transfer } = cache.start('a', bytes(250));
    expect(codeOf(() => cache.part('b', transfer!.id, 1))).toBe('bad_request');
    expect(codeOf(() => cache.part('a', transfer!.id, 3))).toBe('bad_request');
    expect(codeOf(() => cache.part('a', transfer!.id, 0))).toBe('bad_request');
    clock += 59_000;
    expect(codeOf(() => cache.part('a', transfer!.id, 1))).toBeUndefined(); // fetching renews it
    clock += 60_000;
    expect(codeOf(() => cache.part('a', transfer!.id, 2))).toBe('bad_request');
    expect(cache.heldBytes()).toBe(0);
  });

  it('stays under its byte cap by dropping the oldest transfers, and forgets a client that went away', () => {
    make(600);
    const t1 = cache.start('a', bytes(250)).transfer!;
    const t2 = cache.start('b', bytes(250)).transfer!;
    const t3 = cache.start('a', bytes(250)).transfer!;
    expect(cache.heldBytes()).toBe(500);
    expect(codeOf(() => cache.part('a', t1.id, 1))).toBe('bad_request');
    expect(codeOf(() => cache.part('b', t2.id, 1))).toBeUndefined();
    cache.clientGone('a');
    expect(codeOf(() => cache.part('a', t3.id, 1))).toBe('bad_request');
    expect(cache.heldBytes()).toBe(250);
  });

  it('keeps its own copy of the bytes', () => {
    make();
    const data = bytes(250);
    const { transfer } = cache.start('a', data);
    data.fill(0);
    expect(fromBase64(cache.part('a', transfer!.id, 1))).toEqual(bytes(250).subarray(100, 200));
  });
});
