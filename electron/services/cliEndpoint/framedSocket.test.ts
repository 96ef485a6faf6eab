import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameError, FrameReader } from './framedSocket';

/** Frames survive any split of the byte stream (sockets deliver chunks of any size). */
describe('FrameReader', () => {
  it('gives back exactly the frames sent, however the stream is cut (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 }), fc.array(fc.nat(400), { maxLength: 30 }), (frames, cuts) => {
        const stream = Buffer.concat(frames.map((f) => encodeFrame(f)));
        const reader = new FrameReader(1000);
        const got: Buffer[] = [];
        let at = 0;
        for (const c of cuts) {
          const end = Math.min(stream.length, at + c);
          got.push(...reader.push(stream.subarray(at, end)));
          at = end;
        }
        got.push(...reader.push(stream.subarray(at)));
        expect(got.map((g) => [...g])).toEqual(frames.map((f) => [...f]));
        expect(reader.drain().length).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a frame over the limit from its header, before its bytes arrive', () => {
    const reader = new FrameReader(10);
    expect(reader.push(encodeFrame(new Uint8Array(10)))).toHaveLength(1);
    expect(() => reader.push(Buffer.from([0, 0, 0, 11]))).toThrow(FrameError);
  });
});
