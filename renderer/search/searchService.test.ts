// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createConversation, createPerson, initWorkspace } from '../../shared/domain/workspace';
import { writeSeed } from '../care/seedNote';
import { DocStore } from '../storage/docStore';
import { startPageFactsUpdater } from '../storage/pageFactsUpdater';
import { createWorkspaceView } from '../state/workspaceView';
import { createSearchService, type SearchService } from './searchService';

/**
 * The search service against real Yjs docs in (fake) IndexedDB: the first start indexes every
 * page with progress; later starts load the saved index and open no page doc at all — except
 * pages edited since the last save.
 */
const disposers: (() => unknown)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
  vi.restoreAllMocks();
});

const stamp = { now: 1, deviceId: 'dev' };
const until = async (check: () => boolean, ms = 10_000): Promise<void> => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function workspaceWithNotes(count: number) {
  const ws = new Y.Doc();
  initWorkspace(ws);
  const docs = new DocStore({ onFailure: (f) => { throw f; } });
  const updater = startPageFactsUpdater(ws, docs, () => 1, 1);
  const maria = createPerson(ws, 'María', '2026-01-01', stamp).id;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = createConversation(ws, `2026-02-${String((i % 27) + 1).padStart(2, '0')}`, '', stamp);
    const words = i === 7 ? 'her sister is opening a bakery' : `ordinary day number ${i}`;
    await docs.editDoc(id, (doc) => writeSeed(doc, [{ type: 'paragraph', inlines: ['Walk with ', { mention: maria }, ` — ${words}`] }]));
    ids.push(id);
  }
  await new Promise((r) => setTimeout(r, 20));
  updater.flush();
  disposers.push(() => updater.stop());
  return { ws, docs, ids, maria };
}

function start(ws: Y.Doc, docs: DocStore): { search: SearchService; states: string[] } {
  const view = createWorkspaceView(ws);
  const search = createSearchService({ ws, view, docs, recentIds: () => [] });
  const states: string[] = [];
  search.subscribe(() => states.push(search.state().kind));
  disposers.push(() => search.dispose(), () => view.dispose());
  return { search, states };
}

describe('search service', () => {
  it('indexes every page once with progress, then later starts open no page doc', async () => {
    localStorage.clear();
    const { ws, docs, ids } = await workspaceWithNotes(30);
    const first = start(ws, docs);
    await until(() => first.search.state().kind === 'ready');
    expect(first.states).toContain('indexing');
    expect(first.search.search('bakry').map((h) => h.id)).toEqual([ids[7]]);
    expect(first.search.search('maria', { kinds: ['conversation'] }, 100)).toHaveLength(30); // and her own page besides
    await first.search.flush();
    first.search.dispose();

    const loads = vi.spyOn(docs, 'loadDoc');
    const second = start(ws, docs);
    await until(() => second.search.state().kind === 'ready');
    expect(second.states).not.toContain('indexing');
    expect(loads).not.toHaveBeenCalled();
    expect(second.search.search('"opening a bakery"').map((h) => h.id)).toEqual([ids[7]]);
  });

  it('after a crash, re-indexes only the pages edited since the last save', async () => {
    localStorage.clear();
    const { ws, docs, ids } = await workspaceWithNotes(12);
    const first = start(ws, docs);
    await until(() => first.search.state().kind === 'ready');
    await first.search.flush();
    first.search.dispose();
    // An edit to one closed page that the index never heard about (the app died first),
    // recorded in the dirty list as the running app does before anything else.
    await docs.editDoc(ids[3]!, (doc) => {
      const root = doc.get('root', Y.XmlText);
      const para = root.toDelta()[0].insert as Y.XmlText;
      para.insert(para.length, ' and a kiln');
    });
    localStorage.setItem('kindred.search.dirty', JSON.stringify([ids[3]]));

    const loads = vi.spyOn(docs, 'loadDoc');
    const second = start(ws, docs);
    await until(() => second.search.state().kind === 'ready' && loads.mock.calls.length > 0);
    await until(() => second.search.search('kiln').length > 0);
    expect(loads.mock.calls.map((c) => c[0])).toEqual([ids[3]]);
    expect(second.search.search('kiln').map((h) => h.id)).toEqual([ids[3]]);
  });
});
