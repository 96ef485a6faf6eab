import { join } from 'node:path';
import { utilityProcess } from 'electron';
import type { StoreProcessHandle } from '../host/storeSupervisor';
import type { MessagePortLike } from '../services/store/port/rpc';
import { DATA_DIR_FLAG } from '../storeProcess/parentPort';

/**
 * Forks the journal's store process (out/main/storeProcess.js, built from electron/storeProcess)
 * as an Electron utilityProcess, so a long write or import never stalls windows and IPC. The
 * supervisor (electron/host/storeSupervisor.ts) connects to it, restarts it and closes it.
 */
export function spawnStoreProcess(dataDir: string): StoreProcessHandle {
  const child = utilityProcess.fork(join(__dirname, 'storeProcess.js'), [`${DATA_DIR_FLAG}${dataDir}`], {
    serviceName: 'Kindred journal store',
    stdio: 'inherit',
  });
  // Messages posted before the process has started are held here, so none is lost at start-up.
  let spawned = false;
  const early: unknown[] = [];
  child.once('spawn', () => {
    spawned = true;
    for (const message of early.splice(0)) child.postMessage(message);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code: number) => resolve(code)));
  const port: MessagePortLike = {
    postMessage(message) {
      if (spawned) child.postMessage(message);
      else early.push(message);
    },
    onMessage(cb) {
      const listener = (message: unknown): void => cb(message);
      child.on('message', listener);
      return () => void child.off('message', listener);
    },
    onClose(cb) {
      const listener = (): void => cb();
      child.once('exit', listener);
      return () => void child.off('exit', listener);
    },
  };
  return { port, exited, kill: () => void child.kill() };
}
