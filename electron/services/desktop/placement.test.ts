import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeCaptureWindow } from './placement';
import type { PlacementDisplay, PlacementRect } from './placement';

/** A display with a 25 DIP menu bar / taskbar at the top of its bounds. */
function display(id: number, x: number, y: number, width: number, height: number, scaleFactor = 1): PlacementDisplay {
  return { id, bounds: { x, y, width, height }, workArea: { x, y: y + 25, width, height: height - 25 }, scaleFactor };
}

const size = { width: 560, height: 240 };
const inside = (r: PlacementRect, area: PlacementRect): boolean =>
  r.x >= area.x && r.y >= area.y && r.x + r.width <= area.x + area.width && r.y + r.height <= area.y + area.height;

describe('placeCaptureWindow', () => {
  const primary = display(1, 0, 0, 1920, 1080);

  it('centres horizontally a quarter of the free height down on the display under the mouse', () => {
    const p = placeCaptureWindow({ displays: [primary], cursor: { x: 100, y: 900 }, size });
    // work area 0,25 1920×1055: x = (1920-560)/2 = 680, y = 25 + (1055-240)/4 = 228.75 → 229
    expect(p).toEqual({ x: 680, y: 229, width: 560, height: 240, displayId: 1 });
  });

  it('uses a secondary display left of and above the primary (negative coordinates)', () => {
    const left = display(2, -2560, -400, 2560, 1440);
    const p = placeCaptureWindow({ displays: [primary, left], cursor: { x: -100, y: -300 }, size });
    expect(p.displayId).toBe(2);
    expect(p).toEqual({ x: -2560 + 1000, y: -375 + Math.round((1415 - 240) / 4), width: 560, height: 240, displayId: 2 });
    expect(inside(p, left.workArea)).toBe(true);
  });

  it('keeps a scaled display in DIP (no multiplication by the scale factor)', () => {
    // A 4K panel at 200 % reports 1920×1080 DIP bounds, placed right of the primary.
    const hidpi = display(3, 1920, 0, 1920, 1080, 2);
    const p = placeCaptureWindow({ displays: [primary, hidpi], cursor: { x: 2500, y: 500 }, size });
    expect(p).toEqual({ x: 1920 + 680, y: 229, width: 560, height: 240, displayId: 3 });
    // A 150 % display with fractional DIP edges: integers, still inside.
    const odd = { id: 4, bounds: { x: 3840, y: 0, width: 1706.67, height: 960 }, workArea: { x: 3840, y: 0, width: 1706.67, height: 933.33 }, scaleFactor: 1.5 };
    const q = placeCaptureWindow({ displays: [primary, odd], cursor: { x: 4000, y: 10 }, size });
    expect(Number.isInteger(q.x) && Number.isInteger(q.y)).toBe(true);
    expect(inside(q, odd.workArea)).toBe(true);
  });

  it('picks the nearest display when the mouse is on a display that was just unplugged', () => {
    const right = display(2, 1920, 0, 1280, 1024);
    // The cursor still reports a point on the unplugged third monitor far right.
    const p = placeCaptureWindow({ displays: [primary, right], cursor: { x: 4000, y: 300 }, size });
    expect(p.displayId).toBe(2);
    // ... and far left of everything, below: nearest is the primary.
    expect(placeCaptureWindow({ displays: [primary, right], cursor: { x: -900, y: 2000 }, size }).displayId).toBe(1);
  });

  it('without a cursor (Wayland) uses the remembered display, else the primary', () => {
    const right = display(2, 1920, 0, 1280, 1024);
    expect(placeCaptureWindow({ displays: [primary, right], cursor: null, size }).displayId).toBe(1);
    const p = placeCaptureWindow({ displays: [primary, right], cursor: null, size, remembered: { displayId: 2, x: 2000, y: 100 } });
    expect(p).toMatchObject({ x: 2000, y: 100, displayId: 2 });
    // A remembered display that is gone: the primary, centred.
    expect(placeCaptureWindow({ displays: [primary], cursor: null, size, remembered: { displayId: 9, x: 5000, y: 5000 } })).toMatchObject({ x: 680, displayId: 1 });
  });

  it('uses a remembered position only on its own display, clamped into the work area', () => {
    const right = display(2, 1920, 0, 1280, 1024);
    const remembered = { displayId: 1, x: 1800, y: -50 };
    expect(placeCaptureWindow({ displays: [primary, right], cursor: { x: 10, y: 10 }, size, remembered })).toEqual({ x: 1920 - 560, y: 25, width: 560, height: 240, displayId: 1 });
    expect(placeCaptureWindow({ displays: [primary, right], cursor: { x: 2000, y: 10 }, size, remembered }).displayId).toBe(2);
  });

  it('shrinks to fit a work area smaller than the window', () => {
    const tiny = display(5, 0, 0, 400, 200);
    expect(placeCaptureWindow({ displays: [tiny], cursor: { x: 1, y: 1 }, size })).toEqual({ x: 0, y: 25, width: 400, height: 175, displayId: 5 });
  });

  it('with no display information at all returns the size at 0,0', () => {
    expect(placeCaptureWindow({ displays: [], cursor: { x: 5, y: 5 }, size })).toEqual({ x: 0, y: 0, width: 560, height: 240, displayId: null });
  });

  it('always lands fully inside the chosen display’s work area (property)', () => {
    const rect = fc.record({
      x: fc.integer({ min: -6000, max: 6000 }),
      y: fc.integer({ min: -4000, max: 4000 }),
      width: fc.integer({ min: 200, max: 5000 }),
      height: fc.integer({ min: 150, max: 3000 }),
    });
    fc.assert(
      fc.property(
        fc.array(rect, { minLength: 1, maxLength: 4 }),
        fc.option(fc.record({ x: fc.integer({ min: -9000, max: 9000 }), y: fc.integer({ min: -9000, max: 9000 }) }), { nil: null }),
        fc.record({ width: fc.integer({ min: 1, max: 4000 }), height: fc.integer({ min: 1, max: 3000 }) }),
        (rects, cursor, want) => {
          const displays = rects.map((r, i) => display(i + 1, r.x, r.y, r.width, r.height));
          const p = placeCaptureWindow({ displays, cursor, size: want });
          const chosen = displays.find((d) => d.id === p.displayId)!;
          expect(inside(p, chosen.workArea)).toBe(true);
          expect(p.width).toBe(Math.min(want.width, chosen.workArea.width));
          if (cursor && displays.some((d) => inside({ ...cursor, width: 1, height: 1 }, d.bounds))) {
            expect(inside({ ...cursor, width: 1, height: 1 }, chosen.bounds)).toBe(true);
          }
        },
      ),
    );
  });
});
