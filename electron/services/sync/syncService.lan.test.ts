import { afterEach, describe, expect, it } from 'vitest';
import { pair, startDevice, storeUntil, type TestDevice } from './syncService.testkit';

/**
 * A network without internet: no DHT bootstrap at all (an empty list), so the devices can only
 * find each other by multicast DNS on the LAN (here: loopback, real multicast on a private
 * port) and talk over TCP with the same Noise encryption and the same allowlist.
 */
const devices: TestDevice[] = [];
afterEach(async () => {
  await Promise.all(devices.splice(0).map((d) => d.cleanup()));
});

const lanOnly = (port: number) => ({ bootstrap: [], lan: { host: '127.0.0.1', multicast: { port } } });

describe('sync on a LAN without internet', { timeout: 60_000 }, () => {
  it('pairs and syncs through mDNS + TCP, with no DHT reachable', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const desk = await startDevice('Desk', lanOnly(port));
    const laptop = await startDevice('Laptop', lanOnly(port));
    devices.push(desk, laptop);
    await desk.write('page-lan', 'no internet here');
    await pair(desk, laptop);
    await storeUntil(laptop, async () => (await laptop.text('page-lan')) === 'no internet here', 'page over the LAN');
    const status = await desk.until((s) => s.devices[0]?.status === 'up_to_date', 'up to date over the LAN');
    expect(status.devices[0]!.via).toBe('lan');
  });
});
