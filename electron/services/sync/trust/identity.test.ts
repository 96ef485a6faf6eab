import { ed25519 } from '@noble/curves/ed25519.js';
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toHex } from './bytes';
import { deviceIdOf, fingerprintOf, IDENTITY_FILE, IdentityFileError, loadIdentity, loadOrCreateIdentity, type SeedWrap } from './identity';
import { withTempDirs } from './trust.testkit';

let temp: Awaited<ReturnType<typeof withTempDirs>>;
beforeEach(async () => {
  temp = await withTempDirs();
});
afterEach(async () => {
  await temp.cleanup();
});

const posix = process.platform !== 'win32';

describe('device identity', () => {
  it('creates a 0600 identity once and loads the same one afterwards', async () => {
    const dir = path.join(await temp.make(), 'sync-identity');
    expect(await loadIdentity(dir)).toBeNull();
    const created = await loadOrCreateIdentity(dir);
    const loaded = await loadOrCreateIdentity(dir);
    expect(toHex(loaded.identityKey)).toBe(toHex(created.identityKey));
    expect(created.deviceId).toMatch(/^[0-9a-f]{32}$/);
    expect(created.deviceId).toBe(deviceIdOf(created.identityKey));
    expect(created.fingerprint).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(created.fingerprint).toBe(fingerprintOf(created.identityKey));
    if (posix) expect((await stat(path.join(dir, IDENTITY_FILE))).mode & 0o777).toBe(0o600);
    // No temporary files are left behind by the atomic write.
    expect(await readdir(dir)).toEqual([IDENTITY_FILE]);
    const message = new TextEncoder().encode('hello');
    expect(ed25519.verify(created.sign(message), message, created.identityKey)).toBe(true);
  });

  it('derives one network key pair per epoch, stable across loads', async () => {
    const dir = await temp.make();
    const a = await loadOrCreateIdentity(dir);
    const b = await loadIdentity(dir);
    expect(toHex(a.networkKeyPair(0).publicKey)).toBe(toHex(b!.networkKeyPair(0).publicKey));
    expect(toHex(a.networkKeyPair(1).publicKey)).not.toBe(toHex(a.networkKeyPair(0).publicKey));
    expect(a.networkKeyPair(3).secretKey.length).toBe(64);
    expect(() => a.networkKeyPair(-1)).toThrow(RangeError);
  });

  it('two first runs racing end up with one identity', async () => {
    const dir = await temp.make();
    const [a, b, c] = await Promise.all([loadOrCreateIdentity(dir), loadOrCreateIdentity(dir), loadOrCreateIdentity(dir)]);
    expect(new Set([a, b, c].map((x) => x.deviceId)).size).toBe(1);
    expect(await readdir(dir)).toEqual([IDENTITY_FILE]);
  });

  it.runIf(posix)('tightens a loosened file mode on load', async () => {
    const dir = await temp.make();
    await loadOrCreateIdentity(dir);
    const file = path.join(dir, IDENTITY_FILE);
    await chmod(file, 0o644);
    await loadIdentity(dir);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('refuses a malformed file with a clear error and never overwrites it', async () => {
    const dir = await temp.make();
    const file = path.join(dir, IDENTITY_FILE);
    for (const content of ['not json', '{"version":2}', '{"version":1,"wrapped":false,"seed":"AAAA"}', '{"version":1,"wrapped":false}']) {
      await writeFile(file, content, { mode: 0o600 });
      await expect(loadOrCreateIdentity(dir)).rejects.toBeInstanceOf(IdentityFileError);
      await expect(loadIdentity(dir)).rejects.toThrow(/identity\.key is not a usable Kindred identity file .*left as it is/);
      expect(await readFile(file, 'utf8')).toBe(content);
    }
  });

  it('wraps the seed through the hook and records that it is wrapped', async () => {
    const dir = await temp.make();
    // Stands in for Electron's safeStorage, which this machine doesn't have: a reversible XOR.
    const calls = { encrypt: 0, decrypt: 0 };
    const wrap: SeedWrap = {
      encrypt: async (bytes) => (calls.encrypt++, Uint8Array.from([0x5a, ...bytes.map((b) => b ^ 0x5a)])),
      decrypt: async (bytes) => {
        calls.decrypt++;
        if (bytes[0] !== 0x5a) throw new Error('not ours');
        return Uint8Array.from(bytes.subarray(1).map((b) => b ^ 0x5a));
      },
    };
    const created = await loadOrCreateIdentity(dir, wrap);
    const record = JSON.parse(await readFile(path.join(dir, IDENTITY_FILE), 'utf8')) as { wrapped: boolean; seed: string };
    expect(record.wrapped).toBe(true);
    expect(Buffer.from(record.seed, 'base64').length).toBe(33);
    const loaded = await loadIdentity(dir, wrap);
    expect(loaded!.deviceId).toBe(created.deviceId);
    expect(calls).toEqual({ encrypt: 1, decrypt: 1 });
    await expect(loadIdentity(dir)).rejects.toThrow(/wrapped by the system keychain/);
    const failing: SeedWrap = { encrypt: wrap.encrypt, decrypt: async () => Promise.reject(new Error('keychain locked')) };
    await expect(loadIdentity(dir, failing)).rejects.toThrow(/keychain locked/);
  });
});
