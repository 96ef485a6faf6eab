import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { StorageFailure } from './guardedPersistence';
import { ResilientPersistence } from './resilientPersistence';

let seq = 0;
const uniqueName = () => `resilient-test-${Date.now()}-${++seq}`;

async function waitFor(check: () => boolean, ms = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function reload(name: string): Promise<string> {
  const doc = new Y.Doc();
  const p = new ResilientPersistence(name, doc, { onFailure: () => undefined, onRecovered: () => undefined }, 5_000);
  await p.loaded;
  const text = doc.getText('t').toString();
  await p.close();
  return text;
}

describe('ResilientPersistence', () => {
  it('reports a dead connection, reconnects, and saves what was typed while storage was down (yjs#650)', async () => {
    const name = uniqueName();
    const doc = new Y.Doc();
    const failures: StorageFailure[] = [];
    const recovered: string[] = [];
    const p = new ResilientPersistence(name, doc, { onFailure: (f) => failures.push(f), onRecovered: (n) => recovered.push(n) }, 5_000);
    await p.loaded;
    doc.getText('t').insert(0, 'before ');
    await p.flush();

    // The browser closes the connection underneath us (as Chromium does on storage pressure).
    forceCloseDatabase(p.persistence.db! as unknown as Parameters<typeof forceCloseDatabase>[0]);
    await waitFor(() => failures.length > 0);
    expect(failures[0]!.message).toMatch(/closed/);

    // Typing goes on while storage is down; nothing may be lost.
    doc.getText('t').insert(7, 'during ');
    await waitFor(() => recovered.length > 0);
    expect(recovered).toEqual([name]);
    doc.getText('t').insert(14, 'after');
    await p.flush();
    await p.close();

    expect(await reload(name)).toBe('before during after');
  });

  it('does not retry a doc whose first load failed (the editor never became editable)', async () => {
    const name = uniqueName();
    // Simulation: an IndexedDB whose open never answers.
    const realOpen = indexedDB.open.bind(indexedDB);
    (indexedDB as { open: unknown }).open = () => ({}) as IDBOpenDBRequest;
    const failures: StorageFailure[] = [];
    const recovered: string[] = [];
    try {
      const p = new ResilientPersistence(name, new Y.Doc(), { onFailure: (f) => failures.push(f), onRecovered: (n) => recovered.push(n) }, 100);
      await expect(p.loaded).rejects.toThrow(/did not answer/);
      await new Promise((r) => setTimeout(r, 400));
      expect(failures).toHaveLength(1);
      expect(recovered).toEqual([]);
    } finally {
      (indexedDB as { open: unknown }).open = realOpen;
    }
  });
});
