import type { SerializedHostError } from './errors';

/**
 * What the Electron preload exposes as `window.kindred`. Typed here (not in electron/) so the
 * renderer can describe the bridge without importing anything from Electron.
 *
 * The bridge carries untyped method names and params on purpose: the main process validates
 * both (createHostRouter), and the renderer gets its typed API from `createIpcHostClient`.
 */

/** IPC channel for renderer → main requests (`ipcRenderer.invoke` / `ipcMain.handle`). */
export const BRIDGE_REQUEST_CHANNEL = 'kindred:request';
/** IPC channel for main → renderer events (`webContents.send(channel, name, payload)`). */
export const BRIDGE_EVENT_CHANNEL = 'kindred:event';

/**
 * Every request resolves to an envelope instead of rejecting: a rejected `ipcMain.handle`
 * reaches the renderer as a plain Error whose message is prefixed and whose custom fields
 * (our `code`) are dropped, so failures are returned as data.
 */
export type BridgeResult = { ok: true; result: unknown } | { ok: false; error: SerializedHostError };

export interface KindredBridge {
  request(method: string, params: unknown): Promise<BridgeResult>;
  /** Listens to one host event by name; returns the unsubscribe function. */
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}
