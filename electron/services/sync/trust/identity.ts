/**
 * This device's long-term identity: an Ed25519 key whose 32-byte seed lives in
 * `<dir>/identity.key` (mode 0600, written atomically, optionally wrapped by Electron's
 * safeStorage through the `wrap` hook). The seed never leaves this module except through that
 * hook; everything else gets a DeviceIdentity that can sign and derive network keys.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import NoiseSecretStream from '@hyperswarm/secret-stream';
import { ed25519 } from '@noble/curves/ed25519.js';
import type { NoiseKeyPair, PublicKey } from '../types';
import { base32Encode, concatBytes, hash, toHex, utf8 } from './bytes';

export const IDENTITY_FILE = 'identity.key';

export interface SeedWrap {
  encrypt(bytes: Uint8Array): Promise<Uint8Array>;
  decrypt(bytes: Uint8Array): Promise<Uint8Array>;
}

export interface DeviceIdentity {
  /** 32 lowercase hex chars: the first 16 bytes of BLAKE2b-256(identityKey). */
  readonly deviceId: string;
  readonly identityKey: PublicKey;
  /** "ABCD-EFGH", to compare by eye. */
  readonly fingerprint: string;
  sign(message: Uint8Array): Uint8Array;
  /** The Noise key pair of this device for `epoch`, derived from the seed (nothing stored). */
  networkKeyPair(epoch: number): NoiseKeyPair;
}

export class IdentityFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file} is not a usable Kindred identity file (${detail}). It was left as it is.`);
    this.name = 'IdentityFileError';
  }
}

interface IdentityFile {
  version: 1;
  wrapped: boolean;
  /** base64 of the seed, or of the wrapped seed when `wrapped`. */
  seed: string;
}

export function deviceIdOf(identityKey: PublicKey): string {
  return toHex(hash(identityKey, 32).subarray(0, 16));
}

export function fingerprintOf(identityKey: PublicKey): string {
  const chars = base32Encode(hash(identityKey, 32)).slice(0, 8);
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

function identityFrom(seed: Uint8Array): DeviceIdentity {
  const secret = Uint8Array.from(seed); // our own copy: callers can't mutate or read it
  const identityKey = ed25519.getPublicKey(secret);
  return {
    deviceId: deviceIdOf(identityKey),
    identityKey,
    fingerprint: fingerprintOf(identityKey),
    sign: (message) => ed25519.sign(message, secret),
    networkKeyPair(epoch) {
      if (!Number.isInteger(epoch) || epoch < 0 || epoch > 0xffffffff) throw new RangeError(`Bad epoch ${epoch}.`);
      const epochBytes = new Uint8Array(4);
      new DataView(epochBytes.buffer).setUint32(0, epoch);
      const noiseSeed = hash(concatBytes(secret, utf8('kindred-net'), epochBytes), 32);
      const pair = NoiseSecretStream.keyPair(noiseSeed);
      return { publicKey: new Uint8Array(pair.publicKey), secretKey: new Uint8Array(pair.secretKey) };
    },
  };
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

async function readIdentityFile(file: string): Promise<IdentityFile | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
  try {
    // Tighten a file someone loosened (a copy, a restore from backup): only we may read the key.
    const stat = await handle.stat();
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) await handle.chmod(0o600);
    if (stat.size > 4096) throw new IdentityFileError(file, 'it is too large');
    const text = await handle.readFile('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new IdentityFileError(file, 'it is not JSON');
    }
    const record = parsed as Partial<IdentityFile> | null;
    if (!record || typeof record !== 'object' || record.version !== 1) throw new IdentityFileError(file, 'unknown version');
    if (typeof record.wrapped !== 'boolean') throw new IdentityFileError(file, '"wrapped" is missing');
    if (typeof record.seed !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(record.seed)) {
      throw new IdentityFileError(file, '"seed" is missing or not base64');
    }
    return { version: 1, wrapped: record.wrapped, seed: record.seed };
  } finally {
    await handle.close();
  }
}

/**
 * Writes to a temporary file (0600 from creation), syncs it, then links it into place: the link
 * fails if the file appeared meanwhile (two first runs racing), so an identity is never replaced.
 * Returns false when another writer won.
 */
async function writeIdentityFile(file: string, record: IdentityFile): Promise<boolean> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(record), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(temp, file);
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    // No hard links on this filesystem: an exclusive rename is not available, rename is atomic.
    if (!isErrno(error, 'EPERM') && !isErrno(error, 'ENOTSUP') && !isErrno(error, 'EXDEV')) throw error;
    await fs.rename(temp, file);
  } finally {
    await fs.rm(temp, { force: true });
  }
  try {
    const dirHandle = await fs.open(path.dirname(file), 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  } catch {
    // Directories can't be opened for sync on some platforms (Windows); the file stands.
  }
  return true;
}

async function seedFromRecord(file: string, record: IdentityFile, wrap: SeedWrap | undefined): Promise<Uint8Array> {
  const stored = new Uint8Array(Buffer.from(record.seed, 'base64'));
  let seed: Uint8Array;
  if (record.wrapped) {
    if (!wrap) throw new IdentityFileError(file, 'it is wrapped by the system keychain, which is not available here');
    try {
      seed = await wrap.decrypt(stored);
    } catch (error) {
      throw new IdentityFileError(file, `the system keychain could not unwrap it: ${(error as Error).message}`);
    }
  } else {
    seed = stored;
  }
  if (seed.length !== 32) throw new IdentityFileError(file, `the seed has ${seed.length} bytes instead of 32`);
  return seed;
}

/** The identity stored in `dir`, or null when there is none yet. */
export async function loadIdentity(dir: string, wrap?: SeedWrap): Promise<DeviceIdentity | null> {
  const file = path.join(dir, IDENTITY_FILE);
  const record = await readIdentityFile(file);
  if (!record) return null;
  return identityFrom(await seedFromRecord(file, record, wrap));
}

/** Loads the identity in `dir`, creating it on first use. A malformed file is an error, never replaced. */
export async function loadOrCreateIdentity(dir: string, wrap?: SeedWrap): Promise<DeviceIdentity> {
  const existing = await loadIdentity(dir, wrap);
  if (existing) return existing;
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const seed = new Uint8Array(randomBytes(32));
  const stored = wrap ? await wrap.encrypt(seed) : seed;
  const record: IdentityFile = { version: 1, wrapped: Boolean(wrap), seed: Buffer.from(stored).toString('base64') };
  const file = path.join(dir, IDENTITY_FILE);
  if (await writeIdentityFile(file, record)) return identityFrom(seed);
  // Another first run created it meanwhile: use theirs.
  const winner = await loadIdentity(dir, wrap);
  if (!winner) throw new IdentityFileError(file, 'it vanished while being created');
  return winner;
}
