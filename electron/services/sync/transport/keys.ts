/**
 * Noise public keys as the transport handles them: 32 bytes on the wire, lower-case hex in
 * sets and logs, a short fingerprint in log lines (never the whole key twice per line).
 */
export const KEY_BYTES = 32;

const HEX_KEY = /^[0-9a-f]{64}$/;

export function toHex(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex');
}

/** Parses a 64-character hex key; throws a specific error for anything else. */
export function fromHex(hex: string): Buffer {
  if (typeof hex !== 'string' || !HEX_KEY.test(hex)) {
    throw new Error(`Not a device network key: expected 64 lower-case hex characters, got ${describe(hex)}.`);
  }
  return Buffer.from(hex, 'hex');
}

export function checkKey(key: Uint8Array, what: string): void {
  if (!(key instanceof Uint8Array) || key.byteLength !== KEY_BYTES) {
    throw new Error(`${what} must be ${KEY_BYTES} bytes, got ${key instanceof Uint8Array ? key.byteLength + ' bytes' : typeof key}.`);
  }
}

/** The first 8 hex characters: enough to tell a user's few devices apart in a log. */
export function fingerprint(hex: string): string {
  return hex.slice(0, 8);
}

/** -1 / 0 / 1 like Buffer.compare, on raw keys. */
export function compareKeys(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  return value.length > 20 ? `${value.length} characters` : JSON.stringify(value);
}
