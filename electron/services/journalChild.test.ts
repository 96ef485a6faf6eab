import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { para, pageDocWith } from '../../shared/pages/pageDoc.testkit';
import type { DerivedPageFacts } from '../../shared/domain/types';
import { connectDerivedOverPort } from './derived/derivedOverPort';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { DERIVED_CHANNEL, KEYS_CHANNEL, STORE_CHANNEL, SYNC_CHANNEL } from './journalChannels';
import { serveKeyWrapOverPort } from './sync/keyWrapOverPort';
import { connectSyncOverPort } from './sync/syncOverPort';
import { syncKeyDir } from './sync/syncKeyDir';
import { channelPort } from './store/port/channel';
import { childProcessPort } from './store/port/childEntry';
import { connectStoreOverPort } from './store/port/storeOverPort';

/**
 * The journal process as Electron runs it (store + derived index side by side, one port, two
 * channels), across a real process boundary: child_process.fork instead of utilityProcess.fork.
 */
const ENTRY = join(__dirname, 'journalChild.entry.ts');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const child = fork(ENTRY, [dataDir], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, KINDRED_SYNC_BOOTSTRAP: 'none', KINDRED_SYNC_LAN: '0', ...env },
  });
  children.push(child);
  const port = childProcessPort(child);
  return {
    child,
    port,
    store: connectStoreOverPort(channelPort(port, STORE_CHANNEL)),
    derived: connectDerivedOverPort(channelPort(port, DERIVED_CHANNEL)),
  };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

describe('the journal process (store + derived index on one port)', () => {
  it('serves the store and the index that follows it; closing stops both cleanly; a restart keeps the facts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kindred-journal-child-'));
    dirs.push(dataDir);
    const first = start(dataDir);
    const store = await first.store;
    const derived = await first.derived;
    const heard = new Promise<DerivedPageFacts | null>((resolve) =>
      derived.onChange((change) => {
        const page = change.pages.find(([id]) => id === 'note-child');
        if (page) resolve(page[1]);
      }),
    );
    const doc = pageDocWith('note-child', [para('Lunch with the neighbours, talked about the garden')]);
    const { seq } = await store.applyUpdate('note-child', Y.encodeStateAsUpdate(doc), 'test');
    const facts = await heard;
    expect(JSON.stringify(facts?.preview)).toContain('Lunch with the neighbours');
    expect(derived.seq()).toBeGreaterThanOrEqual(seq);
    const listed = await derived.pages(undefined, 100);
    expect(listed.pages.map(([id]) => id)).toContain('note-child');

    // Main closes the store on quit: the child stops the index first, then the store, then exits.
    await store.close();
    first.child.disconnect();
    expect(await exited(first.child)).toBe(0);

    const second = start(dataDir);
    const again = await second.derived;
    const relisted = await again.pages(undefined, 100);
    expect(relisted.pages.find(([id]) => id === 'note-child')?.[1].preview).toEqual(facts?.preview);
    expect(again.seq()).toBeGreaterThanOrEqual(seq);
    await (await second.store).close();
    second.child.disconnect();
    expect(await exited(second.child)).toBe(0);
  });
});

describe('sync in the journal process', () => {
  it('is served on its own channel, and wraps the device key with the keychain main offers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kindred-journal-child-sync-'));
    dirs.push(dataDir);
    const proc = start(dataDir, { KINDRED_KEYCHAIN_OVER_PORT: '1' });
    // Main's side: a keychain. The real one is Electron's safeStorage, which this machine cannot
    // run; this stand-in tags and reverses the bytes (the only mock here).
    serveKeyWrapOverPort(channelPort(proc.port, KEYS_CHANNEL), {
      encrypt: async (b) => new Uint8Array([0x6b, ...[...b].reverse()]),
      decrypt: async (b) => new Uint8Array([...b.subarray(1)].reverse()),
    });
    const sync = await connectSyncOverPort(channelPort(proc.port, SYNC_CHANNEL));
    expect(sync.status()).toMatchObject({ enabled: false, summary: { kind: 'off' } });
    const invite = await sync.createPairing();
    expect(invite.invite).toMatch(/^kindred-invite-/);
    expect(sync.status().thisDevice.fingerprint).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const keyDir = syncKeyDir(dataDir);
    const file = readdirOne(keyDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ wrapped: true });
    await (await proc.store).close();
    proc.child.disconnect();
    expect(await exited(proc.child)).toBe(0);
  });
});

function readdirOne(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.key') || f.endsWith('.json'));
  if (files.length !== 1) throw new Error(`expected one key file in ${dir}, found ${files.join(', ')}`);
  return join(dir, files[0]!);
}
