// @vitest-environment jsdom
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTransportClient } from '../../../shared/host/client';
import type { HostHandlers } from '../../../shared/host/contract';
import { HostError } from '../../../shared/host/errors';
import { createHostRouter } from '../../../shared/host/router';
import { serveConnection, type ServedConnection } from '../../../shared/host/server';
import type { PairingView, SyncRequests, SyncStatusView } from '../../../shared/host/slices/sync';
import { createInMemoryPair } from '../../../shared/host/transport';
import { AppServicesContext, type AppServices } from '../../state/AppServices';
import { DevicesView } from './DevicesView';
import { SyncIndicator } from './SyncIndicator';

/**
 * The Devices page and the sidebar line, rendered by React into jsdom, talking to a host over the
 * real client, router (schemas included), server and in-memory transport. Only the sync service
 * behind the `sync.*` handlers is scripted here: the real one lives in the host (and the lead's
 * e2e drives both together). jsdom has no <dialog>.showModal, so the test gives it one that
 * only sets `open`; and no clipboard, which the page handles itself.
 */

const NOW = Date.UTC(2026, 10, 30, 12);

type Sync = { [M in keyof SyncRequests]: (p: SyncRequests[M]['params']) => Promise<SyncRequests[M]['result']> };

function offStatus(): SyncStatusView {
  return {
    enabled: false,
    paused: false,
    thisDevice: { deviceId: null, name: 'Desktop', fingerprint: null },
    devices: [],
    summary: { kind: 'off', text: 'Sync is off' },
    removed: null,
    pairing: null,
    lastError: null,
  };
}

interface Harness {
  container: HTMLElement;
  state: SyncStatusView;
  calls: string[];
  emit(view: SyncStatusView): void;
  /** Settles the pending `sync.pair.join`, if any. */
  join: { resolve?(r: SyncRequests['sync.pair.join']['result']): void; reject?(e: Error): void };
}

let root: Root | null = null;
let host: HTMLElement | null = null;

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
});

afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  host?.remove();
  host = null;
});

async function mount(overrides: Partial<Sync> = {}, initial: SyncStatusView = offStatus()): Promise<Harness> {
  const calls: string[] = [];
  const harness: Harness = { container: document.createElement('div'), state: initial, calls, emit: () => undefined, join: {} };
  let served: ServedConnection | null = null;
  const update = (next: SyncStatusView): SyncStatusView => {
    harness.state = next;
    served?.emit('sync.statusChanged', next);
    return next;
  };
  const sync: Sync = {
    'sync.status': async () => harness.state,
    'sync.pause': async ({ paused }) => update({ ...harness.state, paused }),
    'sync.device.rename': async ({ name }) => update({ ...harness.state, thisDevice: { ...harness.state.thisDevice, name } }),
    'sync.device.remove': async ({ deviceId }) =>
      update({ ...harness.state, devices: harness.state.devices.filter((d) => d.deviceId !== deviceId) }),
    'sync.pair.create': async () => {
      const pairing: PairingView = {
        pairingId: 'pair0001',
        invite: 'kindred1:abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnop',
        shortCode: '4821-ember-tulip-quiet-otter',
        expiresAt: NOW + 5 * 60_000,
        state: 'waiting',
        message: 'Waiting for your other device…',
        device: null,
      };
      update({ ...harness.state, pairing });
      return pairing;
    },
    'sync.pair.cancel': async () =>
      update({ ...harness.state, pairing: harness.state.pairing && { ...harness.state.pairing, state: 'cancelled' } }),
    'sync.pair.join': () =>
      new Promise((resolve, reject) => {
        harness.join = { resolve, reject };
      }),
    ...overrides,
  };
  const handlers = Object.fromEntries(
    Object.entries(sync).map(([name, fn]) => [
      name,
      (params: never) => {
        calls.push(name);
        return (fn as (p: never) => Promise<unknown>)(params);
      },
    ]),
  ) as unknown as HostHandlers;
  const [clientSide, hostSide] = createInMemoryPair();
  served = serveConnection(createHostRouter(handlers), hostSide, 'window-1');
  harness.emit = (view) => update(view);
  const services = { host: createTransportClient(clientSide), now: () => new Date(NOW) } as unknown as AppServices;

  host = document.createElement('div');
  document.body.append(host);
  harness.container = host;
  root = createRoot(host);
  await act(async () =>
    root?.render(
      createElement(
        AppServicesContext.Provider,
        { value: services },
        createElement('nav', { 'aria-label': 'Main' }, createElement(SyncIndicator)),
        createElement('main', null, createElement(DevicesView)),
      ),
    ),
  );
  return harness;
}

