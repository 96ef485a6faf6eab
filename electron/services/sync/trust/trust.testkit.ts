/** Helpers for the trust layer's tests: temp folders, real identities, an in-memory log store. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateIdentity, type DeviceIdentity } from './identity';
import { createMembership, type Membership, type MembershipStore } from './membership';

export async function withTempDirs(): Promise<{ make(): Promise<string>; cleanup(): Promise<void> }> {
  const dirs: string[] = [];
  return {
    async make() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'kindred-trust-'));
      dirs.push(dir);
      return dir;
    },
    async cleanup() {
      await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

/** The persistence interface backed by an array (what store.space('sync') gives in the app). */
export function memoryLogStore(initial: Uint8Array[] = []): MembershipStore & { saved: Uint8Array[] } {
  const saved = initial.map((entry) => Uint8Array.from(entry));
  return {
    saved,
    load: async () => saved.map((entry) => Uint8Array.from(entry)),
    append: async (entries) => {
      saved.push(...entries.map((entry) => Uint8Array.from(entry)));
    },
    replace: async (entries) => {
      saved.splice(0, saved.length, ...entries.map((entry) => Uint8Array.from(entry)));
    },
  };
}

export interface TestDevice {
  identity: DeviceIdentity;
  membership: Membership;
  store: ReturnType<typeof memoryLogStore>;
}

export async function makeDevice(dir: string): Promise<TestDevice> {
  const identity = await loadOrCreateIdentity(dir);
  const store = memoryLogStore();
  return { identity, store, membership: await createMembership(store, identity) };
}
