import { describe, expect, it } from 'vitest';
import { connectKeyWrapOverPort, serveKeyWrapOverPort } from './keyWrapOverPort';
import { memoryPortPair } from '../store/port/rpc';

/**
 * The keychain round trip between main and the journal process. The OS keychain itself is what
 * this machine does not have (Electron's safeStorage needs the app running with a desktop
 * session), so the wrap served here is a stand-in that reverses and tags the bytes — said here.
 */
const standIn = {
  encrypt: async (b: Uint8Array) => new Uint8Array([0x6b, ...[...b].reverse()]),
  decrypt: async (b: Uint8Array) => {
    if (b[0] !== 0x6b) throw new Error('not ours');
    return new Uint8Array([...b.subarray(1)].reverse());
  },
};

describe('the keychain across the journal port', () => {
  it('wraps and unwraps through main when main has a keychain', async () => {
    const [main, child] = memoryPortPair();
    serveKeyWrapOverPort(main, standIn);
    const wrap = await connectKeyWrapOverPort(child);
    expect(wrap).not.toBeNull();
    const seed = new Uint8Array([1, 2, 3, 4]);
    const wrapped = await wrap!.encrypt(seed);
    expect([...wrapped]).not.toEqual([...seed]);
    expect([...(await wrap!.decrypt(wrapped))]).toEqual([1, 2, 3, 4]);
    await expect(wrap!.decrypt(new Uint8Array([9, 9]))).rejects.toThrow(/not ours/);
  });

  it('is null when main has none, or when nobody answers', async () => {
    const [main, child] = memoryPortPair();
    serveKeyWrapOverPort(main, null);
    expect(await connectKeyWrapOverPort(child)).toBeNull();
    const [, lonely] = memoryPortPair();
    expect(await connectKeyWrapOverPort(lonely, 50)).toBeNull();
  });
});
