import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addImportantDate } from '../../../shared/care/careStore';
import { createPerson, ensureJournalPage, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { pageDocWith, para } from '../../../shared/pages/pageDoc.testkit';
import { openLevelStore } from '../../services/store';
import { CliError, type CliContext } from '../types';
import { command } from './export-vault';

let dir: string;
let dataDir: string;
let out: string[];
let progress: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kindred-cli-vault-'));
  dataDir = join(dir, 'data');
  out = [];
  progress = [];
  const store = await openLevelStore(dataDir);
  const ws = new Y.Doc();
  const stamp = { now: Date.UTC(2026, 0, 1), deviceId: 'd' };
  const maria = createPerson(ws, 'Maria', '2026-01-01', stamp).id;
  addImportantDate(ws, maria, { label: 'birthday', month: 3, day: 14, year: null });
  const day = ensureJournalPage(ws, '2026-02-03', stamp);
  await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws));
  await store.applyUpdate(day, Y.encodeStateAsUpdate(pageDocWith(day, [para('Tea with ', { m: maria }, '.')])));
  await store.close();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(signal = new AbortController().signal): CliContext {
  return {
    dataDir,
    openStore: () => openLevelStore(dataDir),
    stdout: (text) => out.push(text),
    progress: (text) => progress.push(text),
    signal,
    now: () => Date.UTC(2026, 10, 30),
  };
}

it('writes the vault and says what it wrote', async () => {
  const vault = join(dir, 'vault');
  expect(await command.run([vault], context())).toBe(0);
  expect(out.join('')).toBe(`Exported 1 person, 1 journal day and 0 conversation notes to ${vault}\n`);
  expect(progress.at(-1)).toBe('Exported 2 of 2 pages…');
  expect(await readFile(join(vault, 'Journal/2026-02-03.md'), 'utf8')).toContain('Tea with [[Maria]].');
  expect(await readFile(join(vault, 'People/Maria.md'), 'utf8')).toContain('birthday: "--03-14"');
});

it('refuses bad arguments and a busy folder in one line, changing nothing', async () => {
  await expect(command.run([], context())).rejects.toThrow(/name the folder/);
  await expect(command.run(['a', 'b'], context())).rejects.toThrow(/one folder only/);
  await expect(command.run(['--zip', 'a'], context())).rejects.toThrow(/unknown option "--zip"/);
  const busy = join(dir, 'busy');
  await mkdir(busy);
  await writeFile(join(busy, 'mine.txt'), 'x');
  const err = await command.run([busy], context()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CliError);
  expect((err as Error).message).toMatch(/^export-vault: .*is not empty/);
  expect(await readdir(busy)).toEqual(['mine.txt']);
  await writeFile(join(dir, 'file'), 'x');
  await expect(command.run([join(dir, 'file')], context())).rejects.toThrow(/is a file/);
});

it('a cancelled export writes nothing', async () => {
  const ctrl = new AbortController();
  ctrl.abort();
  await expect(command.run([join(dir, 'vault')], context(ctrl.signal))).rejects.toThrow();
  expect(await readdir(dir)).toEqual(['data']);
});
