import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { BRIDGE_EVENT_CHANNEL, BRIDGE_REQUEST_CHANNEL } from '../../shared/host/bridge';
import type { BridgeResult } from '../../shared/host/bridge';
import type { HostEventName, HostEvents } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import type { HostRouter } from '../../shared/host/router';
import { checkSender } from '../services/trust';
import type { SenderInfo } from '../services/trust';

export interface HostIpcOptions {
  allowedOrigins: readonly string[];
  /** True when the webContents belongs to a window this app created. */
  isAppWebContents(contents: WebContents): boolean;
}

/**
 * The one IPC channel. Every call is checked (sender, then method and params in the router)
 * and answered with an envelope, never a rejection, so the error code survives the trip.
 */
export function registerHostIpc(router: HostRouter, options: HostIpcOptions): void {
  ipcMain.handle(
    BRIDGE_REQUEST_CHANNEL,
    async (event: IpcMainInvokeEvent, method: unknown, params: unknown): Promise<BridgeResult> => {
      const refusal = checkSender(describeSender(event, options), options.allowedOrigins);
      if (refusal) return { ok: false, error: refusal.toJSON() };
      try {
        const result = await router.handle(method, params, { clientId: clientIdOf(event.sender) });
        return { ok: true, result: result ?? null };
      } catch (err) {
        const error = HostError.from(err);
        if (error.code === 'internal') console.error(`kindred: request "${String(method)}" failed`, err);
        return { ok: false, error: error.toJSON() };
      }
    },
  );
}

function describeSender(event: IpcMainInvokeEvent, options: HostIpcOptions): SenderInfo {
  try {
    const frame = event.senderFrame;
    return {
      frameUrl: frame ? frame.url : null,
      isMainFrame: frame !== null && frame.parent === null,
      isOurWindow: options.isAppWebContents(event.sender),
    };
  } catch {
    // Reading a disposed frame throws; such a sender is not trusted.
    return { frameUrl: null, isMainFrame: false, isOurWindow: false };
  }
}

/** Handlers address windows by this id (CallContext.clientId). */
export function clientIdOf(contents: WebContents): string {
  return String(contents.id);
}

/** Typed `kindred:event` push; a window that is gone is skipped, not an error. */
export function sendHostEvent<E extends HostEventName>(contents: WebContents, name: E, payload: HostEvents[E]): void {
  if (contents.isDestroyed()) return;
  contents.send(BRIDGE_EVENT_CHANNEL, name, payload);
}
