import type { HostClient } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import { createIpcHostClient, getKindredBridge } from './ipcHost';
import { connectWebSocketHost, webSocketHostUrl } from './webSocketHost';

/**
 * The one place that picks how this window reaches its host: the Electron preload bridge
 * when present, else the Node web host's WebSocket with this launch's token.
 */
export interface ConnectedHost {
  client: HostClient;
  /** Shown to the user when host features (links, notifications) are unavailable. */
  problem: string | null;
}

const TOKEN_KEY = 'kindred.hostUrl';

export function connectHost(): ConnectedHost {
  const bridge = getKindredBridge();
  if (bridge) return { client: createIpcHostClient(bridge), problem: null };

  // The token arrives once in the link the web host printed; keep it for reloads and for other
  // tabs of this origin (a page's link opened in a new tab must reach the journal too: without a
  // host nothing can be saved), and take it out of the address bar (history, screenshots). A
  // token from an earlier launch is refused by the host and the window says so.
  let url = webSocketHostUrl(window.location.href);
  if (url) {
    localStorage.setItem(TOKEN_KEY, url);
    const clean = new URL(window.location.href);
    clean.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', clean.toString());
  } else url = localStorage.getItem(TOKEN_KEY);

  if (!url) {
    const message =
      'This window was not opened from the link `npm run web` printed, so opening links and notifications are off. Your journal works as usual.';
    return { client: unavailableHost(message), problem: message };
  }
  const client = connectWebSocketHost(url);
  return { client, problem: null };
}

function unavailableHost(message: string): HostClient {
  return {
    request: () => Promise.reject(new HostError('unavailable', message)),
    subscribe: () => () => undefined,
  };
}
