import { createHostHandlers } from '../../electron/host/handlers';
import { openMemoryStore } from '../../electron/services/store';
import type { HostEventName, HostEvents } from './contract';
import { createTransportClient } from './client';
import { describeHostContract, type ConnectedClient, type ContractHarness, type Recorder } from './contractSuite.testkit';
import { createHostRouter } from './router';
import { serveConnection, type ServedConnection } from './server';
import { createInMemoryPair, type InMemoryTransport } from './transport';

// The WebSocket run of the same suite lives in electron/webhost/server.test.ts (it needs node:*).

async function inMemoryHost(recorder: Recorder): Promise<ContractHarness> {
  const store = await openMemoryStore();
  const connections = new Map<string, { served: ServedConnection; transport: InMemoryTransport }>();
  const host = createHostHandlers({
    appInfo: { name: 'Kindred', version: '0.0.0-test', platform: 'test', host: 'electron' },
    openExternal: recorder.openExternal,
    showNotification: recorder.showNotification,
    windowReadyToClose: recorder.windowReadyToClose,
    store,
    derived: null,
    log: () => undefined,
    emitTo<E extends HostEventName>(clientId: string, event: E, payload: HostEvents[E]) {
      connections.get(clientId)?.served.emit(event, payload);
    },
    emitAll<E extends HostEventName>(event: E, payload: HostEvents[E]) {
      connections.forEach(({ served }) => served.emit(event, payload));
    },
  });
  const router = createHostRouter(host.handlers);
  let next = 1;
  const connect = async (): Promise<ConnectedClient> => {
    const [clientSide, hostSide] = createInMemoryPair();
    const clientId = `window-${next++}`;
    const served = serveConnection(router, hostSide, clientId);
    connections.set(clientId, { served, transport: hostSide });
    // As a window closing does in Electron: the handlers forget this client.
    hostSide.onClose(() => {
      connections.delete(clientId);
      host.clientGone(clientId);
    });
    return createTransportClient(clientSide);
  };
  const drop = async (): Promise<void> => connections.forEach(({ transport }) => transport.close(1006, ''));
  return {
    kind: 'electron',
    delivery: 'native',
    store,
    client: await connect(),
    connect,
    emitToAll<E extends HostEventName>(event: E, payload: HostEvents[E]) {
      connections.forEach(({ served }) => served.emit(event, payload));
    },
    drop,
    async dispose() {
      await drop();
      host.dispose();
      await store.close();
    },
  };
}

describeHostContract('an in-memory pair', inMemoryHost);
