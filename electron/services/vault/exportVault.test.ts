import { $convertFromMarkdownString } from '@lexical/markdown';
import { $getRoot, type TextNode } from 'lexical';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { bindHeadlessEditor } from '../../../renderer/editor/headlessBinding';
import { KINDRED_MARKDOWN } from '../../../renderer/editor/markdown';
import { $createMentionNode } from '../../../renderer/editor/nodes/MentionNode';
import { addImportantDate, addInterest, setCheckIn, setHowWeMet } from '../../../shared/care/careStore';
import { createConversation, createPerson, ensureJournalPage, renamePerson } from '../../../shared/domain/workspace';
import { readPageBlocks } from '../../../shared/pages/pageBlocks';
import { mergePeopleInWorkspace } from '../../../shared/domain/mergePeople';
import { exportVault } from './exportVault';
import { MANIFEST_NAME } from './vaultFolder';
import { checkVault, type VaultReport } from './vaultChecker.testkit';
import { openTestJournal, snapshot, type TestJournal } from './testJournal.testkit';

/** Writes Markdown through a real headless Lexical editor; `@@person-id@@` becomes a mention. */
function writePage(j: TestJournal, id: string, markdown: string): void {
  const page = bindHeadlessEditor(j.pageDoc(id));
  try {
    page.editor.update(
      () => {
        $convertFromMarkdownString(markdown, KINDRED_MARKDOWN);
        const queue: TextNode[] = $getRoot().getAllTextNodes();
        while (queue.length) {
          const node = queue.shift()!;
          const m = /@@([\w-]+)@@/.exec(node.getTextContent());
          if (!m) continue;
          const parts = node.splitText(m.index, m.index + m[0].length);
          const target = parts.find((p) => p.getTextContent() === m[0])!;
          const rest = parts[parts.indexOf(target) + 1];
          target.replace($createMentionNode(m[1]!));
          if (rest) queue.push(rest);
        }
      },
      { discrete: true },
    );
  } finally {
    page.dispose();
  }
}

const stamp = { now: Date.UTC(2025, 0, 1), deviceId: 'device-test' };
const at = (n: number): { now: number; deviceId: string } => ({ now: stamp.now + n, deviceId: 'device-test' });

/** Kindred's own count: mentions of known people in a page doc, read with pageBlocks. */
async function mentionCount(j: TestJournal, pageId: string): Promise<number> {
  const update = await j.store.getUpdate(pageId);
  if (!update) return 0;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const known = new Set(j.ws.getMap('people').keys());
  const n = readPageBlocks(doc).flatMap((b) => b.inlines).filter((i) => 'mention' in i && known.has(i.mention)).length;
  doc.destroy();
  return n;
}

function expectClean(report: VaultReport): void {
  expect(report.problems).toEqual([]);
  expect(report.unresolved).toEqual([]);
  expect(report.ambiguous).toEqual([]);
}

let j: TestJournal;
beforeEach(async () => {
  j = await openTestJournal();
});
afterEach(async () => {
  await j.cleanup();
});

