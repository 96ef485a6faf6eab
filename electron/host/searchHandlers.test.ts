import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createConversation, initWorkspace, WORKSPACE_DOC_ID } from '../../shared/domain/workspace';
import { searchEventSchemas, searchRequestSchemas, type SearchState } from '../../shared/host/slices/search';
import { pageDocWith, para } from '../../shared/pages/pageDoc.testkit';
import { startSearchHost } from '../services/search';
import { openLevelHarness, type StoreHarness } from '../services/store/storeTest.testkit';
import type { HostEmitter } from './emitter';
import { createSearchSlice } from './searchHandlers';

/** `search.*` over a real search host on a real LevelDB store. */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const ctx = { clientId: 'w1' };

function emitter(into: SearchState[]): HostEmitter {
  return {
    emitTo: () => undefined,
    emitAll: ((event: string, payload: SearchState) => {
      expect(event).toBe('search.state');
      expect(searchEventSchemas['search.state'].safeParse(payload).success).toBe(true);
      into.push(payload);
    }) as HostEmitter['emitAll'],
  };
}

describe('search.* handlers', () => {
  it('validates queries: bounded text, known kinds, dates, limits; nothing else', () => {
    const ok = (p: unknown): boolean => searchRequestSchemas['search.query'].safeParse(p).success;
    expect(ok({ q: 'maria bakery' })).toBe(true);
    expect(ok({ q: '', filter: { kinds: ['journal'], from: '2024', to: '2024-06-30', people: ['p1'] }, limit: 20 })).toBe(true);
    expect(ok({ q: 'x'.repeat(1001) })).toBe(false);
    expect(ok({ q: 'a', filter: { kinds: ['diary'] } })).toBe(false);
    expect(ok({ q: 'a', filter: { from: 'last tuesday' } })).toBe(false);
    expect(ok({ q: 'a', limit: 0 })).toBe(false);
    expect(ok({ q: 'a', extra: 1 })).toBe(false);
    expect(ok({})).toBe(false);
  });

  it('answers from the host index and tells every window its state', async () => {
    const h: StoreHarness = await openLevelHarness();
    cleanups.push(() => h.cleanup());
    const ws = new Y.Doc();
    initWorkspace(ws);
    const id = createConversation(ws, '2025-01-02', '', { now: 1, deviceId: 'd' });
    await h.store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws), 'test');
    await h.store.applyUpdate(id, Y.encodeStateAsUpdate(pageDocWith(id, [para('We walked to the old windmill')])), 'test');
    const states: SearchState[] = [];
    const host = startSearchHost(h.store, { saveDelayMs: 5, log: () => undefined });
    cleanups.push(async () => (await host).close());
    const slice = createSearchSlice(host, emitter(states), () => undefined);
    cleanups.push(async () => slice.dispose());
    await (await host).idle();
    const res = await slice.handlers['search.query']({ q: 'windmill' }, ctx);
    expect(res).toMatchObject({ complete: true, state: { kind: 'ready' } });
    expect(res.hits.map((x) => x.id)).toEqual([id]);
    expect(states[states.length - 1]?.kind).toBe('ready');
  });

  it('refuses clearly in a host without a search index', async () => {
    const logged: string[] = [];
    const slice = createSearchSlice(Promise.reject(new Error('disk gone')), emitter([]), (l) => logged.push(l));
    await expect(slice.handlers['search.query']({ q: 'x' }, ctx)).rejects.toThrow(/Search is not available/);
    expect(logged.join()).toContain('disk gone');
    slice.dispose();
  });
});
