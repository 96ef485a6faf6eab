import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { HostError } from '../../shared/host/errors';
import { createUploadAssembler, type PartIn, type UploadAssembler } from './uploads';

const part = (index: number, count: number, fill = index, id = 'up1', docId = 'note-a'): PartIn => ({
  docId,
  id,
  index,
  count,
  bytes: new Uint8Array(10).fill(fill),
});
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof HostError ? err.code : 'not a HostError';
  }
  return undefined;
};

describe('upload assembler', () => {
  let clock = 0;
  let up: UploadAssembler;
  const make = (maxBytes = 1000, maxUpdateBytes = 1000) =>
    (up = createUploadAssembler({ ttlMs: 60_000, maxBytes, maxUpdateBytes, now: () => clock }));
  afterEach(() => up.dispose());

  it('joins parts sent in order and frees them', () => {
    make();
    expect(up.add('c', part(0, 3))).toBeNull();
    expect(up.add('c', part(1, 3))).toBeNull();
    const whole = up.add('c', part(2, 3));
    expect([...whole!]).toEqual([...Array(10).fill(0), ...Array(10).fill(1), ...Array(10).fill(2)]);
    expect(up.heldBytes()).toBe(0);
  });

  it('any order but the right one is refused and drops the upload', () => {
    make();
    fc.assert(
      fc.property(fc.array(fc.nat(3), { minLength: 1, maxLength: 8 }), (indexes) => {
        const id = `up-${Math.random()}`;
        // The model: no upload, or one expecting part `next`.
        let next: number | null = null;
        for (const index of indexes) {
          const code = codeOf(() => up.add('c', part(index, 4, index, id)));
          if ((next === null && index === 0) || index === next) {
            expect(code).toBeUndefined();
            next = index + 1 === 4 ? null : index + 1;
          } else {
            expect(code).toBe('bad_request');
            next = null; // dropped (or never started)
          }
        }
        up.clientGone('c');
        expect(up.heldBytes()).toBe(0);
      }),
    );
  });

  it('refuses a changed count or doc, a part past the size cap, and an upload that expired', () => {
    make(1000, 25);
    up.add('c', part(0, 3));
    expect(codeOf(() => up.add('c', part(1, 4)))).toBe('bad_request');
    expect(codeOf(() => up.add('c', part(1, 3)))).toBe('bad_request'); // dropped with it
    up.add('c', part(0, 3, 0, 'up2'));
    expect(codeOf(() => up.add('c', part(1, 3, 1, 'up2', 'note-b')))).toBe('bad_request');
    up.add('c', part(0, 3, 0, 'up3'));
    up.add('c', part(1, 3, 0, 'up3'));
    expect(codeOf(() => up.add('c', part(2, 3, 0, 'up3')))).toBe('bad_request'); // 30 > 25 bytes
    up.add('c', part(0, 3, 0, 'up4'));
    clock += 60_001;
    expect(codeOf(() => up.add('c', part(1, 3, 0, 'up4')))).toBe('bad_request');
    expect(up.heldBytes()).toBe(0);
  });

  it('keeps uploads per client, bounds their total, and forgets a client that went away', () => {
    make(25);
    up.add('a', part(0, 3));
    up.add('b', part(0, 3)); // same upload id, another client: a separate upload
    expect(codeOf(() => up.add('c', part(0, 3)))).toBe('unavailable'); // 30 > 25 bytes held
    expect(up.heldBytes()).toBe(20);
    up.clientGone('a');
    expect(up.heldBytes()).toBe(10);
    expect(up.add('b', part(1, 3))).toBeNull();
  });
});
