/**
 * `kindred` against a running app: a real journal process (what Electron runs, forked here as
 * plain Node over a real LevelDB folder) holds the folder; runCli finds it locked and works
 * through the app's endpoint. A window's view of the store (the IPC port) sees the import live;
 * a backup through the app equals one taken after quitting; restore goes through the app only as
 * a merge.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WORKSPACE_DOC_ID } from '../../shared/domain/workspace';
import { listDocIds } from '../services/backup';
import { endpointReady, forkHost, quitHost, type ForkedHost } from '../services/cliEndpoint/hostFork.testkit';
import { peopleIn } from '../services/contacts/contacts.testkit';
import { openLevelStore } from '../services/store/index';
import type { AppliedChange, JournalStore } from '../services/store/types';
import { COMMANDS } from './index';
import { runCli } from './runCli';

const NOW = Date.UTC(2026, 10, 30, 12);
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function root(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kindred-cli-running-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function kindred(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const r = { code: 0, out: '', err: '' };
  r.code = await runCli(COMMANDS, {
    argv,
    env: {},
    platform: 'linux',
    home: cwd,
    cwd,
    signal: new AbortController().signal,
    now: () => NOW,
    stdout: (t) => void (r.out += t),
    stderr: (t) => void (r.err += t),
  });
  return r;
}

async function running(dataDir: string): Promise<ForkedHost> {
  const host = forkHost(dataDir);
  cleanups.push(async () => host.child.kill('SIGKILL'));
  await host.store;
  await endpointReady(dataDir);
  return host;
}

const CARDS = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Sam Rivera', 'UID:sam-1', 'BDAY:1990-03-14', 'END:VCARD', 'BEGIN:VCARD', 'VERSION:3.0', 'FN:Noor Haddad', 'EMAIL:noor@example.com', 'END:VCARD', ''].join('\r\n');

/** Every doc's id and whole update, in id order. */
async function docsOf(store: JournalStore): Promise<Array<[string, string]>> {
  const ids = (await listDocIds(store)).sort();
  const out: Array<[string, string]> = [];
  for (const id of ids) out.push([id, Buffer.from((await store.getUpdate(id)) ?? new Uint8Array()).toString('base64')]);
  return out;
}

describe('kindred while the app is running', () => {
  it('imports vCards through the app: a window sees the people arrive live; --verbose says which way it went', async () => {
    const dir = await root();
    const journal = join(dir, 'journal');
    const host = await running(journal);
    const window = await host.store;
    const heard = new Promise<AppliedChange>((resolve) =>
      window.onChange((changes) => changes.forEach((c) => c.docId === WORKSPACE_DOC_ID && c.origin === 'import' && resolve(c))),
    );
    await window.head(); // the window's subscription is in place before the import
    const vcf = join(dir, 'friends.vcf');
    await writeFile(vcf, CARDS);
    const r = await kindred(['--verbose', '--data', journal, 'import-vcards', vcf], dir);
    expect(r.err).toContain("Kindred is running: working through the app's journal");
    expect(r.code).toBe(0);
    expect(r.out).toContain('Added 2 people, updated 0, skipped 0.');
    const change = await heard;
    expect(change.update.byteLength).toBeGreaterThan(0);
    expect((await peopleIn(window)).map((p) => [p.name, p.birthday])).toEqual([
      ['Noor Haddad', null],
      ['Sam Rivera', '1990-03-14'],
    ]);
    // The app still runs and holds the folder; a second import adds nobody.
    const again = await kindred(['--quiet', '--data', journal, 'import-vcards', vcf], dir);
    expect(again.out).toContain('Added 0 people');
    expect((await peopleIn(window)).length).toBe(2);
    await quitHost(host);
    // Without the app, --verbose says the folder was opened directly.
    const direct = await kindred(['--verbose', '--quiet', '--data', journal, 'import-vcards', vcf], dir);
    expect(direct.code).toBe(0);
    expect(direct.err).toContain('Opened the journal folder');
  });

  it('backs up through the app exactly what a backup after quitting holds', async () => {
    const dir = await root();
    const journal = join(dir, 'journal');
    const host = await running(journal);
    const vcf = join(dir, 'friends.vcf');
    await writeFile(vcf, CARDS);
    expect((await kindred(['--quiet', '--data', journal, 'import-vcards', vcf], dir)).code).toBe(0);
    const live = join(dir, 'live.kindred-backup');
    const b1 = await kindred(['--quiet', '--data', journal, 'backup', live], dir);
    expect(b1).toMatchObject({ code: 0, err: '' });
    await quitHost(host);
    const after = join(dir, 'after.kindred-backup');
    expect((await kindred(['--quiet', '--data', journal, 'backup', after], dir)).code).toBe(0);
    const docs: Array<Array<[string, string]>> = [];
    for (const [file, target] of [[live, join(dir, 'r1')], [after, join(dir, 'r2')]] as const) {
      expect((await kindred(['--quiet', '--data', target, 'restore', file], dir)).code).toBe(0);
      const store = await openLevelStore(target);
      docs.push(await docsOf(store));
      await store.close();
    }
    expect(docs[0]!.length).toBeGreaterThan(0);
    expect(docs[0]).toEqual(docs[1]);
  }, 40_000);

  it('restores into the running app only as a merge, and says so in one line otherwise', async () => {
    const dir = await root();
    const source = join(dir, 'source');
    const vcf = join(dir, 'friends.vcf');
    await writeFile(vcf, CARDS);
    expect((await kindred(['--quiet', '--data', source, 'import-vcards', vcf], dir)).code).toBe(1); // no journal there yet
    await (await openLevelStore(source)).close();
    expect((await kindred(['--quiet', '--data', source, 'import-vcards', vcf], dir)).code).toBe(0);
    const file = join(dir, 'source.kindred-backup');
    expect((await kindred(['--quiet', '--data', source, 'backup', file], dir)).code).toBe(0);

    const journal = join(dir, 'journal');
    const host = await running(journal);
    const window = await host.store;
    const refused = await kindred(['--quiet', '--data', journal, 'restore', file], dir);
    expect(refused.code).toBe(1);
    expect(refused.err.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^kindred: Kindred is running on this journal .*--merge/)]);
    expect(await peopleIn(window)).toEqual([]);
    const merged = await kindred(['--quiet', '--data', journal, 'restore', file, '--merge'], dir);
    expect(merged.code).toBe(0);
    expect(merged.out).toMatch(/^Merged the backup of .* into .*journal: \d+ of \d+ pages? gained something\.\n$/);
    expect((await peopleIn(window)).map((p) => p.name)).toEqual(['Noor Haddad', 'Sam Rivera']);
    await quitHost(host);
  }, 40_000);
});
