import { join } from 'node:path';
import NoiseSecretStream from '@hyperswarm/secret-stream';
import { describe, expect, it } from 'vitest';
import { createPeerTransport } from './transport';
import { loadIdentity } from './trust';
import { pair, storeUntil, useTestnetDevices, type TestDevice } from './syncService.testkit';

/**
 * Pairing and syncing through the whole service: real stores, real keys, a real HyperDHT
 * testnet on 127.0.0.1. (Sessions, trust and transport each have their own tests; these are the
 * journeys a user makes.)
 */
const { device, testnet: currentTestnet } = useTestnetDevices();

describe('pairing two devices and syncing', { timeout: 60_000 }, () => {
  it('is off until paired; pairing with the invite makes both sync both ways, continuously', async () => {
    const desk = await device('Desk');
    const laptop = await device('Laptop');
    expect(desk.sync.status()).toMatchObject({ enabled: false, summary: { kind: 'off' }, devices: [] });
    // Written before pairing: travels at the first sync.
    await desk.write('page-one', 'Maria loves sourdough. ');
    await laptop.write('page-two', 'Call Sam about the book. ');

    await pair(desk, laptop);
    const laptopId = laptop.sync.status().thisDevice.deviceId;
    const deskId = desk.sync.status().thisDevice.deviceId;
    expect(laptop.sync.status().devices.map((d) => d.deviceId)).toEqual([deskId]);
    expect(desk.sync.status().devices[0]).toMatchObject({ deviceId: laptopId, name: 'Laptop' });
    expect(desk.sync.status().devices[0]!.fingerprint).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    await storeUntil(laptop, async () => (await laptop.text('page-one')) === 'Maria loves sourdough. ', 'page-one on the laptop');
    await storeUntil(desk, async () => (await desk.text('page-two')) === 'Call Sam about the book. ', 'page-two on the desk');
    await desk.until((s) => s.devices[0]?.status === 'up_to_date' && s.summary.kind === 'up_to_date', 'desk up to date');
    await laptop.until((s) => s.devices[0]?.status === 'up_to_date', 'laptop up to date');
    expect(desk.sync.status().devices[0]!.statusText).toBe('Up to date');

    // Live: an edit on one appears on the other within a second.
    const started = Date.now();
    await desk.write('page-two', 'He finished it.');
    await storeUntil(laptop, async () => (await laptop.text('page-two')).endsWith('He finished it.'), 'live edit');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('an invite works once: a second device using it is told so and gets nothing', async () => {
    const desk = await device('Desk');
    const laptop = await device('Laptop');
    const stranger = await device('Stranger');
    await desk.write('page-secret', 'private');
    const view = await desk.sync.createPairing();
    await laptop.sync.joinPairing(view.invite);
    await expect(stranger.sync.joinPairing(view.invite)).rejects.toThrow(/used|expired|reach/i);
    expect(await stranger.text('page-secret')).toBe('');
    expect(stranger.sync.status().enabled).toBe(false);
  });

  it('the short code pairs too; three wrong guesses use it up', async () => {
    const desk = await device('Desk');
    const laptop = await device('Laptop');
    const view = await desk.sync.createPairing();
    expect(view.shortCode).toMatch(/^\d{4}(-[a-z]+){4}$/);
    const [nameplate, ...words] = view.shortCode!.split('-');
    const wrong = [nameplate, ...words.slice(0, 3), words[3] === 'apple' ? 'river' : 'apple'].join('-');
    for (let i = 0; i < 3; i++) await expect(laptop.sync.joinPairing(wrong)).rejects.toThrow();
    await desk.until((s) => s.pairing?.state === 'used_up', 'invite used up');
    await expect(laptop.sync.joinPairing(view.shortCode!)).rejects.toThrow();
    expect(laptop.sync.status().enabled).toBe(false);

    const fresh = await desk.sync.createPairing();
    await laptop.sync.joinPairing(fresh.shortCode!);
    await desk.until((s) => s.enabled && s.devices.length === 1, 'paired by short code');
  });

  it('a mistyped invite says so before any network work', async () => {
    const laptop = await device('Laptop');
    await expect(laptop.sync.joinPairing('kindred-invite-abc')).rejects.toThrow(/incomplete|mistyped|invite/i);
    await expect(laptop.sync.joinPairing('hello there')).rejects.toThrow(/neither an invite nor a short code/);
  });

  it('a third device paired via the second becomes known to the first, and gets everything', async () => {
    const desk = await device('Desk');
    const laptop = await device('Laptop');
    const phone = await device('Tablet');
    await desk.write('page-desk', 'from the desk');
    await pair(desk, laptop);
    await pair(laptop, phone);
    const phoneId = phone.sync.status().thisDevice.deviceId;
    await desk.until((s) => s.devices.some((d) => d.deviceId === phoneId), 'desk learns of the tablet');
    await storeUntil(phone, async () => (await phone.text('page-desk')) === 'from the desk', 'desk page on the tablet');
    // And the desk reaches the tablet directly (not only through the laptop).
    await desk.until((s) => s.devices.find((d) => d.deviceId === phoneId)?.status === 'up_to_date', 'desk–tablet session');
  });

  it('keeps its pairing across restarts and catches up on what changed meanwhile', async () => {
    const desk = await device('Desk');
    const laptop = await device('Laptop');
    await pair(desk, laptop);
    await laptop.stop();
    await desk.write('page-while-away', 'written while the laptop was off');
    await laptop.restart();
    expect(laptop.sync.status().enabled).toBe(true);
    await storeUntil(laptop, async () => (await laptop.text('page-while-away')) !== '', 'catch-up after restart');
  });
});

describe('what never gets in', { timeout: 60_000 }, () => {
  it('an invite expires: after its time the code is refused and nobody is added', async () => {
    const desk = await device('Desk', { pairingTtlMs: 400 });
    const laptop = await device('Laptop');
    const view = await desk.sync.createPairing();
    await desk.until((s) => s.pairing?.state === 'expired', 'invite expired');
    expect(desk.sync.status().pairing?.message).toMatch(/expired/i);
    await expect(laptop.sync.joinPairing(view.invite)).rejects.toThrow(/reach|expired/i);
    expect(desk.sync.status().devices).toEqual([]);
    expect(laptop.sync.status().enabled).toBe(false);
  });

  it('a device that was never paired is refused in the handshake, gets nothing, and the refusal is logged', async () => {
    const desk = await device('Desk');
    const laptop = await device('Laptop');
    await desk.write('page-private', 'only for my devices');
    await pair(desk, laptop);
    const deskIdentity = (await loadIdentity(join(desk.dir, 'keys')))!;
    const strangerKeys = NoiseSecretStream.keyPair();
    const testnet = currentTestnet();
    const dht = testnet.createNode();
    const stranger = createPeerTransport({ keyPair: strangerKeys, allowed: () => true, bootstrap: testnet.bootstrap, dht, lan: false });
    const received: Buffer[] = [];
    let connected = 0;
    stranger.onConnection(({ stream }) => {
      connected++;
      stream.on('data', (chunk: Buffer) => received.push(chunk));
    });
    try {
      await stranger.start();
      stranger.setPeers([Buffer.from(deskIdentity.networkKeyPair(0).publicKey).toString('hex')]);
      await waitForLog(desk, /refused .* not one of this journal's devices/);
      expect(connected).toBe(0);
      expect(received).toEqual([]);
      // The paired device is unaffected.
      await desk.write('page-private', ' still syncing');
      await storeUntil(laptop, async () => (await laptop.text('page-private')).endsWith('still syncing'), 'laptop still syncs');
    } finally {
      await stranger.close();
    }
  });
});

function waitForLog(device: TestDevice, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      if (device.log.some((line) => pattern.test(line))) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`no log line matching ${pattern}:\n${device.log.join('\n')}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe('pausing sync', { timeout: 60_000 }, () => {
  it('stops the exchange at once, survives a restart, and catches up on resume', async () => {
    const desk = await device('Desk');
    const laptop = await device('Laptop');
    await pair(desk, laptop);
    await desk.until((s) => s.devices[0]?.status === 'up_to_date', 'up to date');

    const paused = await desk.sync.setPaused(true);
    expect(paused).toMatchObject({ paused: true, summary: { kind: 'paused' } });
    await laptop.until((s) => s.devices[0]?.status !== 'up_to_date', 'laptop sees the desk go');
    await desk.write('page-paused', 'written while paused');
    await desk.restart();
    expect(desk.sync.status().paused).toBe(true);
    expect(desk.sync.status().devices[0]?.status).not.toBe('up_to_date');
    expect(await laptop.text('page-paused')).toBe('');

    await desk.sync.setPaused(false);
    await storeUntil(laptop, async () => (await laptop.text('page-paused')) === 'written while paused', 'catch-up after resume');
    await desk.until((s) => !s.paused && s.summary.kind === 'up_to_date', 'desk up to date again');
  });
});
