import type { UpdateLayout } from './updateLayout';

/** Byte-level helpers for writing chunks, and the delete set's place in the chunk list. */

export function varUintSize(n: number): number {
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

export function writeVarUint(out: Uint8Array, pos: number, n: number): number {
  while (n >= 128) {
    out[pos++] = (n % 128) | 128;
    n = Math.floor(n / 128);
  }
  out[pos++] = n;
  return pos;
}

/**
 * Puts the original delete set into the last chunk when it fits; otherwise into trailing chunks
 * of their own (no structs), split between (clock, len) ranges. Deletes only apply once every
 * struct is in, so they go last either way.
 */
export function appendDeleteSet(update: Uint8Array, L: UpdateLayout, chunks: Uint8Array[], maxBytes: number): void {
  const dsBytes = update.subarray(L.dsStart, L.dsEnd);
  const last = chunks[chunks.length - 1];
  if (last !== undefined && last.length - 1 + dsBytes.length <= maxBytes) {
    const merged = new Uint8Array(last.length - 1 + dsBytes.length);
    merged.set(last.subarray(0, last.length - 1));
    merged.set(dsBytes, last.length - 1);
    chunks[chunks.length - 1] = merged;
    return;
  }
  const hasRanges = L.dsPairs > 0;
  if (!hasRanges && last !== undefined) return; // the last chunk's empty delete set says the same
  if (dsBytes.length + 1 <= maxBytes || !hasRanges) {
    chunks.push(withNoStructs([dsBytes]));
    return;
  }
  // Too large for one chunk: re-frame the ranges client by client, copying each pair verbatim.
  const base = 1 + varUintSize(maxBytes); // no struct sections + the number of entries
  let parts: Uint8Array[] = [];
  let entries = 0;
  let size = base;
  let open = -1; // first pair of the entry being built in this chunk, or -1
  const closeEntry = (client: number, end: number): void => {
    if (open < 0) return;
    const head = new Uint8Array(varUintSize(client) + varUintSize(end - open));
    writeVarUint(head, writeVarUint(head, 0, client), end - open);
    parts.push(head, update.subarray(L.dsPairStart[open] as number, L.dsPairEnd[end - 1] as number));
    entries++;
    open = -1;
  };
  const flush = (): void => {
    if (entries === 0) return;
    const head = new Uint8Array(varUintSize(entries));
    writeVarUint(head, 0, entries);
    chunks.push(withNoStructs([head, ...parts]));
    parts = [];
    entries = 0;
    size = base;
  };
  for (let e = 0; e < L.dsClient.length; e++) {
    const client = L.dsClient[e] as number;
    const entryHead = varUintSize(client) + varUintSize(maxBytes);
    for (let p = L.dsPairFrom[e] as number, pEnd = L.dsPairFrom[e + 1] as number; p < pEnd; p++) {
      const pairBytes = (L.dsPairEnd[p] as number) - (L.dsPairStart[p] as number);
      const cost = pairBytes + (open < 0 ? entryHead : 0);
      if ((entries > 0 || open >= 0) && size + cost > maxBytes) {
        closeEntry(client, p);
        flush();
        size += entryHead;
      } else size += open < 0 ? entryHead : 0;
      if (open < 0) open = p;
      size += pairBytes;
    }
    closeEntry(client, L.dsPairFrom[e + 1] as number);
  }
  flush();
}

/** An update with zero struct sections followed by the given delete-set bytes. */
function withNoStructs(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  let pos = 1; // out[0] = 0: no struct sections
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
