import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createPerson } from '../../../shared/domain/workspace';
import { appendBlocks, para } from '../../../shared/pages/pageDoc.testkit';
import { writePersonPhoto } from '../../../shared/pages/personPhoto';
import { exportVault } from './exportVault';
import { openTestJournal, snapshot, type TestJournal } from './testJournal.testkit';

/** A person's photo (kept in their page doc) goes beside the notes and is embedded in theirs. */
const stamp = { now: 1, deviceId: 'dev' };
let j: TestJournal;
beforeEach(async () => {
  j = await openTestJournal();
});
afterEach(async () => {
  await j.cleanup();
});

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3, 0xff, 0xd9]);

describe('vault export and photos', () => {
  test('writes People/photos/<note name>.jpg and embeds it at the top of the note; none for people without one', async () => {
    const sam = createPerson(j.ws, 'Sam: the builder', '2026-01-01', stamp).id;
    createPerson(j.ws, 'Noor', '2026-01-01', stamp);
    const page = j.pageDoc(sam);
    appendBlocks(page, [para('Builds boats')]);
    writePersonPhoto(page, { mime: 'image/jpeg', bytes: JPEG, from: 'vcard', hash: 'h' });
    await j.flush();

    const out = join(j.root, 'vault');
    await exportVault(j.store, out);
    const files = await snapshot(out);
    expect([...files.keys()].filter((f) => f.startsWith('People/'))).toEqual(['People/Noor.md', 'People/Sam - the builder.md', 'People/photos/Sam - the builder.jpg']);
    expect(Buffer.from(await readFile(join(out, 'People/photos/Sam - the builder.jpg')))).toEqual(Buffer.from(JPEG));
    const note = files.get('People/Sam - the builder.md')!;
    expect(note).toMatch(/\n---\n!\[\[photos\/Sam - the builder\.jpg\]\]\n\nBuilds boats\n$/);
    expect(files.get('People/Noor.md')).not.toContain('![[');
    const manifest = JSON.parse(files.get('.kindred-export.json')!) as { files: string[] };
    expect(manifest.files).toContain('People/photos/Sam - the builder.jpg');

    // Exporting again gives the same bytes; a photo that is gone is removed with the next export.
    await exportVault(j.store, out);
    expect(await snapshot(out)).toEqual(files);
    page.getMap('profile').delete('photo');
    await j.flush();
    await exportVault(j.store, out);
    const after = await snapshot(out);
    expect(after.has('People/photos/Sam - the builder.jpg')).toBe(false);
    expect(after.get('People/Sam - the builder.md')).not.toContain('![[');
  });
});
