/**
 * A card's PHOTO → the thumbnail Kindred keeps, or a one-line reason it was dropped. Inline
 * photos only: base64 (`ENCODING=b`, `ENCODING=BASE64`, 2.1's bare `BASE64`) and `data:` URIs.
 * A web address is never fetched. The first usable PHOTO wins; LOGO (a company's) is not a
 * person's photo.
 */
import { createHash } from 'node:crypto';
import { param, type VcfProperty } from './parseVcf';
import { makeThumbnail, PHOTO_MAX_INPUT_BYTES } from './photoThumbnail';

export interface CardPhoto {
  mime: 'image/jpeg';
  bytes: Uint8Array;
  /** Hex SHA-256 of `bytes` (the same card always gives the same thumbnail and hash). */
  hash: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes of an inline photo value, or why there are none. */
function inlineBytes(p: VcfProperty): { bytes: Uint8Array } | { reason: string; remote?: true } | null {
  const raw = p.raw.trim();
  if (!raw) return null; // an empty PHOTO (Outlook) is no photo
  let b64: string;
  if (/^data:/i.test(raw)) {
    const comma = raw.indexOf(',');
    if (comma < 0 || !/;base64$/i.test(raw.slice(0, comma))) return { reason: 'a data: address that is not base64' };
    b64 = raw.slice(comma + 1);
  } else {
    const valueType = (param(p, 'VALUE') ?? '').toLowerCase();
    if (valueType === 'uri' || valueType === 'url' || /^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return { reason: 'at a web address', remote: true };
    b64 = raw;
  }
  b64 = b64.replace(/\s+/g, '');
  if (!BASE64.test(b64) || b64.length % 4 === 1) return { reason: 'not valid base64' };
  // Refuse by size before decoding: base64 is 4/3 of the bytes.
  const approx = Math.floor((b64.length * 3) / 4);
  if (approx > PHOTO_MAX_INPUT_BYTES) {
    return { reason: `${Math.round(approx / 1024).toLocaleString('en-US')} KB, over the ${PHOTO_MAX_INPUT_BYTES / 1024 / 1024} MB limit for a photo` };
  }
  return { bytes: new Uint8Array(Buffer.from(b64, 'base64')) };
}

/**
 * Reads every PHOTO and LOGO of a card: returns the first photo that makes a thumbnail and adds
 * a note for each one not kept.
 */
export function photoFromCard(props: readonly VcfProperty[], notes: string[], complete = true): CardPhoto | null {
  let kept: CardPhoto | null = null;
  for (const p of props) {
    if (p.name === 'LOGO') {
      if (p.raw.length > 0) notes.push('LOGO not imported (Kindred keeps a photo of the person only)');
      continue;
    }
    if (p.name !== 'PHOTO') continue;
    const found = inlineBytes(p);
    if (found === null) continue;
    if ('reason' in found) {
      notes.push(found.remote ? 'PHOTO at a web address not fetched (Kindred never downloads from a contact file)' : `photo dropped: ${found.reason}`);
      continue;
    }
    if (kept) {
      notes.push('another photo not imported (Kindred keeps one photo per person)');
      continue;
    }
    if (!complete) {
      notes.push('photo dropped: the card is cut off, so the photo may be too');
      continue;
    }
    const made = makeThumbnail(found.bytes);
    if (!made.ok) {
      notes.push(`photo dropped: ${made.reason}`);
      continue;
    }
    const { bytes, mime } = made.thumbnail;
    kept = { mime, bytes, hash: createHash('sha256').update(bytes).digest('hex') };
  }
  return kept;
}
