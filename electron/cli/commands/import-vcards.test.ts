import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { encode as encodeJpeg } from 'jpeg-js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWN_FIXTURES, peopleIn } from '../../services/contacts/contacts.testkit';
import { openLevelStore } from '../../services/store';
import { CliError, type CliContext } from '../types';
import { command } from './import-vcards';

const NOW = Date.UTC(2026, 10, 30, 12);
let dir: string;
let dataDir: string;
let out: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kindred-cli-vcf-'));
  dataDir = join(dir, 'data');
  out = [];
  await (await openLevelStore(dataDir)).close();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(signal = new AbortController().signal): CliContext {
  return {
    dataDir,
    openStore: () => openLevelStore(dataDir),
    stdout: (text) => out.push(text),
    progress: () => undefined,
    signal,
    now: () => NOW,
  };
}

async function storedPeople(): Promise<{ name: string; birthday: string | null }[]> {
  const store = await openLevelStore(dataDir);
  try {
    return (await peopleIn(store)).map((p) => ({ name: p.name, birthday: p.birthday }));
  } finally {
    await store.close();
  }
}

const fixture = (name: string): string => join(OWN_FIXTURES, name);

describe('kindred import-vcards', () => {
  it('names itself', () => {
    expect(command.name).toBe('import-vcards');
    expect(command.usage).toBe('import-vcards FILES… [--dry-run]   Add people from vCard files (Apple, Google, Outlook, Android)');
  });

  it('--dry-run prints the preview as JSON and writes nothing', async () => {
    expect(await command.run([fixture('same-name.vcf'), '--dry-run'], context())).toBe(0);
    const preview = JSON.parse(out.join('')) as { add: { name: string }[]; update: unknown[]; skip: unknown[]; problems: unknown[] };
    expect(preview.add.map((a) => a.name)).toEqual(['Alex Kim', 'Alex Kim']);
    expect(preview.update).toEqual([]);
    expect(await storedPeople()).toEqual([]);
  });

  it('imports files and folders, reports what it skipped, and adds nobody the second time', async () => {
    expect(await command.run([fixture('dates.vcf'), fixture('broken.vcf'), join(dir, 'missing.vcf')], context())).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/error .*missing\.vcf: not read: no such file/);
    expect(text).toMatch(/skipped broken\.vcf card 1: card without a name/);
    expect(text).toMatch(/Added 15 people, updated 0/);
    const first = await storedPeople();
    expect(first).toContainEqual({ name: 'Basic Yearless', birthday: '--03-14' });

    out = [];
    expect(await command.run([OWN_FIXTURES], context())).toBe(0); // the folder holds the same two files and more
    const again = out.join('');
    // The folder's other 8 files hold 14 more people; the 15 already there are matched, not added.
    expect(again).toMatch(/Added 14 people, updated 0/);
    const after = await storedPeople();
    for (const p of first) expect(after.filter((x) => x.name === p.name && x.birthday === p.birthday)).toHaveLength(1);
  });

  it('--dry-run shows a photo as its type, size and hash; the import keeps it and says so', async () => {
    const jpeg = Buffer.from(encodeJpeg({ data: Buffer.alloc(32 * 32 * 4, 90), width: 32, height: 32 }, 90).data).toString('base64');
    const vcf = join(dir, 'photo.vcf');
    await writeFile(vcf, ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Sam Photo', `PHOTO;ENCODING=b;TYPE=JPEG:${jpeg}`, 'END:VCARD', ''].join('\r\n'));
    expect(await command.run([vcf, '--dry-run'], context())).toBe(0);
    const preview = JSON.parse(out.join('')) as { add: Array<{ photo: unknown }> };
    expect(preview.add[0]!.photo).toEqual({ mime: 'image/jpeg', bytes: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    out = [];
    expect(await command.run([vcf], context())).toBe(0);
    expect(out.join('')).toMatch(/Added 1 people, updated 0, skipped 0\. Kept 1 photo\.\n$/);
  });

  it('refuses bad arguments with one plain line', async () => {
    await expect(command.run([], context())).rejects.toThrow(CliError);
    await expect(command.run(['--merge', fixture('dates.vcf')], context())).rejects.toThrow(/Unknown option --merge/);
    await expect(command.run([join(dir, 'nope.vcf')], context())).rejects.toThrow(/No vCard file could be read: .*nope\.vcf \(no such file\)/);
  });

  it('a cancelled import changes nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(command.run([fixture('dates.vcf')], context(controller.signal))).rejects.toMatchObject({ code: 130 });
    expect(await storedPeople()).toEqual([]);
  });
});
