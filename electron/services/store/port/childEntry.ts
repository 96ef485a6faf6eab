/**
 * Running the store in its own process. `runStoreChild(port, dataDir)` opens the LevelDB store in
 * this process and serves it on `port`; the parent connects with `connectStoreOverPort`.
 *
 * Ports:
 * - plain Node (child_process.fork with `serialization: 'advanced'`, so Uint8Array stays a
 *   Uint8Array): `processPort()` in the child, `childProcessPort(child)` in the parent.
 * - Electron utilityProcess: in the child, `process.parentPort` maps onto the same interface as
 *   `{ postMessage: (m) => parentPort.postMessage(m), onMessage: (cb) => { const h = (e) => cb(e.data);
 *   parentPort.on('message', h); return () => parentPort.off('message', h); } }`; in main, the
 *   UtilityProcess object is `{ postMessage: (m) => child.postMessage(m), onMessage: (cb) =>
 *   { child.on('message', cb); return () => child.off('message', cb); }, onClose: (cb) =>
 *   { child.once('exit', cb); … } }`. Both structured-clone messages. (Wired by electron/main.)
 */
import type { ChildProcess } from 'node:child_process';
import { openLevelStore, type LevelStoreOptions } from '../index';
import type { JournalStore } from '../types';
import type { MessagePortLike } from './rpc';
import { serveStoreOverPort } from './storeOverPort';

export interface StoreChild {
  /** Resolves to the open store (rejects if it could not be opened; callers were told already). */
  store: Promise<JournalStore>;
  /** Stops serving and closes the store. */
  stop(): Promise<void>;
}

/**
 * Opens the store at `dataDir` and serves it on `port`. Calls that arrive while it opens wait; if
 * opening fails they are answered with that StoreError (e.g. read_only), so the parent can show it.
 * When the port closes (the parent went away) the store is closed cleanly.
 */
export function runStoreChild(port: MessagePortLike, dataDir: string, options: LevelStoreOptions = {}): StoreChild {
  const store = openLevelStore(dataDir, options);
  const stopServing = serveStoreOverPort(port, store);
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      stopServing();
      const s = await store.catch(() => null);
      await s?.close().catch(() => undefined);
    })();
    return stopping;
  };
  port.onClose?.(() => void stop());
  return { store, stop };
}

/** The child's side of a fork IPC channel (`process.send` / `process.on('message')`). */
export function processPort(proc: NodeJS.Process = process): MessagePortLike {
  if (typeof proc.send !== 'function') throw new Error('This process has no IPC channel (start it with child_process.fork).');
  return {
    postMessage: (msg) => {
      proc.send?.(msg);
    },
    onMessage: (cb) => {
      const h = (m: unknown): void => cb(m);
      proc.on('message', h);
      return () => proc.off('message', h);
    },
    onClose: (cb) => {
      proc.once('disconnect', cb);
      return () => proc.off('disconnect', cb);
    },
  };
}

/** The parent's side of a forked child's IPC channel. */
export function childProcessPort(child: ChildProcess): MessagePortLike {
  return {
    postMessage: (msg) => {
      if (!child.connected) throw new Error('the store process has exited');
      child.send(msg as Parameters<ChildProcess['send']>[0]);
    },
    onMessage: (cb) => {
      const h = (m: unknown): void => cb(m);
      child.on('message', h);
      return () => child.off('message', h);
    },
    onClose: (cb) => {
      const h = (): void => cb();
      child.once('exit', h);
      child.once('disconnect', h);
      return () => {
        child.off('exit', h);
        child.off('disconnect', h);
      };
    },
  };
}
