import { Buffer } from 'node:buffer';
import { EMPTY_FACTS, isEmptyFacts, readDerivedFacts } from '../../../shared/domain/derivedFacts';
import type { DerivedPageFacts, SnippetPart } from '../../../shared/domain/types';

/**
 * How one page's facts are kept in the `derived` key space: compact JSON, empty fields left
 * out, follow-ups as tuples. A page with no facts has no key at all (most journal days that
 * were opened but never written), so the index grows with what was written, not with pages.
 */
interface Compact {
  p?: SnippetPart[];
  m?: Record<string, SnippetPart[]>;
  c?: string[];
  /** [key, parts, personIds, checked (1/0)] */
  f?: [string, SnippetPart[], string[], 0 | 1][];
  a?: SnippetPart[][];
}

/**
 * Copied into a Uint8Array of the global realm: the store checks `instanceof Uint8Array`, and
 * where a test environment (jsdom) replaces the globals, Buffer/TextEncoder bytes would fail it.
 */
const encode = (text: string): Uint8Array => {
  const bytes = Buffer.from(text, 'utf8');
  const out = new Uint8Array(bytes.byteLength);
  out.set(bytes);
  return out;
};
const decode = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');

/** null for empty facts: the caller deletes the key. */
export { encode as encodeText, decode as decodeText };

export function encodeFacts(f: DerivedPageFacts): Uint8Array | null {
  if (isEmptyFacts(f)) return null;
  const c: Compact = {};
  if (f.preview.length) c.p = f.preview;
  if (Object.keys(f.mentions).length) c.m = f.mentions;
  if (f.contacts.length) c.c = f.contacts;
  if (f.followUps.length) c.f = f.followUps.map((x) => [x.key, x.parts, x.personIds, x.checked ? 1 : 0]);
  if (f.askNext.length) c.a = f.askNext;
  return encode(JSON.stringify(c));
}

/** Reads a stored value defensively: a damaged value reads as no facts (a rebuild rewrites it). */
export function decodeFacts(bytes: Uint8Array | undefined): DerivedPageFacts {
  if (!bytes) return EMPTY_FACTS;
  let c: Compact;
  try {
    c = JSON.parse(decode(bytes)) as Compact;
  } catch {
    return EMPTY_FACTS;
  }
  if (typeof c !== 'object' || c === null) return EMPTY_FACTS;
  return readDerivedFacts({
    preview: c.p,
    mentions: c.m,
    contacts: c.c,
    followUps: Array.isArray(c.f)
      ? c.f.map((t) => (Array.isArray(t) ? { key: t[0], parts: t[1], personIds: t[2], checked: t[3] === 1 } : null))
      : [],
    askNext: c.a,
  });
}

export function sameBytes(a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
