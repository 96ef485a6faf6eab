import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { GuardedPersistence, StorageFailure } from './guardedPersistence';

let seq = 0;
const uniqueName = () => `guarded-test-${Date.now()}-${++seq}`;

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  vi.restoreAllMocks();
});

function open(name: string, doc = new Y.Doc()) {
  const failures: StorageFailure[] = [];
  const persistence = new GuardedPersistence(name, doc, (f) => failures.push(f));
  cleanups.push(() => persistence.destroy());
  return { doc, persistence, failures };
}

/** Reads the store behind y-indexeddb's back, on a connection of our own. */
function rawOpen(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function countRecords(name: string): Promise<number> {
  const db = await rawOpen(name);
  try {
    return await new Promise<number>((resolve, reject) => {
      const req = db.transaction('updates', 'readonly').objectStore('updates').count();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

/** Each call is its own Yjs transaction, so its own update and its own IndexedDB write. */
function typeWords(doc: Y.Doc, words: string[]): void {
  const text = doc.getText('t');
  for (const w of words) text.insert(text.length, w + ' ');
}

describe('GuardedPersistence', () => {
  it('persists updates that a later persistence on a fresh doc loads', async () => {
    const name = uniqueName();
    const first = open(name);
    await first.persistence.whenLoaded(5_000);
    typeWords(first.doc, ['hello', 'world']);
    first.doc.getMap('m').set('k', 42);
    await first.persistence.close();

    const second = open(name);
    expect(second.doc.getText('t').toString()).toBe('');
    await second.persistence.whenLoaded(5_000);
    expect(second.doc.getText('t').toString()).toBe('hello world ');
    expect(second.doc.getMap('m').get('k')).toBe(42);
    expect(first.failures).toEqual([]);
    expect(second.failures).toEqual([]);
  });

  it('flush() resolves only once every write has committed', async () => {
    const name = uniqueName();
    const { doc, persistence } = open(name);
    await persistence.whenLoaded(5_000);
    const db = persistence.db!;
    // Count the commits of write transactions as IndexedDB reports them.
    let committed = 0;
    const transaction = db.transaction.bind(db) as IDBDatabase['transaction'];
    vi.spyOn(db, 'transaction').mockImplementation(((...args: Parameters<IDBDatabase['transaction']>) => {
      const tx = transaction(...args);
      if (tx.mode === 'readwrite') tx.addEventListener('complete', () => committed++);
      return tx;
    }) as IDBDatabase['transaction']);

    const words = Array.from({ length: 20 }, (_, i) => `w${i}`);
    typeWords(doc, words);
    expect(persistence.pendingWrites).toBe(20);
    expect(committed).toBe(0);
    await persistence.flush();
    expect(committed).toBe(20);
    expect(persistence.pendingWrites).toBe(0);
    // One record written at open (y-indexeddb stores the doc state) plus one per update.
    expect(await countRecords(name)).toBe(1 + 20);
  });

  it('close() compacts a long update log without losing content', async () => {
    const name = uniqueName();
    const first = open(name);
    await first.persistence.whenLoaded(5_000);
    const words = Array.from({ length: 150 }, (_, i) => `word${i}`);
    typeWords(first.doc, words);
    await first.persistence.flush();
    expect(await countRecords(name)).toBe(151);
    await first.persistence.close();
    expect(await countRecords(name)).toBe(1);

    const second = open(name);
    await second.persistence.whenLoaded(5_000);
    expect(second.doc.getText('t').toString()).toBe(words.join(' ') + ' ');
    await second.persistence.close();
    expect(await countRecords(name)).toBeLessThanOrEqual(2);
    expect([...first.failures, ...second.failures]).toEqual([]);
  });

  it('close() keeps a short log as it is', async () => {
    const name = uniqueName();
    const { doc, persistence } = open(name);
    await persistence.whenLoaded(5_000);
    typeWords(doc, ['a', 'b', 'c']);
    await persistence.close();
    expect(await countRecords(name)).toBe(4);
  });

  it('reports a write to a connection closed underneath it instead of dropping it (yjs#650)', async () => {
    const name = uniqueName();
    const { doc, persistence, failures } = open(name);
    await persistence.whenLoaded(5_000);
    // Simulates the browser closing the connection (e.g. storage cleared, tab backgrounded).
    persistence.db!.close();
    typeWords(doc, ['lost?']);
    const err = await persistence.flush().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFailure);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBe(err);
    expect(failures[0]!.docName).toBe(name);
    expect(failures[0]!.message).toMatch(/^Could not save: InvalidStateError/);
    // Reported once, not once per keystroke.
    typeWords(doc, ['again']);
    await persistence.flush().catch(() => undefined);
    expect(failures).toHaveLength(1);
  });

  it('reports the browser closing the connection (close event)', async () => {
    const { persistence, failures } = open(uniqueName());
    await persistence.whenLoaded(5_000);
    // fake-indexeddb's way to close a connection abnormally, as clearing site data does.
    forceCloseDatabase(persistence.db! as unknown as Parameters<typeof forceCloseDatabase>[0]);
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    expect(failures[0]!.message).toBe('The browser closed this page’s storage connection.');
    expect(persistence.failure).toBe(failures[0]);
  });

  it('close() twice is harmless (a stale connection closed again)', async () => {
    const { doc, persistence, failures } = open(uniqueName());
    await persistence.whenLoaded(5_000);
    typeWords(doc, ['x']);
    await persistence.close();
    await expect(persistence.close()).resolves.toBeUndefined();
    expect(failures).toEqual([]);
  });

  it('does not report its own close', async () => {
    const { doc, persistence, failures } = open(uniqueName());
    await persistence.whenLoaded(5_000);
    typeWords(doc, ['x']);
    await persistence.close();
    typeWords(doc, ['after close']);
    expect(failures).toEqual([]);
  });

  it('whenLoaded(timeout) rejects with a clear message when the open never completes', async () => {
    const name = uniqueName();
    // Simulation: another connection holds the database and ignores a pending upgrade to v2,
    // so every later open request queues behind that blocked upgrade and never answers.
    const holder = await rawOpen(name);
    const upgrade = indexedDB.open(name, 2);
    const upgraded = new Promise<IDBDatabase>((resolve) => (upgrade.onsuccess = () => resolve(upgrade.result)));
    upgrade.onupgradeneeded = () => {
      const db = upgrade.result;
      if (!db.objectStoreNames.contains('updates')) db.createObjectStore('updates', { autoIncrement: true });
      if (!db.objectStoreNames.contains('custom')) db.createObjectStore('custom');
    };
    const { persistence, failures } = open(name);
    const started = Date.now();
    const err = await persistence.whenLoaded(150).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(err).toBeInstanceOf(StorageFailure);
    expect((err as StorageFailure).message).toMatch(/^Storage did not answer within \d+ s\.$/);
    expect(failures).toEqual([err]);
    expect(persistence.failure).toBe(err);
    // Let the queue drain so the test leaves nothing open.
    holder.close();
    (await upgraded).close();
  });

  it('whenLoaded rejects when the open fails', async () => {
    // y-indexeddb's own constructor chains `_db.then(...)` without a catch, so a failed open
    // also surfaces as an unhandled rejection; capture it here instead of failing the run.
    const unhandled: unknown[] = [];
    const previous = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    const capture = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', capture);
    cleanups.push(() => {
      process.off('unhandledRejection', capture);
      previous.forEach((l) => process.on('unhandledRejection', l));
    });

    // Simulation: indexedDB.open errors at once, as it does when storage is unavailable.
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      const req = { error: new DOMException('quota', 'QuotaExceededError') } as unknown as IDBOpenDBRequest;
      queueMicrotask(() => req.onerror?.call(req, { target: req } as unknown as Event));
      return req;
    });
    const failures: StorageFailure[] = [];
    const persistence = new GuardedPersistence(uniqueName(), new Y.Doc(), (f) => failures.push(f));
    const err = await persistence.whenLoaded(5_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFailure);
    expect((err as StorageFailure).message).toMatch(/Could not open storage: .*QuotaExceededError/);
    expect(failures).toHaveLength(1);
    await vi.waitFor(() => expect(unhandled).toHaveLength(1));
  });
});