describe('a seeded journal', () => {
  test('layout, properties, links, formatting, checklists', async () => {
    const maria = createPerson(j.ws, 'Maria José', '2024-01-02', at(1));
    const sam = createPerson(j.ws, 'Sam: the builder', '2024-01-03', at(2));
    const lee = createPerson(j.ws, 'Lee', '2024-01-04', at(3));
    addImportantDate(j.ws, maria.id, { label: 'Birthday', month: 3, day: 14, year: null });
    addImportantDate(j.ws, maria.id, { label: 'wedding anniversary', month: 6, day: 2, year: 2019 });
    addImportantDate(j.ws, sam.id, { label: 'birthday', month: 2, day: 29, year: 1988 });
    setCheckIn(j.ws, maria.id, { every: 2, unit: 'weeks' }, '2024-05-01');
    addInterest(j.ws, maria.id, 'pottery');
    addInterest(j.ws, maria.id, 'jazz');
    setHowWeMet(j.ws, maria.id, { text: 'At Lee\'s party: "the one with the cake"\nlong story', introducedBy: lee.id });
    const day = ensureJournalPage(j.ws, '2024-05-03', at(4));
    const note = createConversation(j.ws, '2024-05-04', 'the bakery', at(5));
    const untitled = createConversation(j.ws, '2024-05-04', '', at(6));
    writePage(
      j,
      day,
      [
        '## Morning',
        `Coffee with @@${maria.id}@@ and @@${sam.id}@@, **bold** *it* \`code\` [site](https://example.org/a?b=1)`,
        `- [ ] call @@${maria.id}@@ about the kiln`,
        '- [x] buy #1 flour at 50% [[not a link]]',
        '',
        '> a quote',
        '',
        '1. first',
        '2. second',
      ].join('\n'),
    );
    writePage(j, note, `Talked with @@${lee.id}@@ about @@${maria.id}@@.`);
    writePage(j, untitled, `Long walk with @@${sam.id}@@ along the river until the light went`);
    writePage(j, maria.id, `Met through @@${lee.id}@@.`);
    await j.flush();

    const out = join(j.root, 'vault');
    const result = await exportVault(j.store, out, {});
    expect(result).toMatchObject({ people: 3, journalDays: 1, notes: 2 });
    const report = await checkVault(out);
    expectClean(report);

    expect(JSON.parse(await readFile(join(out, '.obsidian/daily-notes.json'), 'utf8'))).toEqual({ folder: 'Journal', format: 'YYYY-MM-DD' });
    const paths = [...report.notes.keys()].sort();
    expect(paths).toEqual([
      'Journal/2024-05-03.md',
      'Notes/2024-05-04 Long walk with Sam - the builder along the.md',
      'Notes/2024-05-04 the bakery.md',
      'People/Lee.md',
      'People/Maria José.md',
      'People/Sam - the builder.md',
    ]);
    // Per page: links = Kindred's own mention count.
    for (const id of [day, note, untitled, maria.id, sam.id, lee.id]) {
      expect(report.byId.get(id)!.links.length, id).toBe(await mentionCount(j, id));
    }
    const m = report.byId.get(maria.id)!.props;
    expect(m).toEqual({
      kindred_id: maria.id,
      kind: 'person',
      name: 'Maria José',
      birthday: '--03-14',
      dates: ['Birthday: --03-14', 'wedding anniversary: 2019-06-02'],
      check_in: 'every 2 weeks',
      interests: ['jazz', 'pottery'],
      how_we_met: 'At Lee\'s party: "the one with the cake"\nlong story',
      introduced_by: '[[Lee]]',
    });
    const s = report.byId.get(sam.id)!.props;
    expect(s.birthday).toBe('1988-02-29');
    expect(s.aliases).toEqual(['Sam: the builder']);
    expect(report.resolve('Sam - the builder')).toBe('People/Sam - the builder.md');

    const journal = report.byId.get(day)!.body;
    expect(journal).toContain('## Morning');
    expect(journal).toContain('[[Maria José]]');
    expect(journal).toContain('[[Sam - the builder|Sam: the builder]]');
    expect(journal).toContain('**bold** *it* `code` [site](https://example.org/a?b=1)');
    expect(journal).toContain(`- [ ] call [[Maria José]] about the kiln`);
    expect(journal).toContain('- [x] buy \\#1 flour at 50\\% \\[\\[not a link\\]\\]');
    expect(journal).toContain('> a quote');
    expect(journal).toContain('1. first\n2. second');
  });
});

