// @vitest-environment jsdom
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import axe from 'axe-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSettingsSlice, type SettingsServices } from '../../../electron/host/settingsHandlers';
import { parseAccelerator } from '../../../shared/domain/accelerator';
import { createTransportClient } from '../../../shared/host/client';
import type { HostHandlers } from '../../../shared/host/contract';
import { createHostRouter } from '../../../shared/host/router';
import { serveConnection, type ServedConnection } from '../../../shared/host/server';
import type { AppCommand, DesktopSettings, SettingsView as View } from '../../../shared/host/slices/settings';
import { createInMemoryPair } from '../../../shared/host/transport';
import { AppServicesContext, type AppServices } from '../../state/AppServices';
import { installKeyCapture } from './keyCapture';
import { SettingsView } from './SettingsView';
import { useAppCommands } from './useAppCommands';

/**
 * The Settings page rendered by React into jsdom, talking to the real settings handlers through
 * the real client, router (schemas included), server and in-memory transport. Behind the
 * handlers sits a scripted SettingsServices: the real one needs Electron's globalShortcut and
 * login items, which this machine cannot have. "Pressing the shortcut in another app" is the
 * services calling the test's callback, as Electron's globalShortcut would.
 */

interface Options {
  platform?: string;
  wayland?: View['wayland'];
  /** Shortcuts another app holds. */
  taken?: string[];
  /** No desktop services: the browser build. */
  browser?: boolean;
}

interface Harness {
  calls: string[];
  settings(): DesktopSettings;
  held(): boolean;
  testing(): string | null;
  /** The user presses the shortcut under test, in another app. */
  press(): void;
  command(command: AppCommand): void;
  switcherOpened: number;
}

let root: Root | null = null;
let container: HTMLElement | null = null;
let served: ServedConnection | null = null;
let dispose: (() => void) | null = null;

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  installKeyCapture(window); // as App does on its first render, before any shortcut listener
});

afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  container?.remove();
  container = null;
  dispose?.();
  dispose = null;
  window.location.hash = '';
});

