/**
 * The importer over this folder's own small fixtures (fixtures/*.vcf, written for these tests):
 * one file per quirk real exporters produce, plus matching, cancel and progress.
 */
import * as fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addImportantDate } from '../../../shared/care/careStore';
import { createPerson } from '../../../shared/domain/workspace';
import { openMemoryStore } from '../store';
import type { JournalStore } from '../store/types';
import { applyImport, ImportCancelled } from './applyImport';
import { importFiles, loadWorkspace, ownFile, peopleIn, writeWorkspace } from './contacts.testkit';
import { logicalLines } from './parseVcf';
import { previewImport } from './previewImport';

let store: JournalStore;
beforeEach(async () => {
  store = await openMemoryStore();
});
afterEach(async () => {
  await store.close();
});

async function names(): Promise<string[]> {
  return (await peopleIn(store)).map((p) => p.name);
}

describe('decoding', () => {
  it('2.1 quoted-printable: a value that starts with a soft break, a soft break inside a character, a "#" continuation', async () => {
    const { preview } = await importFiles(store, [ownFile('v21-qp-soft-breaks.vcf')]);
    const [p] = await peopleIn(store);
    expect(p).toMatchObject({ name: 'Zoë Šimková', birthday: '1984-05-17' });
    expect(p!.ids).toContain('tel:+420601234567');
    expect(preview.problems.some((x) => /comment/.test(x.message))).toBe(false); // the "#" line belonged to the note
  });

  it('a fold that splits a UTF-8 character is joined before decoding', async () => {
    await importFiles(store, [ownFile('fold-splits-utf8.vcf')]);
    expect(await names()).toEqual(['Ljudmila Żółtowska-Ивановa']);
  });

  it('CHARSET per property: ISO-8859-1 and Shift_JIS bytes; undeclared Latin-1 read as Windows-1252', async () => {
    await importFiles(store, [ownFile('v21-charsets.vcf')]);
    expect((await names()).sort()).toEqual(['José León', 'Renée Fauchet', '山田 花子'].sort());
  });

  it('UTF-16 big and little endian without a BOM, and UTF-8 with a BOM and CR line ends', async () => {
    const { preview } = await importFiles(store, [ownFile('utf16be-no-bom.vcf'), ownFile('utf16le-no-bom.vcf'), ownFile('utf8-bom-cr.vcf')]);
    const people = await peopleIn(store);
    // The two UTF-16 files hold the same card: one person.
    expect(people.map((p) => [p.name, p.birthday])).toEqual([
      ['Ana María Ruiz', '--03-14'],
      ['Søren Åberg', '--12-31'],
    ]);
    expect(preview.problems.filter((p) => /UTF-16/.test(p.message)).map((p) => p.file).sort()).toEqual(['utf16be-no-bom.vcf', 'utf16le-no-bom.vcf']);
  });

  it('CR CR LF, Apple item labels written after their properties, a year-less Feb 29', async () => {
    await importFiles(store, [ownFile('apple-crcrlf-item-labels.vcf')]);
    const [p] = await peopleIn(store);
    expect(p!.name).toBe('Chidi Okafor');
    expect(p!.dates).toEqual(['anniversary 2015-09-12', 'birthday --02-29', 'moved to Lagos 2019-04-01']);
    expect(p!.ids).toContain('vcard-uid:apple-chidi-0001');
    expect(p!.ids).toContain('email:chidi@example.net');
  });

  it('logical lines: any line-end mix gives the same lines (property)', () => {
    const lines = ['BEGIN:VCARD', 'FN:A B', 'NOTE:x', 'END:VCARD'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom('\r\n', '\n', '\r', '\r\r\n'), { minLength: 4, maxLength: 4 }), (ends) => {
        const text = lines.map((l, i) => l + ends[i]).join('');
        expect(logicalLines(text)).toEqual(lines);
      }),
    );
  });
});

