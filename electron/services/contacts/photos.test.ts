/**
 * vCard photos: thumbnails from real JPEG/PNG bytes (made here with the same codecs), the hard
 * limits checked from headers, damaged and foreign formats dropped with a reason, and the import
 * writing the thumbnail into the person's page doc — never the workspace doc — idempotently,
 * replacing a changed card photo but never one the user chose.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode as encodeJpeg, decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WORKSPACE_DOC_ID } from '../../../shared/domain/workspace';
import { readPersonPhoto, writePersonPhoto } from '../../../shared/pages/personPhoto';
import { openLevelStore } from '../store/index';
import type { JournalStore } from '../store/types';
import { HAVE_SHARED_FIXTURES, importFiles, peopleIn, sharedFile } from './contacts.testkit';
import { imageKind, jpegOrientation, makeThumbnail, PHOTO_MAX_INPUT_BYTES } from './photoThumbnail';
import type { ImportFile } from './previewImport';

/** A w×h JPEG with a diagonal gradient (so resizing has something to average). */
function jpegOf(w: number, h: number, tint = 0, quality = 90): Uint8Array {
  const data = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      data[i] = (x * 255) / w;
      data[i + 1] = (y * 255) / h;
      data[i + 2] = tint;
      data[i + 3] = 255;
    }
  }
  return new Uint8Array(encodeJpeg({ data, width: w, height: h }, quality).data);
}

/** A w×h PNG, fully transparent on its left half, opaque red on the right. */
function pngOf(w: number, h: number): Uint8Array {
  const png = new PNG({ width: w, height: h });
  for (let i = 0; i < w * h; i++) {
    const x = i % w;
    png.data[i * 4] = 255;
    png.data[i * 4 + 1] = 0;
    png.data[i * 4 + 2] = 0;
    png.data[i * 4 + 3] = x < w / 2 ? 0 : 255;
  }
  return new Uint8Array(PNG.sync.write(png));
}

function card(name: string, photoLine: string, uid = name.toLowerCase().replace(/\s+/g, '-')): string {
  return ['BEGIN:VCARD', 'VERSION:3.0', `FN:${name}`, `UID:${uid}`, photoLine, 'END:VCARD', ''].join('\r\n');
}

/** Folded at 75 octets, as exporters write it. */
function photoLine(bytes: Uint8Array, params = 'ENCODING=b;TYPE=JPEG'): string {
  const line = `PHOTO;${params}:${Buffer.from(bytes).toString('base64')}`;
  return line.match(/.{1,74}/g)!.join('\r\n ');
}

const file = (name: string, text: string): ImportFile => ({ name, bytes: Buffer.from(text, 'utf8') });

