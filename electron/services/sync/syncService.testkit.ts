/**
 * Devices for the sync service's tests: each a real LevelDB store in a temp folder, a real key
 * folder, and a real SyncService on a HyperDHT testnet bound to 127.0.0.1 (or the LAN path on
 * loopback). Nothing is mocked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createTestnet from 'hyperdht/testnet.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import * as Y from 'yjs';
import type { SyncStatusView } from '../../../shared/host/slices/sync';
import { openLevelStore } from '../store';
import type { JournalStore } from '../store/types';
import type { SyncService } from './service';
import { startSyncService, type SyncServiceOptions } from './syncService';

export type Testnet = Awaited<ReturnType<typeof createTestnet>>;

export async function startTestnet(): Promise<Testnet> {
  return createTestnet(3, { host: '127.0.0.1' });
}

export interface TestDevice {
  name: string;
  dir: string;
  store: JournalStore;
  sync: SyncService;
  log: string[];
  /** Stops sync and the store, and starts both again on the same folders. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  cleanup(): Promise<void>;
  /** Types `text` at the end of the doc's text, as one editor session (a fresh client id). */
  write(docId: string, text: string): Promise<void>;
  text(docId: string): Promise<string>;
  /** Resolves when the status satisfies `predicate` (checked now and on every change). */
  until(predicate: (status: SyncStatusView) => boolean, what: string, timeoutMs?: number): Promise<SyncStatusView>;
}

export type DeviceNetwork = Pick<SyncServiceOptions, 'bootstrap' | 'lan' | 'createDht'>;

export function onTestnet(testnet: Testnet): DeviceNetwork {
  return { bootstrap: testnet.bootstrap, createDht: () => testnet.createNode(), lan: false };
}

export async function startDevice(name: string, network: DeviceNetwork, extra: Partial<SyncServiceOptions> = {}): Promise<TestDevice> {
  const dir = await mkdtemp(join(tmpdir(), `kindred-sync-${name.toLowerCase()}-`));
  const log: string[] = [];
  let store = await openLevelStore(join(dir, 'journal'));
  const start = (s: JournalStore) =>
    startSyncService({
      ...network,
      store: s,
      keyDir: join(dir, 'keys'),
      defaultName: name,
      log: (line) => log.push(line),
      liveDebounceMs: 20,
      joinTimeoutMs: 4_000,
      ...extra,
    });
  let sync = await start(store);
  let stopped = false;
  const device: TestDevice = {
    name,
    dir,
    log,
    get store() {
      return store;
    },
    get sync() {
      return sync;
    },
    async restart() {
      await device.stop();
      store = await openLevelStore(join(dir, 'journal'));
      sync = await start(store);
      stopped = false;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await sync.close();
      await store.close();
    },
    async cleanup() {
      await device.stop();
      await rm(dir, { recursive: true, force: true });
    },
    async write(docId, text) {
      const doc = new Y.Doc();
      const stored = await store.getUpdate(docId);
      if (stored) Y.applyUpdate(doc, stored);
      const before = Y.encodeStateVector(doc);
      const t = doc.getText('t');
      t.insert(t.length, text);
      await store.applyUpdate(docId, Y.encodeStateAsUpdate(doc, before), 'test');
      doc.destroy();
    },
    async text(docId) {
      const stored = await store.getUpdate(docId);
      if (!stored) return '';
      const doc = new Y.Doc();
      Y.applyUpdate(doc, stored);
      const value = doc.getText('t').toString();
      doc.destroy();
      return value;
    },
    until(predicate, what, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (status: SyncStatusView): boolean => {
          if (!predicate(status)) return false;
          clearTimeout(timer);
          off();
          resolve(status);
          return true;
        };
        const timer = setTimeout(() => {
          off();
          reject(new Error(`${name}: timed out waiting for ${what}; status: ${JSON.stringify(sync.status())}\nlog:\n${log.join('\n')}`));
        }, timeoutMs);
        const off = sync.onStatus(check);
        check(sync.status());
      });
    },
  };
  return device;
}

/** Waits until `read()` returns `expected` (polled on the store's change events). */
export function storeUntil(device: TestDevice, read: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      off();
      if (err) reject(err);
      else resolve();
    };
    const check = (): void => {
      void read().then((ok) => ok && finish(), () => undefined);
    };
    const timer = setTimeout(() => finish(new Error(`${device.name}: timed out waiting for ${what}\nlog:\n${device.log.join('\n')}`)), timeoutMs);
    const off = device.store.onChange(check);
    check();
  });
}

/** A invites, B joins with the invite text; resolves when both list each other. */
export async function pair(a: TestDevice, b: TestDevice, via: 'invite' | 'short' = 'invite'): Promise<void> {
  const view = await a.sync.createPairing();
  const code = via === 'invite' ? view.invite : view.shortCode!;
  await b.sync.joinPairing(code);
  const bId = b.sync.status().thisDevice.deviceId;
  await a.until((s) => s.devices.some((d) => d.deviceId === bId), `${b.name} listed`);
}

/**
 * One loopback testnet for a test file, and devices on it that are cleaned up after each test:
 * `const { device, testnet } = useTestnetDevices();` at the top of a test file.
 */
export function useTestnetDevices(): {
  device(name: string, extra?: Partial<SyncServiceOptions>): Promise<TestDevice>;
  testnet(): Testnet;
} {
  let net: Testnet | undefined;
  const started: TestDevice[] = [];
  beforeAll(async () => {
    net = await startTestnet();
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((d) => d.cleanup()));
  });
  afterAll(async () => {
    await net?.destroy();
  });
  const testnet = (): Testnet => {
    if (!net) throw new Error('the testnet starts in beforeAll');
    return net;
  };
  return {
    testnet,
    async device(name, extra = {}) {
      const d = await startDevice(name, onTestnet(testnet()), extra);
      started.push(d);
      return d;
    },
  };
}
