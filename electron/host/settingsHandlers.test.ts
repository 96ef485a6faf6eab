import { afterEach, describe, expect, it } from 'vitest';
import { createTransportClient } from '../../shared/host/client';
import type { HostClient, HostEventName, HostEvents } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import { createHostRouter } from '../../shared/host/router';
import { serveConnection, type ServedConnection } from '../../shared/host/server';
import type { DesktopSettings, SettingsView } from '../../shared/host/slices/settings';
import { createInMemoryPair, type InMemoryTransport } from '../../shared/host/transport';
import { parseAccelerator } from '../../shared/domain/accelerator';
import { openMemoryStore } from '../services/store';
import type { JournalStore } from '../services/store/types';
import { createHostHandlers, type HostHandlerSet } from './handlers';
import { unavailableSettings, unavailableSettingsView, type SettingsServices } from './settingsHandlers';

/**
 * `settings.*` through the whole host: the real handlers composed by createHostHandlers, the real
 * router (schemas) and client over the in-memory transport, windows as separate connections.
 * Behind the handlers sits a scripted SettingsServices: the real one needs Electron's
 * globalShortcut and login items, which this machine cannot have; here "the OS" is a set of
 * shortcuts other apps hold, and a press is a call.
 */

function scriptedServices(platform = 'linux', taken: string[] = []) {
  let settings: DesktopSettings = { captureHotkey: 'CommandOrControl+Shift+Space', keepRunning: false, startAtLogin: false, captureMode: 'note' };
  const listeners = new Set<(v: SettingsView) => void>();
  const calls: string[] = [];
  let test: { accelerator: string; onPressed: () => void } | null = null;
  let held = false;
  const view = (): SettingsView => {
    const parsed = parseAccelerator(settings.captureHotkey, platform);
    const refused = taken.includes(settings.captureHotkey);
    return {
      available: true,
      platform,
      settings: { ...settings },
      hotkey: {
        state: refused ? 'refused' : 'registered',
        message: refused ? 'Another app is using it.' : '',
        display: parsed.ok ? parsed.display : settings.captureHotkey,
        suggestions: refused ? ['CommandOrControl+Alt+K'] : [],
      },
      wayland: null,
      backgroundDefault: false,
    };
  };
  const services: SettingsServices = {
    view,
    async update(patch) {
      calls.push(`update ${JSON.stringify(patch)}`);
      settings = { ...settings, ...patch };
      const next = view();
      listeners.forEach((l) => l(next));
      return next;
    },
    async startHotkeyTest(accelerator, onPressed) {
      calls.push(`test ${accelerator}`);
      if (taken.includes(accelerator)) return { state: 'refused', message: 'Another app is using it.' };
      test = { accelerator, onPressed };
      return { state: 'registered', message: '' };
    },
    stopHotkeyTest() {
      calls.push('stop');
      test = null;
    },
    holdHotkey(h) {
      calls.push(`hold ${h}`);
      held = h;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    services,
    calls,
    listeners,
    settings: () => settings,
    held: () => held,
    testing: () => test?.accelerator ?? null,
    /** The user presses the shortcut under test, from another app. */
    press: () => test?.onPressed(),
    /** The callback the services hold for the test running now (kept by a slow OS, say). */
    pressCallback: () => test?.onPressed ?? (() => undefined),
  };
}

interface Host {
  set: HostHandlerSet;
  store: JournalStore;
  connect(): Promise<{ client: HostClient; id: string; events: Array<{ event: HostEventName; payload: unknown }>; close(): void }>;
  dispose(): Promise<void>;
}

const opened: Host[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((h) => h.dispose()));
});

async function host(settings: SettingsServices | undefined, platform = 'linux'): Promise<Host> {
  const store = await openMemoryStore();
  const connections = new Map<string, { served: ServedConnection; transport: InMemoryTransport }>();
  const set = createHostHandlers({
    appInfo: { name: 'Kindred', version: '0.0.0-test', platform, host: 'electron' },
    openExternal: async () => undefined,
    showNotification: async () => 'native',
    windowReadyToClose: () => undefined,
    store,
    derived: null,
    settings,
    log: () => undefined,
    emitTo<E extends HostEventName>(clientId: string, event: E, payload: HostEvents[E]) {
      connections.get(clientId)?.served.emit(event, payload);
    },
    emitAll<E extends HostEventName>(event: E, payload: HostEvents[E]) {
      connections.forEach(({ served }) => served.emit(event, payload));
    },
  });
  const router = createHostRouter(set.handlers);
  let next = 1;
  const h: Host = {
    set,
    store,
    async connect() {
      const [clientSide, hostSide] = createInMemoryPair();
      const id = `window-${next++}`;
      connections.set(id, { served: serveConnection(router, hostSide, id), transport: hostSide });
      hostSide.onClose(() => {
        connections.delete(id);
        set.clientGone(id);
      });
      const client = createTransportClient(clientSide);
      const events: Array<{ event: HostEventName; payload: unknown }> = [];
      for (const event of ['settings.changed', 'settings.hotkeyTestPressed'] as const) {
        client.subscribe(event, (payload) => events.push({ event, payload }));
      }
      return { client, id, events, close: () => hostSide.close(1000, '') };
    },
    async dispose() {
      connections.forEach(({ transport }) => transport.close(1000, ''));
      set.dispose();
      await store.close();
    },
  };
  opened.push(h);
  return h;
}