describe('hostile names', () => {
  const hostile = [
    'Ana #1',
    'Sam: the builder',
    'AC/DC',
    'What?',
    'CON',
    'con.txt',
    'Zoë',
    'Zoe\u0308',
    'sam',
    'Sam',
    'trailing dot.',
    '.hidden',
    '😀 Emoji 👩‍👩‍👧',
    'a|b [c] ^d %%e%% *f* <g> "h" \\i',
    'é'.repeat(150), // 300 bytes
    '👩‍👩‍👧'.repeat(20), // 360 bytes of one repeated grapheme
    '2024-05-03', // the name of a journal day
    '???',
  ];
  test('get safe, distinct file names and still link', async () => {
    const ids = hostile.map((name, i) => createPerson(j.ws, name, '2024-01-01', at(i)).id);
    const day = ensureJournalPage(j.ws, '2024-05-03', at(100));
    writePage(j, day, ids.map((id) => `With @@${id}@@ today.`).join('\n\n'));
    await j.flush();
    const out = join(j.root, 'vault');
    await exportVault(j.store, out);
    const report = await checkVault(out);
    expectClean(report);
    const people = [...report.notes.keys()].filter((p) => p.startsWith('People/'));
    expect(people).toHaveLength(hostile.length);
    expect(report.byId.get(day)!.links).toHaveLength(hostile.length);
    // Each link goes to that person's own note, and their true name is kept.
    const body = report.byId.get(day)!.body;
    const links = [...body.matchAll(/\[\[([^\]|]+)(?:\|([^\]]+))?\]\]/g)];
    links.forEach((l, i) => {
      const target = report.resolve(l[1]!)!;
      expect(report.notes.get(target)!.props.kindred_id).toBe(ids[i]);
      const stored = j.ws.getMap<Y.Map<unknown>>('people').get(ids[i]!)!.get('name') as string;
      expect(report.notes.get(target)!.props.name).toBe(stored);
      const base = target.slice('People/'.length, -3);
      if (base !== hostile[i]) expect(report.notes.get(target)!.props.aliases).toContain(hostile[i]!.normalize('NFC'));
    });
    // The first created keeps the plain name.
    expect(people).toContain('People/sam.md');
    expect(people).toContain('People/Sam (2).md');
    expect(people).toContain('People/CON_.md');
    expect(people).toContain('People/con_.txt.md');
    expect(people).toContain('People/Unnamed.md');
    expect(people).toContain('People/2024-05-03 (2).md');
    expect(people).toContain('People/Zoë.md');
    expect(people).toContain('People/Zoë (2).md');
    for (const p of people) expect(Buffer.byteLength(p.slice('People/'.length))).toBeLessThanOrEqual(255);
  });
});

