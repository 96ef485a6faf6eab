import { describe, expect, it } from 'vitest';
import { pair, storeUntil, useTestnetDevices } from './syncService.testkit';

/** Removing a device: cut off at once on every remaining device, for good, and told so. */
const { device } = useTestnetDevices();

describe('removing a device', { timeout: 60_000 }, () => {
  it('stops it receiving at once, tells it, and refuses it after restarts', async () => {
    const desk = await device('Desk');
    const laptop = await device('Laptop');
    await pair(desk, laptop);
    await desk.write('page-a', 'before. ');
    await storeUntil(laptop, async () => (await laptop.text('page-a')) === 'before. ', 'first edit arrives');
    const laptopId = laptop.sync.status().thisDevice.deviceId!;

    await desk.sync.remove(laptopId);
    expect(desk.sync.status().devices).toEqual([]);
    expect(desk.sync.status().enabled).toBe(false);
    const told = await laptop.until((s) => s.removed !== null, 'laptop told it was removed');
    expect(told.removed!.byName).toBe('Desk');
    expect(told.summary.kind).toBe('removed');

    // It keeps what it had.
    expect(await laptop.text('page-a')).toBe('before. ');
    // Nothing new reaches it, also after both restart.
    await desk.write('page-a', 'after.');
    await laptop.restart();
    await desk.restart();
    expect(laptop.sync.status().removed).not.toBeNull();
    expect(await laptop.text('page-a')).toBe('before. ');
    await expect(laptop.sync.joinPairing((await desk.sync.createPairing()).invite)).rejects.toThrow(/removed/);
  });

  it('a third device hears of the removal and refuses the removed one too', async () => {
    const desk = await device('Desk');
    const laptop = await device('Laptop');
    const tablet = await device('Tablet');
    await pair(desk, laptop);
    await pair(desk, tablet);
    const laptopId = laptop.sync.status().thisDevice.deviceId!;
    await tablet.until((s) => s.devices.some((d) => d.deviceId === laptopId && d.status === 'up_to_date'), 'tablet syncs with laptop');

    await desk.sync.remove(laptopId);
    await tablet.until((s) => !s.devices.some((d) => d.deviceId === laptopId), 'tablet drops the laptop');
    await laptop.until((s) => s.removed !== null, 'laptop removed');
    // The tablet's edits no longer reach the laptop; the desk still gets them.
    await tablet.write('page-t', 'tablet news');
    await storeUntil(desk, async () => (await desk.text('page-t')) === 'tablet news', 'desk gets the tablet edit');
    expect(await laptop.text('page-t')).toBe('');
    // Both remaining devices moved to new network keys.
    expect(desk.log.join('\n')).not.toMatch(/uncaught|TypeError/);
  });
});
