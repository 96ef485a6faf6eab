/**
 * Yjs state vectors (v1 encoding: count, then client/clock pairs as varuints), read without Yjs:
 * deciding what to ask a peer for needs only "does it have clocks I lack", never a Y.Doc.
 */
import { ProtocolViolation } from './messages';

export function decodeStateVector(bytes: Uint8Array): Map<number, number> {
  let pos = 0;
  const next = (): number => {
    let n = 0;
    let mul = 1;
    for (;;) {
      if (pos >= bytes.length) throw new ProtocolViolation('a truncated state vector');
      const b = bytes[pos++] as number;
      n += (b & 0x7f) * mul;
      if (b < 0x80) break;
      mul *= 128;
      if (mul > 2 ** 53) throw new ProtocolViolation('a state vector number out of range');
    }
    if (!Number.isSafeInteger(n)) throw new ProtocolViolation('a state vector number out of range');
    return n;
  };
  const count = next();
  // Every pair takes at least two bytes: a count beyond that is a lie, refuse it before looping.
  if (count * 2 > bytes.length - pos) throw new ProtocolViolation('a state vector with a bad count');
  const clocks = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const client = next();
    const clock = next();
    if (clocks.has(client)) throw new ProtocolViolation('a state vector naming a client twice');
    clocks.set(client, clock);
  }
  if (pos !== bytes.length) throw new ProtocolViolation('a state vector with trailing bytes');
  return clocks;
}

/** True when `theirs` holds a clock beyond `mine` for some client (they have inserts I lack). */
export function hasClocksBeyond(theirs: ReadonlyMap<number, number>, mine: ReadonlyMap<number, number>): boolean {
  for (const [client, clock] of theirs) if (clock > (mine.get(client) ?? 0)) return true;
  return false;
}

export function sameClocks(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [client, clock] of a) if (b.get(client) !== clock) return false;
  return true;
}
