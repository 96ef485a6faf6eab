import { safeStorage } from 'electron';
import type { SeedWrap } from '../services/sync/trust';

/**
 * The OS keychain (Keychain on macOS, DPAPI on Windows, libsecret/KWallet on Linux) as a wrap
 * for the device's identity key. Null where there is no real keychain: on Linux Electron may
 * fall back to a hard-coded key ("basic_text"), which protects nothing, so the key then stays a
 * plain 0600 file and the README says so. Only valid after `app` is ready.
 */
export function keychainWrap(): SeedWrap | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') return null;
  }
  return {
    encrypt: async (bytes) => new Uint8Array(safeStorage.encryptString(Buffer.from(bytes).toString('base64'))),
    decrypt: async (bytes) => new Uint8Array(Buffer.from(safeStorage.decryptString(Buffer.from(bytes)), 'base64')),
  };
}