/** Lets the in-memory host answer and React render, until `check` holds (or fails after ~2 s). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await act(async () => new Promise((resolve) => setTimeout(resolve, 5)));
  }
  throw new Error(`Timed out waiting for ${what}. Page text: ${document.body.textContent ?? ''}`);
}

const text = (): string => document.body.textContent ?? '';
function button(name: string): HTMLButtonElement {
  const found = [...document.querySelectorAll('button')].find((b) => (b.textContent ?? '').trim() === name);
  if (!found) throw new Error(`No button "${name}". Page text: ${text()}`);
  return found;
}
function field(label: string): HTMLInputElement | HTMLTextAreaElement {
  const l = [...document.querySelectorAll('label')].find((x) => (x.textContent ?? '').trim() === label);
  const el = l?.htmlFor ? document.getElementById(l.htmlFor) : null;
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) throw new Error(`No field labelled "${label}".`);
  return el;
}
async function click(el: HTMLElement): Promise<void> {
  await act(async () => el.click());
}
/** Types as a user would, through the native value setter React listens behind. */
async function type(el: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function key(el: HTMLElement, k: string): Promise<void> {
  await act(async () => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })));
}
const sidebarStatus = (): Element | null => document.querySelector('nav [role="status"]');

describe('Devices page', () => {
  it('with sync off: says what to do next, offers both ways to pair, and the sidebar shows nothing', async () => {
    await mount();
    await until(() => text().includes('Sync is off.'), 'the empty state');
    expect(document.querySelector('h1')?.textContent).toBe('Devices');
    expect(text()).toContain('Sync is off. Your journal is only on this device. Pair another device to keep the same journal on both');
    expect(button('Pair a new device')).toBeTruthy();
    expect(button('Join with an invite')).toBeTruthy();
    expect(field('Name').value).toBe('Desktop');
    expect(sidebarStatus()).toBeNull();
  });

  it('pairs a new device: invite, QR code, short code, countdown, then "Paired with…" and the device in the list', async () => {
    const h = await mount();
    await until(() => text().includes('Sync is off.'), 'the page');
    await click(button('Pair a new device'));
    await until(() => text().includes('Expires in 5:00'), 'the invite');
    expect(field('Invite for your other device').value).toBe('kindred1:abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnop');
    expect(field('Invite for your other device').readOnly).toBe(true);
    expect(text()).toContain('Or type this code on the other device: 4821-ember-tulip-quiet-otter');
    await until(() => document.querySelector('[role="img"][aria-label="QR code of the invite"] svg') !== null, 'the QR code');
    expect(document.activeElement?.textContent).toBe('Pair a new device'); // the panel's heading took focus

    // jsdom has no clipboard: the invite is selected and the page says how to copy it.
    await click(button('Copy invite'));
    expect(text()).toContain('The invite is selected: press Ctrl+C to copy it.');

    const device = { name: 'Laptop', fingerprint: 'ABCD-EFGH' };
    await act(async () =>
      h.emit({
        ...h.state,
        enabled: true,
        summary: { kind: 'up_to_date', text: 'Up to date' },
        pairing: h.state.pairing && { ...h.state.pairing, state: 'paired', message: 'Paired.', device },
        devices: [
          {
            deviceId: 'laptop01',
            ...device,
            status: 'up_to_date',
            statusText: 'Up to date',
            lastSyncedAt: NOW - 5 * 60_000,
            pending: 0,
            via: 'lan',
          },
        ],
      }),
    );
    await until(() => text().includes('Paired with Laptop (ABCD-EFGH)'), 'the paired message');
    expect(document.querySelector('.pairing-state')?.getAttribute('role')).toBe('status');
    expect(text()).toContain('Last synced 5 minutes ago');
    expect(text()).toContain('On this network');
    expect(sidebarStatus()?.textContent).toBe('Sync: Up to date');
    expect(sidebarStatus()?.querySelector('a')?.getAttribute('href')).toBe('#/settings/devices');
    await click(button('Done'));
    expect(document.activeElement?.textContent).toBe('Pair a new device');
  });

  it('cancels an invite through the host', async () => {
    const h = await mount();
    await until(() => text().includes('Sync is off.'), 'the page');
    await click(button('Pair a new device'));
    await until(() => text().includes('Expires in'), 'the invite');
    await click(button('Cancel'));
    await until(() => !text().includes('Expires in'), 'the panel to close');
    expect(h.calls).toContain('sync.pair.cancel');
    expect(h.state.pairing?.state).toBe('cancelled');
    expect(document.activeElement?.textContent).toBe('Pair a new device');
  });

  it('cancelling while the invite is being made cancels it once it exists, and does not reopen', async () => {
    let release: (() => void) | null = null;
    const h: Harness = await mount({
      'sync.pair.create': async () => {
        const pairing: PairingView = {
          pairingId: 'slow0001',
          invite: 'kindred1:slow',
          shortCode: null,
          expiresAt: NOW + 5 * 60_000,
          state: 'waiting',
          message: '',
          device: null,
        };
        await new Promise<void>((resolve) => (release = resolve));
        h.emit({ ...h.state, pairing }); // the event comes before the answer, after Cancel was pressed
        return pairing;
      },
    });
    await until(() => text().includes('Sync is off.'), 'the page');
    await click(button('Pair a new device'));
    await until(() => release !== null, 'the create request');
    expect(text()).toContain('Making an invite…');
    await click(button('Cancel'));
    await act(async () => release?.());
    await until(() => h.calls.includes('sync.pair.cancel'), 'the cancel request');
    await until(() => h.state.pairing?.state === 'cancelled', 'the host to cancel it');
    expect(text()).not.toContain('Expires in');
    expect(text()).not.toContain('Waiting for your other device');
    expect(button('Pair a new device')).toBeTruthy();
  });

  it('joins with an invite: waits with the button disabled, says a failure in plain words and keeps the text', async () => {
    const h = await mount();
    await until(() => text().includes('Sync is off.'), 'the page');
    await click(button('Join with an invite'));
    const code = field('Invite or code from your other device');

    await click(button('Join'));
    expect(document.querySelector('[role="alert"]')?.textContent).toBe('Paste the invite, or type the code, that your other device shows.');
    expect(h.calls).not.toContain('sync.pair.join');

    await type(code, '  4821-ember-tulip-quiet-otter ');
    await click(button('Join'));
    await until(() => h.join.reject !== undefined, 'the join request');
    expect(text()).toContain('Connecting to your other device…');
    expect(button('Join').disabled).toBe(true);
    await act(async () => h.join.reject?.(new HostError('refused', 'That invite has expired. Make a new one on your other device')));
    await until(() => document.querySelector('[role="alert"]') !== null, 'the error');
    expect(document.querySelector('[role="alert"]')?.textContent).toBe('That invite has expired. Make a new one on your other device.');
    expect(code.value).toBe('  4821-ember-tulip-quiet-otter ');
    expect(button('Join').disabled).toBe(false);

    // "Stop waiting" stops waiting; a late answer is ignored.
    await click(button('Join'));
    await until(() => text().includes('Connecting to your other device…'), 'the second try');
    const late = h.join;
    await click(button('Stop waiting'));
    await act(async () => late.resolve?.({ device: { name: 'Laptop', fingerprint: 'ABCD-EFGH' } }));
    expect(text()).not.toContain('Paired with');

    await click(button('Join'));
    await until(() => h.join !== late && h.join.resolve !== undefined, 'the third try');
    await act(async () => h.join.resolve?.({ device: { name: 'Laptop', fingerprint: 'ABCD-EFGH' } }));
    await until(() => text().includes('Paired with Laptop (ABCD-EFGH). Your journals are syncing now.'), 'the success');
    expect(code.value).toBe('');
  });

  it('renames this device: Escape puts the name back, an empty name is refused in words, Enter saves', async () => {
    const h = await mount();
    await until(() => text().includes('Sync is off.'), 'the page');
    const name = field('Name') as HTMLInputElement;
    await type(name, 'Kitchen laptop');
    await key(name, 'Escape');
    expect(name.value).toBe('Desktop');

    await type(name, '   ');
    await click(button('Save'));
    expect(document.querySelector('[role="alert"]')?.textContent).toBe('A device needs a name.');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(h.calls).not.toContain('sync.device.rename');

    await type(name, ' Kitchen laptop ');
    await act(async () => name.form?.requestSubmit());
    await until(() => h.state.thisDevice.name === 'Kitchen laptop', 'the rename');
    await until(() => text().includes('Saved. This device is now called Kitchen laptop.'), 'the confirmation');
    expect(name.value).toBe('Kitchen laptop');
  });

  it('removes a device after asking, in a dialog that names it and says what it keeps', async () => {
    const h = await mount(
      {},
      {
        ...offStatus(),
        enabled: true,
        summary: { kind: 'up_to_date', text: 'Up to date' },
        devices: [
          {
            deviceId: 'laptop01',
            name: 'Laptop',
            fingerprint: 'ABCD-EFGH',
            status: 'offline',
            statusText: 'Offline since 14:02',
            lastSyncedAt: null,
            pending: 0,
            via: null,
          },
        ],
      },
    );
    await until(() => text().includes('Offline since 14:02'), 'the list');
    const remove = button('Remove Laptop');
    remove.focus();
    await click(remove);
    const dialog = document.querySelector('dialog[role="alertdialog"]');
    expect(dialog?.hasAttribute('open')).toBe(true);
    const title = document.getElementById(dialog?.getAttribute('aria-labelledby') ?? '');
    expect(title?.textContent).toBe('Remove Laptop?');
    expect(document.getElementById(dialog?.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'It will stop syncing at once and can’t reconnect with its current keys. It keeps the journal it already has.',
    );
    expect(document.activeElement?.textContent).toBe('Cancel');

    // Escape cancels, focus goes back to the button.
    await act(async () => dialog?.dispatchEvent(new Event('cancel', { cancelable: true })));
    expect(document.querySelector('dialog')).toBeNull();
    expect(document.activeElement).toBe(remove);

    await click(remove);
    await click(button('Remove device'));
    await until(() => !text().includes('Offline since'), 'the device to go');
    expect(h.calls).toContain('sync.device.remove');
    expect(document.querySelector('dialog')).toBeNull();
    expect(document.activeElement?.textContent).toBe('Paired devices');
  });

  it('says when another device removed this one', async () => {
    await mount({}, { ...offStatus(), removed: { byName: 'Desktop', at: NOW }, summary: { kind: 'removed', text: 'Removed from sync' } });
    await until(() => text().includes('This device was removed from sync by Desktop on'), 'the notice');
    expect(text()).toContain('Your journal stays on this device.');
    expect(sidebarStatus()?.textContent).toBe('Sync: Removed from sync');
  });
});

describe('sidebar line', () => {
  it('shows nothing when the host does not know sync, and the page says so in words', async () => {
    const older = async (): Promise<never> => {
      throw new HostError('unknown_method', 'Unknown request "sync.status".');
    };
    await mount({ 'sync.status': older });
    await until(() => text().includes('can’t sync yet'), 'the page to say so');
    expect(sidebarStatus()).toBeNull();
  });

  it('follows sync.statusChanged, ignoring payloads it does not understand', async () => {
    const h = await mount({}, { ...offStatus(), enabled: true, summary: { kind: 'syncing', text: 'Syncing 120 changes…' } });
    await until(() => sidebarStatus()?.textContent === 'Sync: Syncing 120 changes…', 'the first status');
    await act(async () => h.emit({ ...h.state, summary: { kind: 'error', text: 'Can’t sync right now' }, lastError: 'No network.' }));
    await until(() => sidebarStatus()?.textContent === 'Sync: Can’t sync right nowNo network.', 'the error');
    const good = h.state;
    await act(async () => h.emit({ nonsense: true } as unknown as SyncStatusView));
    expect(sidebarStatus()?.textContent).toBe('Sync: Can’t sync right nowNo network.');
    await act(async () => h.emit({ ...good, summary: { kind: 'offline', text: 'Offline — changes are kept here' }, lastError: null }));
    await until(() => sidebarStatus()?.textContent === 'Sync: Offline — changes are kept here', 'the next status');
  });
});
