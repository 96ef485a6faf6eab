import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addImportantDate, setCheckIn } from '../../../shared/care/careStore';
import { createPerson, WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { checkIcs } from '../../services/calendar/icsCheck.testkit';
import { openLevelStore } from '../../services/store';
import { CliError, type CliContext } from '../types';
import { command } from './export-ics';

const NOW = Date.UTC(2026, 10, 30, 12);
let dir: string;
let dataDir: string;
let out: string[];
let opened: number;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kindred-cli-ics-'));
  dataDir = join(dir, 'data');
  out = [];
  opened = 0;
  // A journal on disk with one birthday and one check-in.
  const store = await openLevelStore(dataDir);
  const ws = new Y.Doc();
  const maria = createPerson(ws, 'Maria', '2026-01-01', { now: NOW, deviceId: 'd' }).id;
  addImportantDate(ws, maria, { label: 'birthday', month: 2, day: 29, year: null });
  setCheckIn(ws, maria, { every: 1, unit: 'weeks' }, '2026-11-28');
  await store.applyUpdate(WORKSPACE_DOC_ID, Y.encodeStateAsUpdate(ws));
  await store.close();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(signal = new AbortController().signal): CliContext {
  return {
    dataDir,
    openStore: async () => {
      opened++;
      return openLevelStore(dataDir);
    },
    stdout: (text) => out.push(text),
    progress: () => undefined,
    signal,
    now: () => NOW,
  };
}

describe('kindred export-ics', () => {
  it('names itself and its one argument', () => {
    expect(command.name).toBe('export-ics');
    expect(command.usage).toBe('export-ics FILE   Write birthdays, important dates and check-ins due as an .ics calendar');
  });

  it('writes the calendar to FILE and says what it wrote', async () => {
    const file = join(dir, 'birthdays.ics');
    expect(await command.run([file], context())).toBe(0);
    const ics = await readFile(file, 'utf8');
    expect(checkIcs(ics).problems).toEqual([]);
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(events.map((e) => [e.summary, e.startDate.toString()])).toEqual([
      ['Maria’s birthday', '2000-02-29'],
      ['Check in with Maria', '2026-12-05'],
    ]);
    expect(out.join('')).toBe(`Wrote 1 date and 1 check-in to ${file}\n`);
  });

  it('prints the calendar with FILE "-"', async () => {
    expect(await command.run(['-'], context())).toBe(0);
    expect(out.join('')).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
  });

  it.each([
    [[], /name the file to write/],
    [['a.ics', 'b.ics'], /one file only/],
    [['--force', 'a.ics'], /unknown option "--force"/],
  ])('refuses %j with a plain reason, before opening the journal', async (args, reason) => {
    const err = await command.run(args, context()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).message).toMatch(reason);
    expect(opened).toBe(0);
  });

  it('refuses a folder as FILE and a folder that does not exist, writing nothing', async () => {
    await mkdir(join(dir, 'folder'));
    await expect(command.run([join(dir, 'folder')], context())).rejects.toThrow(/is a folder/);
    await expect(command.run([join(dir, 'missing', 'x.ics')], context())).rejects.toThrow(/does not exist/);
    expect(opened).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['data', 'folder']);
  });

  it('cancelled (Ctrl+C) before it starts: nothing is written', async () => {
    const controller = new AbortController();
    controller.abort();
    const file = join(dir, 'x.ics');
    await expect(command.run([file], context(controller.signal))).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['data']);
  });
});
