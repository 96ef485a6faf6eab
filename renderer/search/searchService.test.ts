// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createConversation, createPerson, initWorkspace, pagesMap, WORKSPACE_DOC_ID } from '../../shared/domain/workspace';
import { writeSeed } from '../care/seedNote';
import { startTestHost } from '../replica/inProcessHost.testkit';
import { openTestWindow } from '../replica/testWindow.testkit';
import { createDerivedFacts } from '../state/derivedFacts';
import { createWorkspaceView } from '../state/workspaceView';
import { createSearchService, type SearchService } from './searchService';

/**
 * The window's search service against the real stack: a real in-process host whose search index
 * runs beside its journal store (as in both hosts), the window's replica DocStore on
 * fake-indexeddb writing through `replica.*`, and `search.query` / `search.state` over the
 * in-memory transport.
 */
const disposers: (() => unknown)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0).reverse()) await d();
});

const stamp = { now: 1, deviceId: 'dev' };

/** Waits for a condition re-checked on every state the service reports (and a short poll). */
async function until(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function journal(count: number) {
  const host = await startTestHost();
  const win = openTestWindow(host);
  disposers.push(() => host.dispose(), () => win.docs.flushAll());
  let maria = '';
  const ids: string[] = [];
  await win.docs.editDoc(WORKSPACE_DOC_ID, (ws) => {
    initWorkspace(ws);
    maria = createPerson(ws, 'María Núñez', '2026-01-01', stamp).id;
    for (let i = 0; i < count; i++) ids.push(createConversation(ws, `2026-02-${String((i % 27) + 1).padStart(2, '0')}`, '', stamp));
  });
  for (let i = 0; i < count; i++) {
    const words = i === 7 ? 'her sister is opening a bakery' : `ordinary day ${'abcdefghijklmnopqrstuvwxyz'[i % 26]}${i}`;
    await win.docs.editDoc(ids[i]!, (doc) => writeSeed(doc, [{ type: 'paragraph', inlines: ['Walk with ', { mention: maria }, ` — ${words}`] }]));
  }
  await win.docs.flushAll();
  return { host, win, ids, maria };
}

function service(win: ReturnType<typeof openTestWindow>): { search: SearchService; states: string[] } {
  const ws = new Y.Doc();
  const facts = createDerivedFacts({ pages: async () => ({ seq: 0, pages: [], next: null, state: { kind: 'ready' } }), subscribe: () => () => undefined });
  const view = createWorkspaceView(ws, facts);
  const search = createSearchService({ host: win.client, view, recentIds: () => [] });
  const states: string[] = [];
  search.subscribe(() => states.push(search.state().kind));
  disposers.push(() => facts.dispose(), () => view.dispose(), () => search.dispose());
  return { search, states };
}

describe('search service (host-side index)', () => {
  it('finds pages through the host: typos, accents, phrases, filters', async () => {
    const j = await journal(12);
    const { search } = service(j.win);
    await until(async () => (await search.search('bakry')).hits.length > 0);
    const res = await search.search('bakry');
    expect(res.complete).toBe(true);
    expect(res.hits.map((h) => h.id)).toEqual([j.ids[7]]);
    expect((await search.search('"opening a bakery"')).hits.map((h) => h.id)).toEqual([j.ids[7]]);
    // Live pages are indexed shortly after their batch lands.
    await until(async () => (await search.search('nunez', { kinds: ['conversation'] }, 100)).hits.length === 12);
    expect((await search.search('nunez', { kinds: ['person'] })).hits.map((h) => h.id)).toEqual([]); // her page has no text
  });

  it('an edit in another window is found, and the service hears the index state', async () => {
    const j = await journal(4);
    const { search, states } = service(j.win);
    await until(async () => (await search.search('bakery')).complete);
    const other = openTestWindow(j.host);
    disposers.push(() => other.docs.flushAll());
    await other.docs.editDoc(j.ids[2]!, (doc) => {
      const para = doc.get('root', Y.XmlText).toDelta()[0].insert as Y.XmlText;
      para.insert(para.length, ' and a kiln');
    });
    await other.docs.flushAll();
    await until(async () => (await search.search('kiln')).hits.length > 0);
    expect((await search.search('kiln')).hits.map((h) => h.id)).toEqual([j.ids[2]]);
    expect(states).toContain('ready');
  });

  it('pages in Trash are left out', async () => {
    const j = await journal(3);
    const { search } = service(j.win);
    await until(async () => (await search.search('bakery c2')).hits.length > 0);
    await j.win.docs.editDoc(WORKSPACE_DOC_ID, (ws) => pagesMap(ws).get(j.ids[2]!)!.set('deletedAt', 5));
    await j.win.docs.flushAll();
    await until(async () => !(await search.search('"day c2"')).hits.some((h) => h.id === j.ids[2]));
  });

  it('deletes the index the window used to keep in IndexedDB', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open('kindred-search', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('index');
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
    const j = await journal(1);
    service(j.win);
    await until(async () => !(await indexedDB.databases()).some((d) => d.name === 'kindred-search'));
  });
});
