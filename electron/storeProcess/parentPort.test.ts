import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { runStoreChild } from '../services/store/port/childEntry';
import { connectStoreOverPort } from '../services/store/port/storeOverPort';
import type { MessagePortLike } from '../services/store/port/rpc';
import { dataDirFromArgv, parentPortAdapter, type ParentPortLike } from './parentPort';

/**
 * Electron's parentPort cannot exist here (no Electron binary): it is modelled as an emitter of
 * `{ data }` events with structured-clone copies, which is what utilityProcess documents. The
 * store behind it is the real LevelDB store in a temp folder.
 */
function fakeParentPortPair(): { child: ParentPortLike; main: MessagePortLike } {
  const toChild = new EventEmitter();
  const toMain = new EventEmitter();
  const child: ParentPortLike = {
    postMessage: (m) => queueMicrotask(() => toMain.emit('message', structuredClone(m))),
    on: (e, l) => toChild.on(e, l),
    off: (e, l) => toChild.off(e, l),
  };
  const main: MessagePortLike = {
    postMessage: (m) => queueMicrotask(() => toChild.emit('message', { data: structuredClone(m) })),
    onMessage(cb) {
      toMain.on('message', cb);
      return () => void toMain.off('message', cb);
    },
  };
  return { child, main };
}

describe('store process over parentPort', () => {
  it('serves the real store to main and closes it when main asks', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kindred-storeproc-'));
    try {
      const { child, main } = fakeParentPortPair();
      const served = runStoreChild(parentPortAdapter(child), dir);
      const store = await connectStoreOverPort(main);
      const doc = new Y.Doc();
      doc.getText('t').insert(0, 'hello');
      const { seq } = await store.applyUpdate('note-a', Y.encodeStateAsUpdate(doc), 'window-1');
      expect(seq).toBeGreaterThan(0);
      expect(store.dataDir).toBe(dir);
      await store.close();
      await served.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('finds its folder in argv wherever the launcher put it', () => {
    expect(dataDirFromArgv(['/electron', '/app/out/main/storeProcess.js', '--kindred-data=/home/a/journal'])).toBe('/home/a/journal');
    expect(dataDirFromArgv(['--kindred-data=/x y/j', '--other'])).toBe('/x y/j');
    expect(dataDirFromArgv(['/electron'])).toBeNull();
    expect(dataDirFromArgv(['--kindred-data='])).toBeNull();
  });
});