describe('makeThumbnail', () => {
  it('shrinks a JPEG to fit 160×160 as a small JPEG, the same bytes every time', () => {
    const source = jpegOf(800, 600);
    const r = makeThumbnail(source);
    if (!r.ok) throw new Error(r.reason);
    expect([r.thumbnail.width, r.thumbnail.height]).toEqual([160, 120]);
    expect(imageKind(r.thumbnail.bytes)).toBe('jpeg');
    expect(r.thumbnail.bytes.length).toBeLessThan(10_000);
    const decoded = decodeJpeg(r.thumbnail.bytes, { useTArray: true });
    expect([decoded.width, decoded.height]).toEqual([160, 120]);
    // Top-left stays dark-ish red/green, bottom-right bright: the picture survived.
    expect(decoded.data[0]!).toBeLessThan(40);
    expect(decoded.data[(120 * 160 - 1) * 4]!).toBeGreaterThan(200);
    const again = makeThumbnail(source);
    expect(again.ok && Buffer.from(again.thumbnail.bytes).equals(Buffer.from(r.thumbnail.bytes))).toBe(true);
  });

  it('reads a PNG, lays transparency on white, and keeps a small image its own size', () => {
    const r = makeThumbnail(pngOf(300, 300));
    if (!r.ok) throw new Error(r.reason);
    expect([r.thumbnail.width, r.thumbnail.height]).toEqual([160, 160]);
    const px = decodeJpeg(r.thumbnail.bytes, { useTArray: true }).data;
    expect([px[0]!, px[1]!, px[2]!].every((v) => v > 235)).toBe(true); // transparent → white
    const right = (80 * 160 + 150) * 4;
    expect(px[right]!).toBeGreaterThan(200);
    expect(px[right + 1]!).toBeLessThan(60); // opaque red stays red
    const small = makeThumbnail(pngOf(40, 30));
    expect(small.ok && [small.thumbnail.width, small.thumbnail.height]).toEqual([40, 30]);
  });

  it('turns a phone photo upright as its EXIF orientation says', () => {
    // 200×100: left half black, right half white; then an EXIF block saying "turn 90° clockwise".
    const w = 200;
    const h = 100;
    const data = Buffer.alloc(w * h * 4, 255);
    for (let y = 0; y < h; y++) for (let x = 0; x < w / 2; x++) data.fill(0, (y * w + x) * 4, (y * w + x) * 4 + 3);
    const plain = Buffer.from(encodeJpeg({ data, width: w, height: h }, 90).data);
    const withOrientation = (o: number, little: boolean): Buffer => {
      const tiff = Buffer.alloc(26);
      tiff.write(little ? 'II' : 'MM', 0, 'latin1');
      const u16 = (v: number, at: number): number => (little ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at));
      const u32 = (v: number, at: number): number => (little ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at));
      u16(42, 2);
      u32(8, 4);
      u16(1, 8); // one entry
      u16(0x0112, 10); // Orientation
      u16(3, 12); // SHORT
      u32(1, 14);
      u16(o, 18);
      const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, 2 + 6 + tiff.length]), Buffer.from('Exif\0\0', 'latin1'), tiff]);
      return Buffer.concat([plain.subarray(0, 2), app1, plain.subarray(2)]);
    };
    expect(jpegOrientation(plain)).toBe(1);
    expect(jpegOrientation(withOrientation(6, false))).toBe(6);
    expect(jpegOrientation(withOrientation(3, true))).toBe(3);
    const turned = makeThumbnail(withOrientation(6, true));
    if (!turned.ok) throw new Error(turned.reason);
    expect([turned.thumbnail.width, turned.thumbnail.height]).toEqual([80, 160]);
    const px = decodeJpeg(turned.thumbnail.bytes, { useTArray: true }).data;
    const at = (x: number, y: number): number => px[(y * 80 + x) * 4]!;
    expect(at(40, 20)).toBeLessThan(40); // the black half is on top now
    expect(at(40, 140)).toBeGreaterThan(215);
    const upsideDown = makeThumbnail(withOrientation(3, false));
    if (!upsideDown.ok) throw new Error(upsideDown.reason);
    const px3 = decodeJpeg(upsideDown.thumbnail.bytes, { useTArray: true }).data;
    expect(px3[(40 * 160 + 20) * 4]!).toBeGreaterThan(215); // white on the left after 180°
    expect(px3[(40 * 160 + 140) * 4]!).toBeLessThan(40);
  });

  it('refuses huge dimensions from the header alone, before decoding anything', () => {
    // A PNG whose IHDR claims 10,000 × 10,000 (and nothing after it).
    const png = Buffer.from(pngOf(2, 2));
    png.writeUInt32BE(10_000, 16);
    png.writeUInt32BE(10_000, 20);
    const t0 = performance.now();
    expect(makeThumbnail(png)).toEqual({ ok: false, reason: '10000×10000 pixels, over the 25 megapixel limit' });
    // A JPEG whose frame header claims 30,000 × 20,000.
    const jpeg = Buffer.from(jpegOf(16, 16));
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    jpeg.writeUInt16BE(20_000, sof + 5);
    jpeg.writeUInt16BE(30_000, sof + 7);
    expect(makeThumbnail(jpeg)).toEqual({ ok: false, reason: '30000×20000 pixels, over the 25 megapixel limit' });
    expect(performance.now() - t0).toBeLessThan(200);
    const big = new Uint8Array(PHOTO_MAX_INPUT_BYTES + 1);
    big.set([0xff, 0xd8, 0xff]);
    expect(makeThumbnail(big)).toMatchObject({ ok: false, reason: expect.stringMatching(/over the 5 MB limit/) });
  });

  it('drops a cut-off or damaged JPEG/PNG (never a partial picture) and other formats, by their bytes', () => {
    const jpeg = jpegOf(200, 200);
    for (const cut of [20, 400, Math.floor(jpeg.length / 2), jpeg.length - 3]) {
      expect(makeThumbnail(jpeg.subarray(0, cut))).toMatchObject({ ok: false, reason: expect.stringMatching(/damaged|cut-off/) });
    }
    const png = pngOf(50, 50);
    expect(makeThumbnail(png.subarray(0, png.length - 20))).toMatchObject({ ok: false, reason: expect.stringMatching(/damaged or cut-off PNG/) });
    const flipped = Buffer.from(png);
    flipped[40] = (flipped[40] as number) ^ 0xff; // inside IDAT: the CRC no longer matches
    expect(makeThumbnail(flipped)).toMatchObject({ ok: false, reason: expect.stringMatching(/damaged or cut-off PNG/) });
    expect(makeThumbnail(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'))).toEqual({ ok: false, reason: 'a GIF image (Kindred keeps JPEG and PNG photos)' });
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic')]);
    expect(makeThumbnail(heic)).toEqual({ ok: false, reason: 'a HEIC/AVIF image (Kindred keeps JPEG and PNG photos)' });
    expect(makeThumbnail(Buffer.from('hello, not an image'))).toEqual({ ok: false, reason: 'not a JPEG or PNG image' });
  });
});

