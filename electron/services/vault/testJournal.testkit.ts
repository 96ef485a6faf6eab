/**
 * Test helpers (not shipped): a journal in a real LevelDB store, written through the domain
 * functions, with pages written by callers (see exportVault.test.ts, which writes them through a
 * real headless Lexical editor). Kept free of renderer imports (lint: services never import it).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { WORKSPACE_DOC_ID, initWorkspace } from '../../../shared/domain/workspace';
import { openLevelStore, openMemoryStore } from '../store/index';
import type { JournalStore } from '../store/types';

export interface TestJournal {
  store: JournalStore;
  ws: Y.Doc;
  root: string;
  /** Resolves once every update written so far is durable in the store. */
  flush(): Promise<void>;
  /** A page doc whose updates go to the store (write it, then flush). */
  pageDoc(id: string): Y.Doc;
  cleanup(): Promise<void>;
}

/** `memory`: the store's own in-memory backend (same JournalStore code), for seeding thousands of pages fast. */
export async function openTestJournal(opts: { memory?: boolean } = {}): Promise<TestJournal> {
  const root = await mkdtemp(join(tmpdir(), 'kindred-vault-'));
  const store = opts.memory ? await openMemoryStore() : await openLevelStore(join(root, 'data'));
  const pending: Promise<unknown>[] = [];
  const ws = new Y.Doc({ guid: WORKSPACE_DOC_ID });
  ws.on('update', (u: Uint8Array) => pending.push(store.applyUpdate(WORKSPACE_DOC_ID, u, 'test')));
  initWorkspace(ws);
  const docs: Y.Doc[] = [];
  return {
    store,
    ws,
    root,
    flush: async () => {
      while (pending.length) await Promise.all(pending.splice(0));
    },
    pageDoc: (id) => {
      const doc = new Y.Doc({ guid: id });
      doc.on('update', (u: Uint8Array) => pending.push(store.applyUpdate(id, u, 'test')));
      docs.push(doc);
      return doc;
    },
    cleanup: async () => {
      for (const d of docs) d.destroy();
      await Promise.all(pending.splice(0));
      await store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Every file under dir (relative, '/'-separated, hidden ones too) → its bytes as text. */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(p);
      else out.set(p, await readFile(join(dir, p), 'utf8'));
    }
  };
  await walk('');
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
