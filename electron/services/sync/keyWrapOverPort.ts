import { connectOverPort, serveOverPort, type MessagePortLike } from '../store/port/rpc';
import type { SeedWrap } from './trust';

/**
 * The OS keychain across the journal process's port. In Electron the sync service (and the
 * device's identity key) lives in the store's utilityProcess, but only main can reach the
 * keychain (`safeStorage`). Main serves wrap/unwrap of the identity seed on the `keys` channel;
 * the journal process asks once at start whether a real keychain is there and, if so, hands the
 * sync service a wrap hook that calls main. The seed crosses the port only between these two
 * processes of the app, never to a window.
 */
type KeyWrapMethods = {
  available(): Promise<boolean>;
  encrypt(bytes: Uint8Array): Promise<Uint8Array>;
  decrypt(bytes: Uint8Array): Promise<Uint8Array>;
};

export function serveKeyWrapOverPort(port: MessagePortLike, wrap: SeedWrap | null): () => void {
  const unavailable = async (): Promise<never> => {
    throw new Error('No system keychain is available to this app.');
  };
  return serveOverPort<KeyWrapMethods, Record<string, never>>(
    port,
    {
      available: async () => wrap !== null,
      encrypt: wrap ? (bytes) => wrap.encrypt(bytes) : unavailable,
      decrypt: wrap ? (bytes) => wrap.decrypt(bytes) : unavailable,
    },
    {},
  );
}

/**
 * Null when main has no keychain to offer (or does not answer within `timeoutMs`, e.g. a host
 * that serves no `keys` channel): the identity key then stays a 0600 file, as documented.
 */
export async function connectKeyWrapOverPort(port: MessagePortLike, timeoutMs = 5_000): Promise<SeedWrap | null> {
  const rpc = connectOverPort<KeyWrapMethods, Record<string, never>>(port);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const available = await Promise.race([
    rpc.available().catch(() => false),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref?.();
    }),
  ]);
  clearTimeout(timer);
  if (!available) {
    rpc.$dispose('No keychain.');
    return null;
  }
  return { encrypt: (bytes) => rpc.encrypt(bytes), decrypt: (bytes) => rpc.decrypt(bytes) };
}