describe('dates', () => {
  it('every year-less form, 1604, X-APPLE-OMIT-YEAR, Feb 29, date-times as written, text and impossible dates refused', async () => {
    const { preview } = await importFiles(store, [ownFile('dates.vcf')]);
    const byName = Object.fromEntries((await peopleIn(store)).map((p) => [p.name, p]));
    expect(byName['Basic Yearless']!.birthday).toBe('--03-14');
    expect(byName['Extended Yearless']!.birthday).toBe('--03-14');
    expect(byName['Bare Sixteen-Oh-Four']!.birthday).toBe('--06-01');
    expect(byName['Omit Year Named']!.birthday).toBe('--07-04');
    expect(byName['Leap Day Born']!.birthday).toBe('2000-02-29');
    expect(byName['Late Evening East']!.birthday).toBe('1990-01-01');
    expect(byName['Early Morning West']!.birthday).toBe('1990-01-01');
    expect(byName['Floating Midnight']!.birthday).toBe('2001-12-31');
    expect(byName['Text Birthday']!.birthday).toBeNull();
    expect(byName['Two Alternatives']!.dates).toEqual(['birthday 1975-11-02']);
    expect(byName['Not A Real Day']!.birthday).toBeNull();
    expect(byName['Married Once']!.dates).toEqual(['anniversary --06-10', 'anniversary 2001-06-10', 'birthday 1970-05-05']);
    const why = (name: string): string[] => preview.problems.filter((p) => p.name === name).map((p) => p.message);
    expect(why('Text Birthday').join()).toMatch(/"sometime in spring" not imported: not a date/);
    expect(why('Not A Real Day').join()).toMatch(/not imported/);
    expect(why('Two Alternatives')).toEqual([]);
  });
});

