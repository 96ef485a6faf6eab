// @vitest-environment jsdom
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHostHandlers } from '../../../electron/host/handlers';
import { webDataServices } from '../../../electron/services/dataJobs/webData';
import { openLevelStore } from '../../../electron/services/store';
import type { JournalStore } from '../../../electron/services/store/types';
import { createTransportClient } from '../../../shared/host/client';
import type { HostEventName, HostEvents } from '../../../shared/host/contract';
import { createHostRouter } from '../../../shared/host/router';
import { serveConnection, type ServedConnection } from '../../../shared/host/server';
import { createInMemoryPair } from '../../../shared/host/transport';
import { AppServicesContext, type AppServices } from '../../state/AppServices';
import { runAppCommand } from '../settings/useAppCommands';
import { DataView } from './DataView';

/**
 * Settings → Your data rendered by React into jsdom, talking to the real `data.*` handlers
 * (router, schemas, job runner) through the in-memory transport, over a real LevelDB store and
 * the web host's exports folder in a temp directory.
 */
let root: Root | null = null;
let container: HTMLElement | null = null;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});
afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  container?.remove();
  container = null;
  for (const c of cleanups.splice(0).reverse()) await c();
  window.location.hash = '';
});

async function mount(): Promise<{ store: JournalStore; exportsDir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'kindred-dataview-'));
  const store = await openLevelStore(join(dir, 'journal'));
  const exportsDir = join(dir, 'exports');
  const web = webDataServices({ store, exportsDir, autoBackup: false });
  const served = new Map<string, ServedConnection>();
  const set = createHostHandlers({
    appInfo: { name: 'Kindred', version: '0.0.0-test', platform: 'test', host: 'web' },
    openExternal: async () => undefined,
    showNotification: async () => 'banner',
    windowReadyToClose: () => undefined,
    store,
    derived: null,
    log: () => undefined,
    data: web.data,
    emitTo<E extends HostEventName>(clientId: string, event: E, payload: HostEvents[E]) {
      served.get(clientId)?.emit(event, payload);
    },
    emitAll<E extends HostEventName>(event: E, payload: HostEvents[E]) {
      served.forEach((s) => s.emit(event, payload));
    },
  });
  const [clientSide, hostSide] = createInMemoryPair();
  served.set('window-1', serveConnection(createHostRouter(set.handlers), hostSide, 'window-1'));
  cleanups.push(async () => {
    set.dispose();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const services = { host: createTransportClient(clientSide), now: () => new Date(2026, 10, 30, 9, 12) } as unknown as AppServices;
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root?.render(createElement(AppServicesContext.Provider, { value: services }, createElement(DataView))));
  await waitFor(() => container?.textContent?.includes(exportsDir) ?? false);
  return { store, exportsDir };
}

async function waitFor(ok: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out; page says: ${container?.textContent ?? ''}`);
    await act(async () => new Promise((r) => setTimeout(r, 10)));
  }
}

const button = (name: string): HTMLButtonElement => {
  const b = [...(container?.querySelectorAll('button') ?? [])].find((x) => x.textContent === name);
  if (!b) throw new Error(`no button "${name}"`);
  return b;
};
const click = async (el: HTMLElement): Promise<void> => act(async () => el.click());
const setValue = async (input: HTMLInputElement, value: string): Promise<void> =>
  act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
const submit = async (form: HTMLFormElement): Promise<void> => act(async () => void form.requestSubmit());

describe('Settings → Your data', () => {
  it('asks for a name in the browser build, exports, and says where it was saved', async () => {
    const { exportsDir } = await mount();
    await click(button('Export calendar (.ics)…'));
    const input = container!.querySelector<HTMLInputElement>('.data-name input')!;
    expect(document.activeElement).toBe(input);
    expect(input.value).toBe('Kindred birthdays 2026-11-30');
    expect(container!.textContent).toContain('(.ics is added)');
    await setValue(input, 'birthdays');
    await submit(container!.querySelector('form.data-name')!);
    await waitFor(() => container!.querySelector('.data-result[data-kind="calendar"]') !== null);
    const result = container!.querySelector('.data-result[data-kind="calendar"]')!;
    expect(result.getAttribute('role')).toBe('status');
    expect(result.textContent).toBe(`Saved to ${join(exportsDir, 'birthdays.ics')} (0 dates and 0 check-ins).`);
    expect(await readFile(join(exportsDir, 'birthdays.ics'), 'utf8')).toMatch(/^BEGIN:VCALENDAR/);
    expect(container!.querySelector('form.data-name')).toBeNull();
  });

  it('shows a refused name in plain words and keeps the form to fix it', async () => {
    const { exportsDir } = await mount();
    await click(button('Back up now…'));
    await setValue(container!.querySelector<HTMLInputElement>('.data-name input')!, 'a/b');
    await submit(container!.querySelector('form.data-name')!);
    await waitFor(() => container!.querySelector('[role="alert"]') !== null);
    expect(container!.querySelector('[role="alert"]')!.textContent).toContain('cannot contain / or \\');
    expect(container!.querySelector('form.data-name')).not.toBeNull();
    expect(existsSync(exportsDir)).toBe(false);
  });

  it('a File menu command opens Your data and starts that action', async () => {
    await mount();
    act(() => runAppCommand('exportVault', () => undefined));
    expect(window.location.hash).toBe('#/settings/data');
    await waitFor(() => container!.querySelector('.data-name') !== null);
    expect(container!.querySelector('.data-name label')!.textContent).toBe('Name of the folder');
    expect(document.activeElement).toBe(container!.querySelector('.data-name input'));
  });

  it('turns the daily backup on, keeps a chosen number, and refuses a number that is not one', async () => {
    const { store } = await mount();
    await waitFor(() => container!.textContent!.includes('No daily backup yet.'));
    const toggle = container!.querySelector<HTMLInputElement>('.data-toggle input')!;
    expect(toggle.checked).toBe(false);
    await click(toggle);
    await waitFor(() => toggle.checked);
    const keep = container!.querySelector<HTMLInputElement>('.data-keep input')!;
    expect(keep.value).toBe('7');
    await setValue(keep, '0');
    await act(async () => keep.dispatchEvent(new FocusEvent('focusout', { bubbles: true })));
    await waitFor(() => container!.querySelector('[role="alert"]') !== null);
    expect(container!.querySelector('[role="alert"]')!.textContent).toBe('Keep between 1 and 365 backups.');
    await setValue(keep, '3');
    await act(async () => keep.dispatchEvent(new FocusEvent('focusout', { bubbles: true })));
    await waitFor(() => container!.querySelector('[role="alert"]') === null);
    const saved = async (): Promise<unknown> => JSON.parse(new TextDecoder().decode(await store.space('data').get('autoBackup.settings')));
    for (let i = 0; i < 200 && JSON.stringify(await saved()) !== '{"enabled":true,"keep":3}'; i++) await act(async () => new Promise((r) => setTimeout(r, 10)));
    expect(await saved()).toEqual({ enabled: true, keep: 3 });
  });
});