describe('the export folder', () => {
  async function seed(): Promise<{ maria: string; day: string }> {
    const maria = createPerson(j.ws, 'Maria', '2024-01-01', at(1)).id;
    const day = ensureJournalPage(j.ws, '2024-05-03', at(2));
    writePage(j, day, `Saw @@${maria}@@.`);
    await j.flush();
    return { maria, day };
  }

  test('two exports without edits are byte-identical; an edit changes only the touched files', async () => {
    const { maria } = await seed();
    const a = join(j.root, 'a');
    const b = join(j.root, 'b');
    await exportVault(j.store, a);
    await exportVault(j.store, b);
    const first = await snapshot(a);
    expect(await snapshot(b)).toEqual(first);
    await exportVault(j.store, a);
    expect(await snapshot(a)).toEqual(first);
    addInterest(j.ws, maria, 'tea');
    await j.flush();
    await exportVault(j.store, a);
    const after = await snapshot(a);
    const changed = [...after.keys()].filter((k) => after.get(k) !== first.get(k));
    expect(changed.sort()).toEqual(['People/Maria.md']);
  });

  test('rename: the file follows the new name, the old name stays an alias, links follow', async () => {
    const { maria, day } = await seed();
    const out = join(j.root, 'vault');
    await exportVault(j.store, out);
    renamePerson(j.ws, maria, 'Maria Silva');
    await j.flush();
    await exportVault(j.store, out);
    const report = await checkVault(out);
    expectClean(report);
    expect([...report.notes.keys()].sort()).toEqual(['Journal/2024-05-03.md', 'People/Maria Silva.md']);
    expect(report.byId.get(maria)!.props.aliases).toEqual(['Maria']);
    expect(report.byId.get(day)!.body).toContain('[[Maria Silva]]');
    renamePerson(j.ws, maria, 'Maria S: Silva');
    await j.flush();
    await exportVault(j.store, out);
    const again = await checkVault(out);
    expectClean(again);
    expect(again.byId.get(maria)!.props.aliases).toEqual(['Maria S: Silva', 'Maria Silva', 'Maria']);
    expect(again.byId.get(day)!.body).toContain('[[Maria S - Silva|Maria S: Silva]]');
  });

  test('merge: the dropped name is an alias of the person who stays, and mentions of either link to them', async () => {
    const { maria, day } = await seed();
    const dup = createPerson(j.ws, 'Mary', '2024-05-01', { now: 2, deviceId: 'dev' }).id;
    mergePeopleInWorkspace(j.ws, { keep: maria, drop: dup, name: 'Maria' }, 3);
    await j.flush();
    const out = join(j.root, 'vault');
    await exportVault(j.store, out);
    const report = await checkVault(out);
    expectClean(report);
    expect(report.byId.get(maria)!.props.aliases).toEqual(['Mary']);
    expect(report.byId.has(dup)).toBe(false);
    expect(report.byId.get(day)!.body).toContain('[[Maria]]');
  });

  test('never deletes files Kindred did not write; never reuses their names', async () => {
    const { maria } = await seed();
    const out = join(j.root, 'vault');
    await exportVault(j.store, out);
    await mkdir(join(out, 'Mine'), { recursive: true });
    await writeFile(join(out, 'Mine/maria.md'), 'my own note');
    await writeFile(join(out, 'People/notes.txt'), 'keep me');
    renamePerson(j.ws, maria, 'Maria B');
    await j.flush();
    await exportVault(j.store, out);
    expect(await readFile(join(out, 'Mine/maria.md'), 'utf8')).toBe('my own note');
    expect(await readFile(join(out, 'People/notes.txt'), 'utf8')).toBe('keep me');
    renamePerson(j.ws, maria, 'Maria');
    await j.flush();
    await exportVault(j.store, out);
    const report = await checkVault(out);
    expectClean(report);
    // "Maria" is taken by the user's own note: Kindred's gets "Maria (2)" and still links.
    expect(report.byId.get(maria)!.path).toBe('People/Maria (2).md');
  });

  test('refuses a non-empty folder without a manifest; accepts one with only .obsidian/', async () => {
    await seed();
    const busy = join(j.root, 'busy');
    await mkdir(busy);
    await writeFile(join(busy, 'thesis.docx'), 'x');
    await expect(exportVault(j.store, busy)).rejects.toThrow(/not empty/);
    expect(await readdir(busy)).toEqual(['thesis.docx']);
    const vault = join(j.root, 'fresh-vault');
    await mkdir(join(vault, '.obsidian'), { recursive: true });
    await writeFile(join(vault, '.obsidian/daily-notes.json'), JSON.stringify({ folder: 'Daily', format: 'DD-MM-YYYY', template: 'Templates/day' }));
    await exportVault(j.store, vault);
    // The user's template is kept; folder and format now point at the journal.
    expect(JSON.parse(await readFile(join(vault, '.obsidian/daily-notes.json'), 'utf8'))).toEqual({ folder: 'Journal', format: 'YYYY-MM-DD', template: 'Templates/day' });
    const manifest = JSON.parse(await readFile(join(vault, MANIFEST_NAME), 'utf8')) as { files: string[] };
    expect(manifest.files).not.toContain('.obsidian/daily-notes.json');
  });

  test('a cancelled export leaves the folder as it was', async () => {
    await seed();
    const out = join(j.root, 'vault');
    await exportVault(j.store, out);
    const before = await snapshot(out);
    createPerson(j.ws, 'Newcomer', '2024-01-01', at(9));
    await j.flush();
    const ctrl = new AbortController();
    const run = exportVault(j.store, out, {
      signal: ctrl.signal,
      onProgress: () => ctrl.abort(),
    });
    // Progress is reported every 100 pages or at the end: abort from the first report.
    await expect(run).rejects.toThrow();
    expect(await snapshot(out)).toEqual(before);
    expect((await readdir(out)).filter((n) => n.startsWith('.kindred-export-tmp'))).toEqual([]);
    // Into a new folder: cancelled, it is not left behind.
    const fresh = join(j.root, 'new', 'vault');
    const ctrl2 = new AbortController();
    await expect(exportVault(j.store, fresh, { signal: ctrl2.signal, onProgress: () => ctrl2.abort() })).rejects.toThrow();
    expect(await readdir(join(j.root, 'new'))).toEqual([]);
  });

  test('a damaged manifest is refused with nothing changed', async () => {
    await seed();
    const out = join(j.root, 'vault');
    await exportVault(j.store, out);
    await writeFile(join(out, MANIFEST_NAME), JSON.stringify({ format: 1, files: ['../../etc/passwd'], names: {} }));
    const before = await snapshot(out);
    await expect(exportVault(j.store, out)).rejects.toThrow(/outside the folder/);
    expect(await snapshot(out)).toEqual(before);
  });
});
