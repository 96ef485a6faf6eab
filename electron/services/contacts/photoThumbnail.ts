/**
 * A contact's photo, kept small (issue 13: "Photos are kept small (resized or dropped, never an
 * 8 MB value in the workspace doc)"): JPEG and PNG — recognised by their first bytes, never by the
 * card's TYPE — are decoded with pure-JS codecs (jpeg-js, pngjs), shrunk to fit 160×160 and
 * written as a JPEG (quality 80, typically 4–10 KB). Everything else is refused with a reason the
 * preview shows: other formats, files over 5 MiB, images over 25 megapixels (checked from the
 * header before anything is decoded), and damaged or cut-off images (never stored in part).
 */
import { decode as decodeJpeg, encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';

export const PHOTO_MAX_INPUT_BYTES = 5 * 1024 * 1024;
export const PHOTO_MAX_PIXELS = 25_000_000;
export const THUMBNAIL_SIZE = 160;
export const THUMBNAIL_QUALITY = 80;

export interface Thumbnail {
  mime: 'image/jpeg';
  bytes: Uint8Array;
  width: number;
  height: number;
}

export type ThumbnailResult = { ok: true; thumbnail: Thumbnail } | { ok: false; reason: string };

type Kind = 'jpeg' | 'png' | 'gif' | 'heic' | 'webp' | 'bmp' | 'tiff' | null;

/** What the first bytes say the image is. */
export function imageKind(b: Uint8Array): Kind {
  const at = (i: number, ...xs: number[]): boolean => xs.every((x, k) => b[i + k] === x);
  const ascii = (i: number, s: string): boolean => at(i, ...[...s].map((c) => c.charCodeAt(0)));
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'gif';
  if (ascii(4, 'ftyp') && ['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1', 'avif'].some((brand) => ascii(8, brand))) return 'heic';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  if (ascii(0, 'BM')) return 'bmp';
  if (ascii(0, 'II*\0') || ascii(0, 'MM\0*')) return 'tiff';
  return null;
}

const NAMES: Record<Exclude<Kind, 'jpeg' | 'png' | null>, string> = {
  gif: 'a GIF image',
  heic: 'a HEIC/AVIF image',
  webp: 'a WebP image',
  bmp: 'a BMP image',
  tiff: 'a TIFF image',
};

/** Width and height from a JPEG's frame header (SOFn), without decoding; null if none is found. */
export function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    const length = ((b[i + 2] as number) << 8) | (b[i + 3] as number);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = ((b[i + 5] as number) << 8) | (b[i + 6] as number);
      const width = ((b[i + 7] as number) << 8) | (b[i + 8] as number);
      return { width, height };
    }
    if (marker === 0xda || length < 2) return null; // scan data before any frame header
    i += 2 + length;
  }
  return null;
}

/** Width and height from a PNG's IHDR chunk (always first). */
export function pngSize(b: Uint8Array): { width: number; height: number } | null {
  if (b.length < 24) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const kb = (n: number): string => `${Math.round(n / 1024).toLocaleString('en-US')} KB`;

export function makeThumbnail(bytes: Uint8Array): ThumbnailResult {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > PHOTO_MAX_INPUT_BYTES) {
    return { ok: false, reason: `${kb(bytes.length)}, over the ${PHOTO_MAX_INPUT_BYTES / 1024 / 1024} MB limit for a photo` };
  }
  const kind = imageKind(bytes);
  if (kind === null) return { ok: false, reason: 'not a JPEG or PNG image' };
  if (kind !== 'jpeg' && kind !== 'png') return { ok: false, reason: `${NAMES[kind]} (Kindred keeps JPEG and PNG photos)` };
  const size = kind === 'jpeg' ? jpegSize(bytes) : pngSize(bytes);
  if (!size || size.width === 0 || size.height === 0) return { ok: false, reason: `a damaged ${kind.toUpperCase()} image (no size in its header)` };
  if (size.width * size.height > PHOTO_MAX_PIXELS) {
    return { ok: false, reason: `${size.width}×${size.height} pixels, over the ${PHOTO_MAX_PIXELS / 1e6} megapixel limit` };
  }
  let rgba: { width: number; height: number; data: Uint8Array };
  try {
    rgba = kind === 'jpeg' ? decodeJpegStrict(bytes) : decodePng(bytes);
  } catch (err) {
    return { ok: false, reason: `a damaged or cut-off ${kind.toUpperCase()} image (${err instanceof Error ? err.message : String(err)})` };
  }
  // Phones store a photo as the sensor saw it and say how to turn it (EXIF orientation).
  const small = orient(shrinkToFit(rgba, THUMBNAIL_SIZE), kind === 'jpeg' ? jpegOrientation(bytes) : 1);
  const encoded = encodeJpeg({ data: small.data, width: small.width, height: small.height }, THUMBNAIL_QUALITY);
  return { ok: true, thumbnail: { mime: 'image/jpeg', bytes: new Uint8Array(encoded.data), width: small.width, height: small.height } };
}

