import type { MessagePortLike } from '../services/store/port/rpc';

/**
 * Electron's utilityProcess gives the child `process.parentPort` (a global, so this folder never
 * imports 'electron'): `postMessage(value)` and 'message' events carrying `{ data }`. This maps
 * it onto the store's port interface.
 */
export interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  off(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

export function parentPortAdapter(parentPort: ParentPortLike): MessagePortLike {
  return {
    postMessage: (message) => parentPort.postMessage(message),
    onMessage(cb) {
      const listener = (event: { data: unknown }): void => cb(event.data);
      parentPort.on('message', listener);
      return () => void parentPort.off('message', listener);
    },
  };
}

export const DATA_DIR_FLAG = '--kindred-data=';

/** The child's data folder, passed by main as `--kindred-data=<dir>` (argv positions vary by launcher). */
export function dataDirFromArgv(argv: readonly string[]): string | null {
  const dir = argv.find((a) => a.startsWith(DATA_DIR_FLAG))?.slice(DATA_DIR_FLAG.length);
  return dir ? dir : null;
}