const refusal = (p: Promise<unknown>): Promise<HostError> =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => HostError.from(e),
  );

describe('settings.* with desktop services', () => {
  it('settings.get answers the services’ view; settings.update applies a patch and every window hears settings.changed', async () => {
    const os = scriptedServices();
    const h = await host(os.services);
    const a = await h.connect();
    const b = await h.connect();
    const view = await a.client.request('settings.get', {});
    expect(view.available).toBe(true);
    expect(view.hotkey).toMatchObject({ state: 'registered', display: 'Ctrl+Shift+Space' });

    const next = await a.client.request('settings.update', { patch: { keepRunning: true, captureMode: 'today' } });
    expect(next.settings).toMatchObject({ keepRunning: true, captureMode: 'today' });
    expect(os.calls).toEqual(['update {"keepRunning":true,"captureMode":"today"}']);
    await expect.poll(() => b.events.filter((e) => e.event === 'settings.changed').length).toBe(1);
    expect(a.events.filter((e) => e.event === 'settings.changed')).toHaveLength(1);
  });

  it('a shortcut is stored in its canonical spelling', async () => {
    const os = scriptedServices();
    const h = await host(os.services);
    const { client } = await h.connect();
    await client.request('settings.update', { patch: { captureHotkey: ' ctrl+alt+k ' } });
    expect(os.settings().captureHotkey).toBe('CommandOrControl+Alt+K');
  });

  it.each([
    ['Ctrl+Shift', 'has no key, only modifiers'],
    ['Shift+A', 'would take over typing'],
    ['Ctrl+Banana', 'is not a key a shortcut can use'],
    ['Cmd+K', 'only exists on a Mac'],
  ])('a shortcut that is not one (%s) is refused in the parser’s words and nothing changes', async (text, words) => {
    const os = scriptedServices();
    const h = await host(os.services);
    const { client, events } = await h.connect();
    const before = await client.request('settings.get', {});
    const err = await refusal(client.request('settings.update', { patch: { captureHotkey: text, keepRunning: true } }));
    expect(err.code).toBe('bad_request');
    expect(err.message).toContain(words);
    expect(err.message).not.toMatch(/Invalid params/);
    expect(os.calls).toEqual([]);
    expect(await client.request('settings.get', {})).toEqual(before);
    expect(events).toEqual([]);
  });

  it.each([
    [{ patch: { keepRunning: 'yes' } }, 'patch.keepRunning'],
    [{ patch: { captureMode: 'diary' } }, 'patch.captureMode'],
    [{ patch: { theme: 'dark' } }, 'patch'],
    [{ patch: { captureHotkey: '' } }, 'patch.captureHotkey'],
    [{ patch: { captureHotkey: 'A'.repeat(101) } }, 'patch.captureHotkey'],
    [{ patch: {}, extra: 1 }, ''],
  ])('the schema refuses %j before the services see it', async (params, where) => {
    const os = scriptedServices();
    const h = await host(os.services);
    const { client } = await h.connect();
    const err = await refusal(client.request('settings.update', params as never));
    expect(err.code).toBe('bad_request');
    if (where) expect(err.message).toContain(`at "${where}`);
    expect(os.calls).toEqual([]);
  });

  it('a shortcut test belongs to the window that started it: presses go there only; another window’s stop does nothing', async () => {
    const os = scriptedServices();
    const h = await host(os.services);
    const a = await h.connect();
    const b = await h.connect();
    expect(await a.client.request('settings.hotkey.test.start', { accelerator: 'Ctrl+Alt+K' })).toEqual({ state: 'registered', message: '' });
    expect(os.testing()).toBe('CommandOrControl+Alt+K');
    os.press();
    await expect.poll(() => a.events.filter((e) => e.event === 'settings.hotkeyTestPressed')).toEqual([
      { event: 'settings.hotkeyTestPressed', payload: { accelerator: 'CommandOrControl+Alt+K' } },
    ]);
    expect(b.events).toEqual([]);

    await b.client.request('settings.hotkey.test.stop', {});
    expect(os.testing()).toBe('CommandOrControl+Alt+K');
    await a.client.request('settings.hotkey.test.stop', {});
    expect(os.testing()).toBeNull();
    expect(os.settings().captureHotkey).toBe('CommandOrControl+Shift+Space'); // a test saves nothing
  });

  it('a newer test replaces the older one, whose presses no longer arrive', async () => {
    const os = scriptedServices();
    const h = await host(os.services);
    const a = await h.connect();
    const b = await h.connect();
    await a.client.request('settings.hotkey.test.start', { accelerator: 'Ctrl+Alt+K' });
    const stale = os.pressCallback();
    await b.client.request('settings.hotkey.test.start', { accelerator: 'Ctrl+Alt+J' });
    expect(os.calls).toEqual(['test CommandOrControl+Alt+K', 'stop', 'test CommandOrControl+Alt+J']);
    stale();
    os.press();
    await expect.poll(() => b.events.length).toBe(1);
    expect(a.events).toEqual([]);
  });

  it('a refused test says so and leaves nothing running; a bad one is refused in words', async () => {
    const os = scriptedServices('linux', ['CommandOrControl+Alt+K']);
    const h = await host(os.services);
    const { client } = await h.connect();
    expect(await client.request('settings.hotkey.test.start', { accelerator: 'Ctrl+Alt+K' })).toEqual({
      state: 'refused',
      message: 'Another app is using it.',
    });
    expect(os.testing()).toBeNull();
    const err = await refusal(client.request('settings.hotkey.test.start', { accelerator: 'Alt' }));
    expect(err).toMatchObject({ code: 'bad_request' });
    expect(err.message).toContain('has no key');
  });

  it('a window that goes away mid-test or mid-recording gives the saved hotkey back', async () => {
    const os = scriptedServices();
    const h = await host(os.services);
    const a = await h.connect();
    const b = await h.connect();
    await a.client.request('settings.hotkey.record', { active: true });
    expect(os.held()).toBe(true);
    await b.client.request('settings.hotkey.record', { active: false }); // not b's to release
    expect(os.held()).toBe(true);
    await a.client.request('settings.hotkey.test.start', { accelerator: 'Ctrl+Alt+K' });
    a.close();
    await expect.poll(() => os.held()).toBe(false);
    expect(os.testing()).toBeNull();
  });

  it('dispose stops listening and ends a running test', async () => {
    const os = scriptedServices();
    const h = await host(os.services);
    const { client } = await h.connect();
    await client.request('settings.hotkey.test.start', { accelerator: 'Ctrl+Alt+K' });
    expect(os.listeners.size).toBe(1);
    h.set.dispose();
    expect(os.listeners.size).toBe(0);
    expect(os.testing()).toBeNull();
  });
});