describe('photos in an import', () => {
  let dir: string;
  let store: JournalStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kindred-photos-'));
    store = await openLevelStore(join(dir, 'journal'));
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function pageOf(personId: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const u = await store.getUpdate(personId);
    if (u) Y.applyUpdate(doc, u);
    return doc;
  }

  async function idOf(name: string): Promise<string> {
    return (await peopleIn(store)).find((p) => p.name === name)!.id;
  }

  it('keeps the thumbnail in the person page doc, not the workspace; the preview says so; re-import changes nothing', async () => {
    const jpeg = jpegOf(640, 480);
    const text = card('Sam Rivera', photoLine(jpeg, 'ENCODING=b;TYPE=GIF')) + card('Ana Lima', photoLine(pngOf(90, 60), 'ENCODING=BASE64;TYPE=JPEG'));
    const { preview, result } = await importFiles(store, [file('friends.vcf', text)]);
    expect(preview.add.map((a) => [a.name, a.photo?.mime])).toEqual([['Sam Rivera', 'image/jpeg'], ['Ana Lima', 'image/jpeg']]);
    expect(result.photos).toBe(2);
    const sam = readPersonPhoto(await pageOf(await idOf('Sam Rivera')));
    expect(sam).toMatchObject({ mime: 'image/jpeg', from: 'vcard', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(sam!.bytes.length).toBeLessThan(10_000);
    expect(Buffer.from(sam!.bytes)).toEqual(Buffer.from(preview.add[0]!.photo!.bytes));
    // The workspace doc holds no photo bytes.
    const ws = Buffer.from((await store.getUpdate(WORKSPACE_DOC_ID))!);
    expect(ws.indexOf(Buffer.from(sam!.bytes.subarray(0, 64)))).toBe(-1);
    expect(ws.length).toBeLessThan(4_000);

    const head = await store.head();
    const again = await importFiles(store, [file('friends.vcf', text)]);
    expect(again.preview.add).toEqual([]);
    expect(again.preview.update).toEqual([]);
    expect(again.preview.skip.map((s) => s.reason)).toEqual(['already in Kindred, nothing new', 'already in Kindred, nothing new']);
    expect(again.result.photos).toBe(0);
    expect(await store.head()).toBe(head);
  });

  it('replaces a photo the card changed, but never one the user chose', async () => {
    await importFiles(store, [file('a.vcf', card('Sam Rivera', photoLine(jpegOf(300, 300, 0))))]);
    const samId = await idOf('Sam Rivera');
    const first = readPersonPhoto(await pageOf(samId))!;
    const changed = await importFiles(store, [file('b.vcf', card('Sam Rivera', photoLine(jpegOf(300, 300, 250))))]);
    expect(changed.preview.update.map((u) => [u.name, Boolean(u.photo)])).toEqual([['Sam Rivera', true]]);
    expect(changed.result.photos).toBe(1);
    const second = readPersonPhoto(await pageOf(samId))!;
    expect(second.hash).not.toBe(first.hash);

    // The user picks their own photo in Kindred: no card replaces it.
    const doc = await pageOf(samId);
    const sv = Y.encodeStateVector(doc);
    writePersonPhoto(doc, { ...first, from: 'user' });
    await store.applyUpdate(samId, Y.encodeStateAsUpdate(doc, sv), 'test');
    const head = await store.head();
    const third = await importFiles(store, [file('c.vcf', card('Sam Rivera', photoLine(jpegOf(300, 300, 120))))]);
    expect(third.preview.update).toEqual([]);
    expect(third.preview.problems).toContainEqual(expect.objectContaining({ name: 'Sam Rivera', level: 'info', message: 'photo not imported: Sam Rivera has a photo you chose in Kindred' }));
    expect(await store.head()).toBe(head);
    expect(readPersonPhoto(await pageOf(samId))).toMatchObject({ from: 'user', hash: first.hash });
  });

  it('reads data: URIs (vCard 4.0); never fetches web addresses; reports every photo it drops', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const text = [
      ['BEGIN:VCARD', 'VERSION:4.0', 'FN:Data Uri', `PHOTO:data:image/png;base64,${Buffer.from(pngOf(20, 20)).toString('base64')}`, 'END:VCARD'].join('\r\n'),
      ['BEGIN:VCARD', 'VERSION:4.0', 'FN:Web Photo', 'PHOTO;MEDIATYPE=image/jpeg:https://example.invalid/sam.jpg', 'END:VCARD'].join('\r\n'),
      card('Gif Person', photoLine(gif, 'ENCODING=b;TYPE=GIF')),
      card('Cut Photo', photoLine(jpegOf(200, 200).subarray(0, 900))),
      card('Two Photos', `${photoLine(jpegOf(30, 30))}\r\n${photoLine(jpegOf(40, 40))}`),
      '',
    ].join('\r\n');
    const { preview, result } = await importFiles(store, [file('mixed.vcf', text)]);
    const notes = (name: string): string[] => preview.problems.filter((p) => p.name === name).map((p) => p.message);
    expect(preview.add.filter((a) => a.photo).map((a) => a.name)).toEqual(['Data Uri', 'Two Photos']);
    expect(result.photos).toBe(2);
    expect(notes('Web Photo')).toEqual(['PHOTO at a web address not fetched (Kindred never downloads from a contact file)']);
    expect(notes('Gif Person')).toEqual(['photo dropped: a GIF image (Kindred keeps JPEG and PNG photos)']);
    expect(notes('Cut Photo')).toEqual([expect.stringMatching(/^photo dropped: a damaged or cut-off JPEG image/)]);
    expect(notes('Two Photos')).toEqual(['another photo not imported (Kindred keeps one photo per person)']);
    expect(readPersonPhoto(await pageOf(await idOf('Two Photos')))).not.toBeNull();
    expect(readPersonPhoto(await pageOf(await idOf('Gif Person')))).toBeNull();
  });

  it.runIf(HAVE_SHARED_FIXTURES)('real exports: iPhone and Mac photos become thumbnails; the 8 MiB one and a cut-off card keep none', async () => {
    const { preview } = await importFiles(store, [
      sharedFile('apple-ios5-iphone__photo-crcrlf-itemlabels__ezvcard.vcf'),
      sharedFile('apple-macos-addressbook__photo-base64-indented__ezvcard.vcf'),
      sharedFile('sabre__v30-photo-base64-2space-fold__sabre-vobject.vcf'),
      sharedFile('derived__huge-photo-8mib__from-apple-ios613.vcf'),
      sharedFile('derived__truncated-inside-photo__from-apple-ios5-iphone.vcf'),
      sharedFile('malformed__invalid-base64-photo__aosp.vcf'),
    ]);
    const people = await peopleIn(store);
    const photoOf = async (name: string): Promise<number | null> => readPersonPhoto(await pageOf(people.find((p) => p.name === name)!.id))?.bytes.length ?? null;
    expect(await photoOf('Mr. John Richter James Doe Sr.')).toBeLessThan(10_000);
    expect(await photoOf('Mr. John Richter,James Doe Sr.')).toBeLessThan(10_000);
    expect(await photoOf('Bob Smith')).toBeNull();
    expect(await photoOf('fullname')).toBeNull();
    expect(preview.problems.filter((p) => p.name === 'Bob Smith').map((p) => p.message)).toContain('photo dropped: 6,144 KB, over the 5 MB limit for a photo');
    expect(preview.problems.filter((p) => p.name === 'fullname').map((p) => p.message)).toContain('photo dropped: not valid base64');
    const cut = preview.problems.filter((p) => p.file.startsWith('derived__truncated-inside-photo'));
    expect(cut.some((p) => /^photo dropped: /.test(p.message))).toBe(true);
  });
});
