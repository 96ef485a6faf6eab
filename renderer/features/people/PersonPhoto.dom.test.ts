// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writePersonPhoto, type PersonPhoto as Photo } from '../../../shared/pages/personPhoto';
import { startTestHost, type TestHost } from '../../replica/inProcessHost.testkit';
import { openTestWindow, uniquePage, waitFor, type OpenedTestWindow } from '../../replica/testWindow.testkit';
import { AppServicesContext, type AppServices } from '../../state/AppServices';
import { PersonPhoto } from './PersonPhoto';

/**
 * The person page's photo, rendered by React into jsdom over a real DocStore, replica link and
 * in-process host with the real journal store. jsdom has no blob: URLs (a browser does): the
 * stand-in below keeps each Blob under a made-up blob: URL so the test can read what was shown.
 */
const blobs = new Map<string, Blob>();
let next = 0;
beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  URL.createObjectURL = (blob: Blob): string => {
    const url = `blob:test/${++next}`;
    blobs.set(url, blob);
    return url;
  };
  URL.revokeObjectURL = (url: string): void => void blobs.delete(url);
});

let host: TestHost;
let w: OpenedTestWindow;
let root: Root | null = null;
let container: HTMLElement;
beforeEach(async () => {
  host = await startTestHost();
  w = openTestWindow(host);
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  container.remove();
  w.hub.dispose();
  await host.dispose();
});

const photo = (fill: number): Photo => ({ mime: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 0xff, fill, fill, fill]), from: 'vcard', hash: `hash-${fill}` });

/** What another window (or an import on the host) writes into the person's page doc. */
async function storePhoto(personId: string, p: Photo): Promise<void> {
  const doc = new Y.Doc();
  const u = await host.stored(personId);
  if (u) Y.applyUpdate(doc, u);
  const sv = Y.encodeStateVector(doc);
  writePersonPhoto(doc, p);
  await host.store.applyUpdate(personId, Y.encodeStateAsUpdate(doc, sv), 'import');
}

function render(personId: string, name: string): void {
  root = createRoot(container);
  const services = { docs: w.docs } as unknown as AppServices; // the component reads only `docs`
  act(() => root!.render(createElement(AppServicesContext.Provider, { value: services }, createElement(PersonPhoto, { personId, name }))));
}

const img = (): HTMLImageElement | null => container.querySelector('img');
/** jsdom's Blob has no arrayBuffer(); its FileReader reads it. */
const shownBytes = (): Promise<number[]> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve([...new Uint8Array(reader.result as ArrayBuffer)]);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blobs.get(img()!.src)!);
  });

describe('PersonPhoto', () => {
  it('shows the stored photo as a 96 px round image named for the person, and follows a new one live', async () => {
    const personId = uniquePage('person');
    await storePhoto(personId, photo(1));
    // The page's editor holds the live doc while the person page is open.
    const editor = w.docs.connect(personId, new Y.Doc({ guid: personId }));
    await editor.loaded;
    render(personId, 'Sam');
    await waitFor('the photo', () => img() !== null);
    expect(img()!.alt).toBe('Photo of Sam');
    expect([img()!.width, img()!.height, img()!.style.borderRadius]).toEqual([96, 96, '50%']);
    expect(img()!.src).toMatch(/^blob:/);
    expect(blobs.get(img()!.src)!.type).toBe('image/jpeg');
    expect(await shownBytes()).toEqual([0xff, 0xd8, 0xff, 1, 1, 1]);
    const first = img()!.src;

    await storePhoto(personId, photo(2));
    await waitFor('the new photo', () => img()?.src !== first);
    expect(await shownBytes()).toEqual([0xff, 0xd8, 0xff, 2, 2, 2]);
    expect(blobs.has(first)).toBe(false); // the old URL was revoked
    await act(async () => root?.unmount());
    root = null;
    expect(blobs.size).toBe(0);
    editor.close();
  });

  it('shows nothing for a person without a photo', async () => {
    const personId = uniquePage('person');
    await w.docs.editDoc(personId, (d) => d.getText('t').insert(0, 'about them'));
    render(personId, 'Noor');
    await act(async () => w.docs.loadDoc(personId)); // the component's own load has finished too
    expect(img()).toBeNull();
    expect(container.innerHTML).toBe('');
  });
});