describe('settings.* without desktop services (the browser build, a bare host)', () => {
  it.each([undefined, unavailableSettings('linux')])('answers “desktop app only” with the platform’s defaults and refuses every change', async (services) => {
    const h = await host(services, 'linux');
    const { client, events } = await h.connect();
    const view = await client.request('settings.get', {});
    expect(view).toEqual(unavailableSettingsView('linux'));
    expect(view).toMatchObject({
      available: false,
      platform: 'linux',
      settings: { captureHotkey: 'CommandOrControl+Shift+Space', keepRunning: false, startAtLogin: false, captureMode: 'note' },
      hotkey: { state: 'unavailable', display: 'Ctrl+Shift+Space', suggestions: [] },
      wayland: null,
      backgroundDefault: false,
    });
    expect(view.hotkey.message).toMatch(/^These settings are part of the desktop app\./);
    for (const call of [
      client.request('settings.update', { patch: { keepRunning: true } }),
      client.request('settings.hotkey.test.start', { accelerator: 'Ctrl+Alt+K' }),
      client.request('settings.hotkey.record', { active: true }),
    ]) {
      const err = await refusal(call);
      expect(err.code).toBe('unavailable');
      expect(err.message).toBe('These settings are part of the desktop app. Open Kindred on your computer to change them.');
    }
    expect(await client.request('settings.hotkey.test.stop', {})).toEqual({ ok: true });
    expect(events).toEqual([]);
  });

  it('shows each platform’s own defaults and spelling', () => {
    expect(unavailableSettingsView('darwin')).toMatchObject({ backgroundDefault: true, hotkey: { display: '⇧⌘Space' } });
    expect(unavailableSettingsView('win32')).toMatchObject({ backgroundDefault: true, hotkey: { display: 'Ctrl+Shift+Space' } });
  });
});