describe('photos and broken cards', () => {
  it('photos that are not JPEG/PNG are dropped, remote ones are not fetched, broken ones are reported', async () => {
    const { preview } = await importFiles(store, [ownFile('photos.vcf')]);
    expect((await names()).sort()).toEqual(['Photo Broken', 'Photo Empty', 'Photo Remote', 'Photo Small']);
    const why = (name: string): string => preview.problems.filter((p) => p.name === name).map((p) => p.message).join(' | ');
    expect(why('Photo Small')).toBe('photo dropped: not a JPEG or PNG image'); // 2 KB of counting bytes
    expect(why('Photo Remote')).toMatch(/not fetched/);
    expect(why('Photo Broken')).toMatch(/not valid base64/);
    expect(why('Photo Empty')).toBe('');
  });

  it('a nameless card is skipped, stray and comment lines and nested cards are ignored and reported, a cut-off card is kept', async () => {
    const { preview } = await importFiles(store, [ownFile('broken.vcf'), ownFile('not-a-vcard.vcf')]);
    expect((await peopleIn(store)).map((p) => [p.name, p.birthday])).toEqual([
      ['Cut Off Carla', '1988-08-08'],
      ['Outer', null],
      ['Stray Line Keeper', null],
    ]);
    expect(preview.skip).toEqual([{ file: 'broken.vcf', card: 1, name: null, reason: 'card without a name (no FN or N)' }]);
    const messages = preview.problems.map((p) => `${p.file}#${p.card ?? '-'}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'broken.vcf#2: line without ":" ignored: "this line has no colon"',
        'broken.vcf#2: comment line ignored',
        'broken.vcf#-: 1 card(s) nested inside another card ignored',
        'broken.vcf#4: the file ends before END:VCARD: the card may be incomplete',
        'not-a-vcard.vcf#-: not a vCard file (no BEGIN:VCARD)',
      ]),
    );
  });
});

describe('matching', () => {
  it('same name alone never merges; same name plus a shared e-mail (any case) does', async () => {
    const { preview } = await importFiles(store, [ownFile('same-name.vcf')]);
    const people = await peopleIn(store);
    expect(people.map((p) => p.name)).toEqual(['Alex Kim', 'Alex Kim']);
    const merged = people.find((p) => p.birthday === '1992-10-10')!;
    expect(merged.ids).toEqual(expect.arrayContaining(['email:alex.kim@one.example', 'tel:+14155550101']));
    expect(preview.add.map((a) => a.sources.map((s) => s.card))).toEqual([[1, 3], [2]]);
  });

  it('a person typed into Kindred is not merged with a card of the same name, unless the user says so', async () => {
    let alexId = '';
    await writeWorkspace(store, (ws) => {
      alexId = createPerson(ws, 'Alex Kim', '2026-01-01', { now: 1, deviceId: 'd' }).id;
      addImportantDate(ws, alexId, { label: 'birthday', month: 10, day: 11, year: 1992 });
    });
    const ws = await loadWorkspace(store);
    const plain = previewImport(ws, [ownFile('same-name.vcf')]);
    expect(plain.add).toHaveLength(2);
    expect(plain.update).toEqual([]);
    const said = previewImport(ws, [ownFile('same-name.vcf')], { mapping: { 'same-name.vcf#2': alexId, 'same-name.vcf#1': 'skip' } });
    ws.destroy();
    expect(said.update).toEqual([expect.objectContaining({ personId: alexId, name: 'Alex Kim', addDates: [], addIds: expect.arrayContaining(['email:akim@two.example']) })]);
    // Card 3 shares nothing with card 2 any more (card 1 was skipped): a person of its own.
    expect(said.add.map((a) => a.sources)).toEqual([[{ file: 'same-name.vcf', card: 3 }]]);
    await applyImport(store, said, { now: 2, deviceId: 'd' });
    const alex = (await peopleIn(store)).find((p) => p.id === alexId)!;
    expect(alex.dates).toEqual(['birthday 1992-10-11']); // the user's birthday is never overwritten
    expect(alex.ids).toContain('email:akim@two.example');
    // And the next import finds Alex by the stored identifiers.
    const again = await importFiles(store, [ownFile('same-name.vcf')], { mapping: { 'same-name.vcf#1': 'skip' } });
    expect(again.preview.add).toEqual([]);
    expect(again.preview.update).toEqual([]);
  });

  it('an existing person gets a missing birthday and new dates as an update; nothing else changes', async () => {
    await importFiles(store, [ownFile('fold-splits-utf8.vcf')]);
    const withBirthday = Buffer.from(Buffer.from(ownFile('fold-splits-utf8.vcf').bytes).toString('latin1').replace('UID:fold-1', 'UID:fold-1\nBDAY:--0709'), 'latin1');
    const { preview, result } = await importFiles(store, [{ name: 'later.vcf', bytes: withBirthday }]);
    expect(preview.add).toEqual([]);
    expect(preview.update).toEqual([expect.objectContaining({ addDates: [{ label: 'birthday', month: 7, day: 9, year: null }] })]);
    expect(result.updated).toHaveLength(1);
    expect((await peopleIn(store))[0]!.birthday).toBe('--07-09');
  });
});

describe('applying', () => {
  it('a birthday typed between the preview and the apply is kept: never two birthdays', async () => {
    await importFiles(store, [ownFile('fold-splits-utf8.vcf')]);
    const [p] = await peopleIn(store);
    const withBirthday = Buffer.from(Buffer.from(ownFile('fold-splits-utf8.vcf').bytes).toString('latin1').replace('UID:fold-1', 'UID:fold-1\nBDAY:--0709'), 'latin1');
    const ws = await loadWorkspace(store);
    const preview = previewImport(ws, [{ name: 'later.vcf', bytes: withBirthday }]);
    ws.destroy();
    expect(preview.update).toHaveLength(1);
    await writeWorkspace(store, (doc) => addImportantDate(doc, p!.id, { label: 'Birthday', month: 7, day: 10, year: null }));
    await applyImport(store, preview);
    expect((await peopleIn(store))[0]!.dates).toEqual(['Birthday --07-10']);
  });

  it('a cancel before the write leaves the journal untouched; progress counts every entry', async () => {
    const ws = await loadWorkspace(store);
    const preview = previewImport(ws, [ownFile('dates.vcf')]);
    ws.destroy();
    const controller = new AbortController();
    const seen: number[] = [];
    await expect(
      applyImport(store, preview, {
        signal: controller.signal,
        onProgress: (done) => {
          seen.push(done);
          if (done === 5) controller.abort();
        },
      }),
    ).rejects.toBeInstanceOf(ImportCancelled);
    expect(await store.getUpdate('kindred-workspace')).toBeNull();
    expect(seen).toEqual([1, 2, 3, 4, 5]);

    const progress: number[] = [];
    const done = await applyImport(store, preview, { onProgress: (n, total) => progress.push(n / total) });
    expect(done.added).toHaveLength(12);
    expect(progress.at(-1)).toBe(1);
    // The same preview applied twice adds nobody (the UIDs are there now).
    const twice = await applyImport(store, preview);
    expect(twice).toMatchObject({ added: [], alreadyThere: 12 });
    expect(await peopleIn(store)).toHaveLength(12);
  });

  it('the import is one store update with origin "import"', async () => {
    const origins: (string | undefined)[] = [];
    const off = store.onChange((changes) => origins.push(...changes.map((c) => c.origin)));
    await importFiles(store, [ownFile('dates.vcf'), ownFile('same-name.vcf'), ownFile('photos.vcf')]);
    off();
    expect(origins).toEqual(['import']);
  });
});
