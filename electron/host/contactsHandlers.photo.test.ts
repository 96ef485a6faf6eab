import { encode as encodeJpeg } from 'jpeg-js';
import { afterEach, describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/host/base64';
import { openMemoryStore } from '../services/store';
import type { JournalStore } from '../services/store/types';
import { createContactsSlice, type ContactsSlice } from './contactsHandlers';

/**
 * What the in-app import preview says about photos (`contacts.preview` → the plain-words view),
 * through the real contacts slice over a real journal store (its in-memory backend).
 */
const open: Array<{ slice: ContactsSlice; store: JournalStore }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.slice.dispose();
    await o.store.close();
  }
});

function jpeg(tint: number): string {
  const w = 64;
  const data = Buffer.alloc(w * w * 4, tint);
  return Buffer.from(encodeJpeg({ data, width: w, height: w }, 90).data).toString('base64');
}
const card = (photo: string): string => ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Sam Rivera', 'UID:sam-1', photo, 'END:VCARD', ''].join('\r\n');
const files = (text: string) => ({ files: [{ name: 'sam.vcf', bytesB64: toBase64(new TextEncoder().encode(text)) }] });
const who = { clientId: 'window-1' } as Parameters<ContactsSlice['handlers']['contacts.preview']>[1];

describe('contacts.preview and photos', () => {
  it('says "Adds photo" for a new photo, nothing for the same one again, and why a photo was dropped', async () => {
    const store = await openMemoryStore();
    const slice = createContactsSlice({ store });
    open.push({ slice, store });
    const { handlers } = slice;
    const first = await handlers['contacts.preview'](files(card(`PHOTO;ENCODING=b;TYPE=JPEG:${jpeg(40)}`)), who);
    expect(first.add).toEqual([{ name: 'Sam Rivera', detail: 'Adds photo · from sam.vcf' }]);
    expect(await handlers['contacts.import']({ previewId: first.previewId }, who)).toEqual({ added: 1, updated: 0 });

    const same = await handlers['contacts.preview'](files(card(`PHOTO;ENCODING=b;TYPE=JPEG:${jpeg(40)}`)), who);
    expect([same.add, same.update]).toEqual([[], []]);
    expect(same.skip).toEqual([{ name: 'Sam Rivera', file: 'sam.vcf', reason: 'already in Kindred, nothing new' }]);

    const changed = await handlers['contacts.preview'](files(card(`PHOTO;ENCODING=b;TYPE=JPEG:${jpeg(200)}`)), who);
    expect(changed.update).toEqual([{ name: 'Sam Rivera', changes: ['Adds photo'] }]);

    const gif = await handlers['contacts.preview'](files(card(`PHOTO;ENCODING=b;TYPE=JPEG:${Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1').toString('base64')}`)), who);
    expect(gif.problems).toContainEqual({ file: 'sam.vcf', card: 1, reason: 'photo dropped: a GIF image (Kindred keeps JPEG and PNG photos)', level: 'info' });
  });
});