function decodeJpegStrict(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  // Not tolerant: a cut-off file throws instead of giving a half-grey picture.
  const img = decodeJpeg(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    tolerantDecoding: false,
    maxResolutionInMP: PHOTO_MAX_PIXELS / 1e6,
    maxMemoryUsageInMB: 256,
  });
  return { width: img.width, height: img.height, data: img.data };
}

function decodePng(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { width: png.width, height: png.height, data: png.data };
}

/**
 * Area-averaging downscale (every source pixel counts, so no aliasing), transparency laid on
 * white. Images already small enough keep their size.
 */
export function shrinkToFit(src: { width: number; height: number; data: Uint8Array }, box: number): { width: number; height: number; data: Uint8Array } {
  const scale = Math.min(1, box / src.width, box / src.height);
  const w = Math.max(1, Math.round(src.width * scale));
  const h = Math.max(1, Math.round(src.height * scale));
  const sums = new Float64Array(w * h * 3);
  const counts = new Float64Array(w * h);
  for (let y = 0; y < src.height; y++) {
    const ty = Math.min(h - 1, Math.floor((y * h) / src.height));
    for (let x = 0; x < src.width; x++) {
      const tx = Math.min(w - 1, Math.floor((x * w) / src.width));
      const s = (y * src.width + x) * 4;
      const a = (src.data[s + 3] as number) / 255;
      const t = ty * w + tx;
      const white = 255 * (1 - a);
      sums[t * 3] = (sums[t * 3] as number) + (src.data[s] as number) * a + white;
      sums[t * 3 + 1] = (sums[t * 3 + 1] as number) + (src.data[s + 1] as number) * a + white;
      sums[t * 3 + 2] = (sums[t * 3 + 2] as number) + (src.data[s + 2] as number) * a + white;
      counts[t] = (counts[t] as number) + 1;
    }
  }
  const out = new Uint8Array(w * h * 4);
  for (let t = 0; t < w * h; t++) {
    const n = counts[t] || 1;
    out[t * 4] = Math.round((sums[t * 3] as number) / n);
    out[t * 4 + 1] = Math.round((sums[t * 3 + 1] as number) / n);
    out[t * 4 + 2] = Math.round((sums[t * 3 + 2] as number) / n);
    out[t * 4 + 3] = 255;
  }
  return { width: w, height: h, data: out };
}

/** The EXIF orientation (1–8) of a JPEG, 1 when it has none or it cannot be read. */
export function jpegOrientation(b: Uint8Array): number {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1] as number;
    const length = view.getUint16(i + 2);
    if (marker === 0xda || length < 2) return 1; // image data: no more metadata
    const start = i + 4;
    if (marker === 0xe1 && start + 14 <= b.length && String.fromCharCode(...b.subarray(start, start + 4)) === 'Exif') {
      const tiff = start + 6;
      const little = b[tiff] === 0x49; // "II" little-endian, "MM" big-endian
      const u16 = (at: number): number => (at + 2 <= b.length ? view.getUint16(at, little) : 0);
      const u32 = (at: number): number => (at + 4 <= b.length ? view.getUint32(at, little) : 0);
      const ifd = tiff + u32(tiff + 4);
      const count = u16(ifd);
      for (let e = 0; e < count && e < 512; e++) {
        const entry = ifd + 2 + e * 12;
        if (entry + 12 > b.length) return 1;
        if (u16(entry) === 0x0112) {
          const value = u16(entry + 8);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }
    i += 2 + length;
  }
  return 1;
}

/** Turns an image as EXIF orientation `o` says (2–8: mirrored and/or rotated; 5–8 swap width and height). */
export function orient(src: { width: number; height: number; data: Uint8Array }, o: number): { width: number; height: number; data: Uint8Array } {
  if (o < 2 || o > 8) return src;
  const { width: w, height: h } = src;
  const swap = o >= 5;
  const W = swap ? h : w;
  const H = swap ? w : h;
  const out = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      // Where the shown pixel (x, y) is in the stored image.
      const [sx, sy] =
        o === 2 ? [w - 1 - x, y]
        : o === 3 ? [w - 1 - x, h - 1 - y]
        : o === 4 ? [x, h - 1 - y]
        : o === 5 ? [y, x]
        : o === 6 ? [y, h - 1 - x]
        : o === 7 ? [w - 1 - y, h - 1 - x]
        : [w - 1 - y, x];
      out.set(src.data.subarray((sy * w + sx) * 4, (sy * w + sx) * 4 + 4), (y * W + x) * 4);
    }
  }
  return { width: W, height: H, data: out };
}