function scripted(options: Options, h: Harness): SettingsServices {
  const platform = options.platform ?? 'linux';
  const taken = options.taken ?? [];
  let test: { accelerator: string; onPressed(): void } | null = null;
  let held = false;
  const listeners = new Set<(v: View) => void>();
  let settings: DesktopSettings = { captureHotkey: 'CommandOrControl+Shift+Space', keepRunning: false, startAtLogin: false, captureMode: 'note' };
  const view = (): View => {
    const parsed = parseAccelerator(settings.captureHotkey, platform);
    const display = parsed.ok ? parsed.display : settings.captureHotkey;
    const refused = taken.includes(settings.captureHotkey);
    return {
      available: true,
      platform,
      settings: { ...settings },
      hotkey: refused
        ? { state: 'refused', message: `${display} is taken by another app, so Kindred cannot use it.`, display, suggestions: ['CommandOrControl+Alt+K', 'nonsense+'] }
        : { state: 'registered', message: '', display, suggestions: [] },
      wayland: options.wayland ?? (platform === 'linux' ? { active: false, instructions: '' } : null),
      backgroundDefault: platform !== 'linux',
    };
  };
  Object.assign(h, {
    settings: () => settings,
    held: () => held,
    testing: () => test?.accelerator ?? null,
    press: () => test?.onPressed(),
  });
  return {
    view,
    async update(patch) {
      h.calls.push(`update ${JSON.stringify(patch)}`);
      settings = { ...settings, ...patch };
      const next = view();
      listeners.forEach((l) => l(next));
      return next;
    },
    async startHotkeyTest(accelerator, onPressed) {
      h.calls.push(`test ${accelerator}`);
      if (taken.includes(accelerator)) return { state: 'refused', message: 'That one is taken by another app. Try another combination.' };
      test = { accelerator, onPressed };
      return { state: 'registered', message: '' };
    },
    stopHotkeyTest() {
      test = null;
    },
    holdHotkey(next) {
      held = next;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function Commands({ onSwitcher }: { onSwitcher(): void }): null {
  useAppCommands(onSwitcher);
  return null;
}

async function mount(options: Options = {}): Promise<Harness> {
  const h: Harness = {
    calls: [],
    settings: () => ({}) as DesktopSettings,
    held: () => false,
    testing: () => null,
    press: () => undefined,
    command: () => undefined,
    switcherOpened: 0,
  };
  const emitter = {
    emitTo: (_id: string, event: never, payload: never) => served?.emit(event, payload),
    emitAll: (event: never, payload: never) => served?.emit(event, payload),
  };
  const slice = createSettingsSlice(options.browser ? undefined : scripted(options, h), emitter, options.platform ?? 'linux');
  const [clientSide, hostSide] = createInMemoryPair();
  served = serveConnection(createHostRouter(slice.handlers as unknown as HostHandlers), hostSide, 'window-1');
  hostSide.onClose(() => slice.clientGone('window-1'));
  dispose = () => {
    hostSide.close(1000, '');
    slice.dispose();
  };
  h.command = (command) => served?.emit('app.command', { command });
  const services = { host: createTransportClient(clientSide), now: () => new Date() } as unknown as AppServices;

  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () =>
    root?.render(
      createElement(
        AppServicesContext.Provider,
        { value: services },
        createElement(Commands, { onSwitcher: () => (h.switcherOpened += 1) }),
        createElement('main', null, createElement(SettingsView)),
      ),
    ),
  );
  return h;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await act(async () => new Promise((resolve) => setTimeout(resolve, 5)));
  }
  throw new Error(`Timed out waiting for ${what}. Page text: ${document.body.textContent ?? ''}`);
}

const text = (): string => document.body.textContent ?? '';
const live = (): string => [...document.querySelectorAll('[role="status"]')].map((e) => e.textContent ?? '').join(' | ');
function button(name: string): HTMLButtonElement {
  const found = [...document.querySelectorAll('button')].find((b) => (b.textContent ?? '').trim() === name);
  if (!found) throw new Error(`No button "${name}". Page text: ${text()}`);
  return found;
}
const hasButton = (name: string): boolean => [...document.querySelectorAll('button')].some((b) => (b.textContent ?? '').trim() === name);
function labelled(name: string): HTMLInputElement {
  const label = [...document.querySelectorAll('label')].find((l) => (l.textContent ?? '').trim() === name);
  const input = label?.htmlFor ? document.getElementById(label.htmlFor) : label?.querySelector('input');
  if (!(input instanceof HTMLInputElement)) throw new Error(`No control labelled "${name}".`);
  return input;
}
async function click(el: HTMLElement): Promise<void> {
  await act(async () => el.click());
}
/** A key press where the focus is, as the browser sends it (bubbling through window's capture). */
async function press(init: KeyboardEventInit & { key: string; code: string }): Promise<KeyboardEvent> {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  await act(async () => void (document.activeElement ?? document.body).dispatchEvent(event));
  return event;
}
/** axe's rules that jsdom can judge (no layout, so no colour contrast: the lead's e2e checks that). */
async function axeViolations(): Promise<string[]> {
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(', ')}`);
}

/** The keys the page shows for the current shortcut, as drawn. */
const currentKeys = (): string[] =>
  [...document.querySelectorAll('.shortcut-current kbd')].map((k) => k.querySelector('[aria-hidden]')?.textContent ?? k.textContent ?? '');

describe('Settings page, desktop app', () => {
  it('shows the shortcut as keys, every control labelled, and saves toggles and the capture choice at once', async () => {
    const h = await mount();
    await until(() => text().includes('Quick capture'), 'the page');
    expect(document.querySelector('h1')?.textContent).toBe('Settings');
    expect(currentKeys()).toEqual(['Ctrl', 'Shift', 'Space']);
    expect(text()).toContain('You can also open quick capture with the command kindred --capture');
    expect(text()).toContain('Off by default on Linux.');
    expect(text()).toContain('show no tray icons');
    expect(document.querySelector('a[href="#/settings/devices"]')?.textContent).toBe('Devices and sync');

    const keep = labelled('Keep Kindred running in the background when you close the window');
    expect(keep.checked).toBe(false);
    expect(document.getElementById(keep.getAttribute('aria-describedby') ?? '')?.textContent).toContain('Off by default on Linux');
    await click(keep);
    await until(() => live().includes('Saved. Kindred keeps running when you close the window.'), 'the confirmation');
    expect(h.settings().keepRunning).toBe(true);
    expect(keep.checked).toBe(true);

    await click(labelled('Start Kindred when you log in'));
    await until(() => h.settings().startAtLogin, 'start at login');

    expect(document.querySelector('fieldset legend')?.textContent).toBe('Quick capture saves as');
    const today = labelled('Added to today’s journal');
    expect(labelled('A conversation note').checked).toBe(true);
    await click(today);
    await until(() => live().includes('Saved. Quick captures are added to today’s journal.'), 'the capture choice');
    expect(h.settings().captureMode).toBe('today');
    expect(await axeViolations()).toEqual([]);
    expect(h.calls).toEqual([
      'update {"keepRunning":true}',
      'update {"startAtLogin":true}',
      'update {"captureMode":"today"}',
    ]);
  });

  it('changes the shortcut: press the keys, press them again from anywhere, “It works”, Save', async () => {
    const h = await mount();
    await until(() => hasButton('Change shortcut…'), 'the page');
    // One of the app's own shortcut listeners (Ctrl+K opens the quick switcher), added after the recorder's.
    const appShortcuts: string[] = [];
    const appListener = (e: KeyboardEvent): void => void appShortcuts.push(e.key);
    window.addEventListener('keydown', appListener, true);
    try {
      await click(button('Change shortcut…'));
      const panel = document.querySelector('[role="group"][aria-labelledby="shortcut-recorder-title"]');
      expect(document.activeElement).toBe(panel);
      expect(live()).toContain('Press the new shortcut. Escape keeps the current one.');
      await until(() => h.held(), 'the saved shortcut to be let go');

      // Tab still moves between the recorder's buttons; a lone letter is not a shortcut.
      expect((await press({ key: 'Tab', code: 'Tab' })).defaultPrevented).toBe(false);
      await press({ key: 'a', code: 'KeyA' });
      expect(live()).toContain('needs a modifier such as Ctrl or Alt');
      expect(h.calls).toEqual([]);

      const ctrlK = await press({ key: 'k', code: 'KeyK', ctrlKey: true });
      expect(ctrlK.defaultPrevented).toBe(true);
      expect(appShortcuts).toEqual(['Tab']); // the recorder took Ctrl+K and the letter
      await until(() => live().includes('Now press Ctrl+K once more, anywhere, to check it works.'), 'the test');
      expect(h.testing()).toBe('CommandOrControl+K');
      expect(text()).toContain('New shortcut:');
      expect(await axeViolations()).toEqual([]);

      await act(async () => h.press());
      await until(() => live().includes('It works. Save to use Ctrl+K for quick capture.'), 'the press');
      expect(document.activeElement).toBe(button('Save'));
      await click(button('Save'));
      await until(() => hasButton('Change shortcut…'), 'the recorder to close');
      expect(h.settings().captureHotkey).toBe('CommandOrControl+K');
      expect(currentKeys()).toEqual(['Ctrl', 'K']);
      expect(live()).toContain('Saved. Control K now opens quick capture.');
      expect(document.activeElement).toBe(button('Change shortcut…'));
      await until(() => !h.held() && h.testing() === null, 'the host to take the shortcut back');

      // Closed again: the app's shortcuts get their keys back.
      await press({ key: 'k', code: 'KeyK', ctrlKey: true });
      expect(appShortcuts).toEqual(['Tab', 'k']);
    } finally {
      window.removeEventListener('keydown', appListener, true);
    }
  });

  it('keys typed elsewhere (the quick switcher, the search field) are left alone while the recorder waits', async () => {
    const h = await mount();
    await until(() => hasButton('Change shortcut…'), 'the page');
    await click(button('Change shortcut…'));
    const elsewhere = document.createElement('input');
    elsewhere.setAttribute('aria-label', 'Search all notes');
    document.body.append(elsewhere);
    try {
      elsewhere.focus();
      expect((await press({ key: 'k', code: 'KeyK', ctrlKey: true })).defaultPrevented).toBe(false);
      expect((await press({ key: 'Escape', code: 'Escape' })).defaultPrevented).toBe(false);
      expect(hasButton('Cancel')).toBe(true);
      expect(h.calls).toEqual([]);
    } finally {
      elsewhere.remove();
    }
  });

  it('Escape cancels at any step and keeps the old shortcut', async () => {
    const h = await mount();
    await until(() => hasButton('Change shortcut…'), 'the page');
    await click(button('Change shortcut…'));
    await press({ key: 'j', code: 'KeyJ', ctrlKey: true, altKey: true });
    await until(() => h.testing() === 'CommandOrControl+Alt+J', 'the test');
    await press({ key: 'Escape', code: 'Escape' });
    expect(hasButton('Change shortcut…')).toBe(true);
    expect(document.activeElement).toBe(button('Change shortcut…'));
    await until(() => h.testing() === null && !h.held(), 'the test to stop');
    expect(h.settings().captureHotkey).toBe('CommandOrControl+Shift+Space');
    expect(currentKeys()).toEqual(['Ctrl', 'Shift', 'Space']);
    expect(h.calls.filter((c) => c.startsWith('update'))).toEqual([]);
  });

  it('a shortcut another app holds: says so in the recorder, and “Try another shortcut” listens again', async () => {
    const h = await mount({ taken: ['CommandOrControl+Alt+J'] });
    await until(() => hasButton('Change shortcut…'), 'the page');
    await click(button('Change shortcut…'));
    await press({ key: 'j', code: 'KeyJ', ctrlKey: true, altKey: true });
    await until(() => live().includes('That one is taken by another app.'), 'the refusal');
    expect(hasButton('Save')).toBe(false);
    await click(button('Try another shortcut'));
    expect(live()).toContain('Press the new shortcut.');
    expect(h.testing()).toBeNull();
  });

  it('a saved shortcut the OS refused: the reason, and the suggestions as buttons that start a test', async () => {
    const h = await mount({ taken: ['CommandOrControl+Shift+Space'] });
    await until(() => text().includes('is taken by another app'), 'the refusal');
    expect(document.querySelector('.settings-problem')?.textContent).toBe('Ctrl+Shift+Space is taken by another app, so Kindred cannot use it.');
    expect(hasButton('Use nonsense+')).toBe(false); // not a shortcut here: not offered
    expect(await axeViolations()).toEqual([]);
    await click(button('Use Ctrl+Alt+K'));
    await until(() => h.testing() === 'CommandOrControl+Alt+K', 'the test of the suggestion');
    expect(live()).toContain('Now press Ctrl+Alt+K once more');
    await click(button('Save without checking'));
    await until(() => h.settings().captureHotkey === 'CommandOrControl+Alt+K', 'the save');
    await until(() => !text().includes('is taken by another app'), 'the new state');
  });

  it('on Wayland: explains how to bind kindred --capture in the desktop’s settings', async () => {
    await mount({
      wayland: {
        active: true,
        instructions: 'On Wayland, apps cannot always claim a global shortcut. If pressing it does nothing, open GNOME Settings → Keyboard → Custom Shortcuts, add a shortcut with the command kindred --capture and press your keys.',
      },
    });
    await until(() => text().includes('On Wayland'), 'the instructions');
    expect(document.querySelector('.settings-note code')?.textContent).toBe('kindred --capture');
    expect(text()).toContain('GNOME Settings → Keyboard → Custom Shortcuts');
  });

  it('on macOS: keys drawn as symbols and read as words', async () => {
    await mount({ platform: 'darwin' });
    await until(() => currentKeys().length > 0, 'the keys');
    expect(currentKeys()).toEqual(['⇧', '⌘', 'Space']);
    expect(document.querySelector('.shortcut-current .shortcut-keys')?.textContent).toBe('⇧Shift ⌘Command Space');
    expect(text()).toContain('On by default on macOS.');
    expect(text()).not.toContain('kindred --capture');
  });
});

describe('Settings page, browser build', () => {
  it('says these are desktop-app settings and shows no controls that could do nothing', async () => {
    await mount({ browser: true });
    await until(() => text().includes('These settings are part of the desktop app.'), 'the note');
    expect(document.querySelectorAll('input, button')).toHaveLength(0);
    expect(text()).not.toContain('kindred --capture');
    expect(document.querySelector('a[href="#/settings/devices"]')).not.toBeNull();
    expect(await axeViolations()).toEqual([]);
  });
});

describe('app.command', () => {
  it('goes to Today, Search or Settings, opens the quick switcher, and ignores what it does not know', async () => {
    const h = await mount({ browser: true });
    await act(async () => h.command('settings'));
    await until(() => window.location.hash === '#/settings', 'settings');
    await act(async () => h.command('today'));
    await until(() => window.location.hash === '#/today', 'today');
    await act(async () => h.command('search'));
    await until(() => window.location.hash === '#/search', 'search');
    await act(async () => h.command('jump'));
    await until(() => h.switcherOpened === 1, 'the switcher');
    await act(async () => served?.emit('app.command', { command: 'format-disk' } as never));
    await act(async () => served?.emit('app.command', { command: 'capture' } as never));
    expect(window.location.hash).toBe('#/search');
    expect(h.switcherOpened).toBe(1);
  });
});
