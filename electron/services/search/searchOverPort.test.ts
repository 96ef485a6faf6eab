import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createConversation, initWorkspace, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { pageDocWith, para } from '../../../shared/pages/pageDoc.testkit';
import { SEARCH_CHANNEL, STORE_CHANNEL } from '../journalChannels';
import { channelPort } from '../store/port/channel';
import { childProcessPort } from '../store/port/childEntry';
import { connectStoreOverPort } from '../store/port/storeOverPort';
import { connectSearchOverPort, createSearchSlot } from './searchOverPort';
import type { SearchHost, SearchHostState } from './types';

/**
 * Search as Electron runs it: in the journal process beside the store, served on its own
 * channel of the one port, across a real process boundary (child_process.fork instead of
 * utilityProcess.fork), with main's slot in front.
 */
const ENTRY = join(__dirname, '..', 'journalChild.entry.ts');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(dataDir: string) {
  const child = fork(ENTRY, [dataDir], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, KINDRED_SYNC_BOOTSTRAP: 'none', KINDRED_SYNC_LAN: '0' },
  });
  children.push(child);
  const port = childProcessPort(child);
  return { child, store: connectStoreOverPort(channelPort(port, STORE_CHANNEL)), search: connectSearchOverPort(channelPort(port, SEARCH_CHANNEL)) };
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

/** Resolves with the first state the index reports that passes `ok` (its current one included). */
function stateWhere(search: SearchHost, ok: (s: SearchHostState) => boolean): Promise<SearchHostState> {
  return new Promise((resolve) => {
    if (ok(search.state())) return resolve(search.state());
    const off = search.onState((s) => {
      if (ok(s)) {
        off();
        resolve(s);
      }
    });
  });
}

describe('search in the journal process', () => {
  it('indexes what the store receives, answers across the port, and keeps its index across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kindred-search-child-'));
    dirs.push(dataDir);
    const first = start(dataDir);
    const store = await first.store;
    const slot = createSearchSlot();
    slot.attach(await first.search);
    const ws = new Y.Doc();
    initWorkspace(ws);
    const id = createConversation(ws, '2025-03-04', 'the harbour', { now: 1, deviceId: 'test' });
    await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws), 'test');
    await store.applyUpdate(id, Y.encodeStateAsUpdate(pageDocWith(id, [para('Lunch with the neighbours, talked about the lighthouse')])), 'test');
    // Live changes are indexed shortly after the batch; poll the answer itself (a state event
    // may have fired before this listener existed).
    let res = await slot.query({ q: 'lighthouse' });
    while (res.hits.length === 0) {
      await stateWhere(slot, (s) => s.kind === 'ready');
      res = await slot.query({ q: 'lighthouse' });
      if (res.hits.length === 0) await new Promise((r) => setImmediate(r));
    }
    expect(res.hits.map((h) => h.id)).toEqual([id]);
    expect(res.hits[0]!.title).toBe('Conversation — the harbour');
    await expect(slot.query({ q: 'x'.repeat(10) })).resolves.toMatchObject({ hits: [] });

    await store.close(); // main closes the store on quit: the child stops search first
    first.child.disconnect();
    expect(await exited(first.child)).toBe(0);
    slot.detach();

    const second = start(dataDir);
    const again = await second.search;
    slot.attach(again);
    await stateWhere(slot, (s) => s.kind === 'ready');
    const reloaded = await slot.query({ q: 'harbour lighthouse' });
    expect(reloaded).toMatchObject({ complete: true });
    expect(reloaded.hits[0]?.id).toBe(id);
    await (await second.store).close();
    second.child.disconnect();
    expect(await exited(second.child)).toBe(0);
    await slot.close();
  }, 60_000);
});
