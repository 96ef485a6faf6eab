import { createHostHandlers } from '../../electron/host/handlers';
import type { HostEventName, HostEvents } from './contract';
import { createTransportClient } from './client';
import { describeHostContract, type ConnectedClient, type ContractHarness, type Recorder } from './contractSuite.testkit';
import { createHostRouter } from './router';
import { serveConnection, type ServedConnection } from './server';
import { createInMemoryPair, type InMemoryTransport } from './transport';

// The WebSocket run of the same suite lives in electron/webhost/server.test.ts (it needs node:*).

async function inMemoryHost(recorder: Recorder): Promise<ContractHarness> {
  const router = createHostRouter(
    createHostHandlers({
      appInfo: { name: 'Kindred', version: '0.0.0-test', platform: 'test', host: 'electron' },
      openExternal: recorder.openExternal,
      showNotification: recorder.showNotification,
      windowReadyToClose: recorder.windowReadyToClose,
    }),
  );
  const connections: { served: ServedConnection; transport: InMemoryTransport }[] = [];
  const connect = async (): Promise<ConnectedClient> => {
    const [clientSide, hostSide] = createInMemoryPair();
    const served = serveConnection(router, hostSide, `window-${connections.length + 1}`);
    connections.push({ served, transport: hostSide });
    return createTransportClient(clientSide);
  };
  const drop = async (): Promise<void> => connections.forEach(({ transport }) => transport.close(1006, ''));
  return {
    kind: 'electron',
    delivery: 'native',
    client: await connect(),
    connect,
    emitToAll<E extends HostEventName>(event: E, payload: HostEvents[E]) {
      connections.forEach(({ served }) => served.emit(event, payload));
    },
    drop,
    dispose: drop,
  };
}

describeHostContract('an in-memory pair', inMemoryHost);
