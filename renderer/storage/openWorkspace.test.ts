import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WORKSPACE_DOC_ID, createPerson, listPeople } from '../../shared/domain/workspace';
import { startTestHost, type TestHost } from '../replica/inProcessHost.testkit';
import { openTestWindow, type OpenedTestWindow } from '../replica/testWindow.testkit';
import { openWorkspace } from './openWorkspace';

let host: TestHost;
const windows: OpenedTestWindow[] = [];
beforeEach(async () => {
  host = await startTestHost();
  await deleteDb(WORKSPACE_DOC_ID);
});
afterEach(async () => {
  for (const w of windows.splice(0)) w.hub.dispose();
  await host.dispose();
});

function deleteDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
  });
}

function newWindow(): OpenedTestWindow {
  const w = openTestWindow(host);
  windows.push(w);
  return w;
}

describe('openWorkspace over the replica link', () => {
  it('a new journal starts in the store; a window with an empty offline copy gets it from there', async () => {
    const a = newWindow();
    const ws = await openWorkspace(a.hub, a.cacheEvents);
    createPerson(ws.doc, 'Maria', '2026-11-30', { now: 1, deviceId: ws.deviceId });
    await ws.flush();
    expect(ws.pendingWrites()).toBe(0);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await host.stored(WORKSPACE_DOC_ID))!);
    expect(listPeople(stored).map((p) => p.name)).toEqual(['Maria']);
    await ws.replica.close();

    // Another browser profile: nothing in its offline copy.
    await deleteDb(WORKSPACE_DOC_ID);
    const b = newWindow();
    const again = await openWorkspace(b.hub, b.cacheEvents);
    expect(listPeople(again.doc).map((p) => p.name)).toEqual(['Maria']);
    // Opening is not a write.
    expect(again.pendingWrites()).toBe(0);
    await again.replica.close();
  });

  it('keeps this profile’s device id across windows, in the offline copy only', async () => {
    const a = newWindow();
    const first = await openWorkspace(a.hub, a.cacheEvents);
    await first.replica.close();
    const b = newWindow();
    const second = await openWorkspace(b.hub, b.cacheEvents);
    expect(second.deviceId).toBe(first.deviceId);
    expect(second.deviceId).toMatch(/^device-/);
    await second.replica.close();
  });

  it('the window keeps the workspace in step with another window’s edits', async () => {
    const a = newWindow();
    const b = newWindow();
    const wsA = await openWorkspace(a.hub, a.cacheEvents);
    const wsB = await openWorkspace(b.hub, b.cacheEvents);
    createPerson(wsA.doc, 'Sam', '2026-11-30', { now: 1, deviceId: wsA.deviceId });
    await wsA.flush();
    await expect.poll(() => listPeople(wsB.doc).map((p) => p.name)).toEqual(['Sam']);
    await wsA.replica.close();
    await wsB.replica.close();
  });
});
