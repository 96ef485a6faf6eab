/**
 * The `kindred` command line end to end: a child process running electron/cli/index.ts (through
 * tsx, as `npm run kindred` runs the built file) against real journal folders.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFolder, hashStore, seededFolder, tempRoot } from '../services/backup/backup.testkit';
import { readBackup } from '../services/backup/restoreBackup';
import { encodeEntry, encodeHeader } from '../services/backup/backupFormat';
import * as Y from 'yjs';
import { openLevelStore } from '../services/store/index';

const ENTRY = resolve(__dirname, 'index.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kindred(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', ENTRY, ...args],
      { env: { ...process.env, KINDRED_DATA: '', HOME: root, XDG_CONFIG_HOME: '', XDG_DATA_HOME: '', KINDRED_USER_DATA_DIR: '', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

let root: string;
let journal: string;

beforeAll(async () => {
  root = await tempRoot();
  journal = join(root, 'journal');
  await seededFolder(journal, 60);
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const lines = (s: string): string[] => s.split('\n').filter(Boolean);

describe('kindred backup / restore', () => {
  it('backs up, restores byte-identically into a new folder, refuses a non-empty one without --merge', async () => {
    const file = join(root, 'j.kindred-backup');
    const b = await kindred(['--data', journal, 'backup', file]);
    expect(b.stderr).toMatch(/Listing the journal…/);
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/^Backed up \d+ pages \([\d.]+ MB\) to .*j\.kindred-backup\n$/);
    const backup = await readBackup(file);
    expect(backup.docs.length).toBeGreaterThan(60);

    const target = join(root, 'restored');
    const r = await kindred(['--quiet', '--data', target, 'restore', file]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(new RegExp(`^Restored ${backup.docs.length} pages from the backup of .* into .*restored\\.\\n$`));
    const store = await openLevelStore(target);
    try {
      for (const d of backup.docs) expect(Buffer.from((await store.getUpdate(d.id)) as Uint8Array).equals(Buffer.from(d.update))).toBe(true);
    } finally {
      await store.close();
    }

    // KINDRED_DATA names the folder too; a journal there is refused without --merge, untouched
    // (compared by content: checking that it holds docs opens it, and LevelDB rewrites its log on open).
    const content = async (): Promise<string> => {
      const s = await openLevelStore(target);
      try {
        return await hashStore(s);
      } finally {
        await s.close();
      }
    };
    const before = await content();
    const again = await kindred(['restore', file], { KINDRED_DATA: target });
    expect(again.code).toBe(1);
    expect(lines(again.stderr)).toHaveLength(2); // "Checking the backup…" and the one-line reason
    expect(lines(again.stderr)[1]).toMatch(/^kindred: The journal in .*restored is not empty\. .*--merge/);
    expect(await content()).toBe(before);
    const merged = await kindred(['--quiet', 'restore', file, '--merge'], { KINDRED_DATA: target });
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/^Merged the backup of .* 0 of \d+ pages gained something\.\n$/);
  }, 60_000);

  it('refuses a damaged backup in one line and changes nothing', async () => {
    const file = join(root, 'j.kindred-backup');
    const bytes = await readFile(file);
    const bad = join(root, 'bad.kindred-backup');
    await writeFile(bad, bytes.subarray(0, bytes.length - 100));
    const before = await hashFolder(journal);
    const r = await kindred(['--quiet', '--data', journal, 'restore', bad, '--merge']);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^kindred: bad\.kindred-backup is incomplete: it ends after/)]);
    expect(await hashFolder(journal)).toBe(before);
  }, 30_000);

  it('says plainly when the app has the journal open', async () => {
    const held = await openLevelStore(journal);
    try {
      const r = await kindred(['--quiet', '--data', journal, 'backup', join(root, 'x.kindred-backup')]);
      expect(r.code).toBe(1);
      // Held by a process with no command-line endpoint: the one line says so (the endpoint itself: cliEndpoint/, runningApp.test.ts).
      expect(r.stderr).toBe(`kindred: Kindred is running but did not answer at ${join(journal, 'kindred-cli.sock')} (the app left no key for the command line in its folder) — quit it or try again.\n`);
      expect(existsSync(join(root, 'x.kindred-backup'))).toBe(false);
      const rr = await kindred(['--quiet', '--data', journal, 'restore', join(root, 'j.kindred-backup'), '--merge']);
      expect(rr.code).toBe(1);
      expect(rr.stderr).toMatch(/^kindred: Kindred is running but did not answer at .* — quit it or try again\.\n$/);
      const re = await kindred(['--quiet', '--data', journal, 'restore', join(root, 'j.kindred-backup')]);
      expect(re.code).toBe(1);
      expect(re.stderr).toBe(`kindred: Kindred is running on this journal (${journal}): restore into it with --merge (nothing in either is lost), or quit Kindred and restore into an empty folder.\n`);
    } finally {
      await held.close();
    }
  }, 30_000);

  it('never overwrites a file that is not a backup; names a missing journal', async () => {
    const mine = join(root, 'letter.txt');
    await writeFile(mine, 'dear Sam');
    const r = await kindred(['--quiet', '--data', journal, 'backup', mine]);
    expect(r).toMatchObject({ code: 1, stderr: expect.stringMatching(/^kindred: backup: .*letter\.txt exists and is not a Kindred backup; choose another name\.\n$/) });
    expect(await readFile(mine, 'utf8')).toBe('dear Sam');
    const none = await kindred(['--quiet', '--data', join(root, 'nowhere'), 'backup', join(root, 'n.kindred-backup')]);
    expect(none).toMatchObject({ code: 1, stderr: `kindred: There is no Kindred journal in ${join(root, 'nowhere')}.\n` });
    expect(existsSync(join(root, 'nowhere'))).toBe(false);
  }, 30_000);

  it("defaults to the desktop app's journal (<userData>/journal)", async () => {
    const config = join(root, 'config');
    await mkdir(join(config, 'Kindred'), { recursive: true });
    await seededFolder(join(config, 'Kindred', 'journal'), 5);
    const file = join(root, 'desktop.kindred-backup');
    const r = await kindred(['backup', file], { XDG_CONFIG_HOME: config });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Journal: ${join(config, 'Kindred', 'journal')} (the desktop app's; choose another with --data DIR)`);
    expect((await readBackup(file)).docs.length).toBeGreaterThan(5);
  }, 30_000);
});

describe('kindred usage and errors', () => {
  it('help lists every command; no command prints usage and fails; unknown ones fail in one line', async () => {
    const help = await kindred(['help']);
    expect(help.code).toBe(0);
    for (const name of ['backup FILE', 'restore FILE [--merge]', 'export-ics FILE', 'export-vault', 'import-vcards', 'help', '--data DIR', '--quiet']) expect(help.stdout).toContain(name);
    const none = await kindred([]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Usage: kindred');
    const unknown = await kindred(['frobnicate']);
    expect(unknown).toMatchObject({ code: 1, stderr: 'kindred: unknown command "frobnicate". Run "kindred help" for the list.\n' });
    const noFile = await kindred(['--data', journal, 'backup']);
    expect(noFile).toMatchObject({ code: 1, stderr: 'kindred: backup: name the backup file, like: kindred backup journal.kindred-backup\n' });
    const badOpt = await kindred(['--data', journal, 'restore', 'x', '--force']);
    expect(badOpt.stderr).toMatch(/^kindred: restore: unknown option "--force"/);
    const noData = await kindred(['--data']);
    expect(noData).toMatchObject({ code: 1, stderr: 'kindred: --data needs a folder: --data DIR.\n' });
  }, 60_000);
});

describe('Ctrl+C', () => {
  it('cancels a restore: exit 130, one line, no journal and no temporary folder left', async () => {
    // A big backup (20,000 pages of ~2 KB) so the restore is still running when the signal comes.
    const doc = new Y.Doc();
    doc.getText('body').insert(0, 'a long day with Sam at the lake. '.repeat(60));
    const update = Y.encodeStateAsUpdate(doc);
    const parts: Uint8Array[] = [encodeHeader(0, 20_000)];
    for (let i = 0; i < 20_000; i++) parts.push(encodeEntry(`page-${i}`, update));
    const body = Buffer.concat(parts);
    const file = join(root, 'big.kindred-backup');
    await writeFile(file, Buffer.concat([body, createHash('sha256').update(body).digest()]));
    const target = join(root, 'interrupted');
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, '--data', target, 'restore', file], {
      env: { ...process.env, KINDRED_DATA: '' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // Mid-write: after the first batch of pages is in the temporary folder.
      if (stderr.includes('Restored ') && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(code).toBe(130);
    expect(lines(stderr).at(-1)).toBe('kindred: cancelled.');
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(root).filter((n) => n.includes('restoring'))).toEqual([]);
  }, 60_000);
});
