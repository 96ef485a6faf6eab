import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { displayLayoutKey, fitToDisplays, loadWindowState, MAX_REMEMBERED_LAYOUTS, saveWindowState } from './windowState';
import type { Rect, WindowState } from './windowState';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kindred-winstate-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const saved: WindowState = { x: 100, y: 80, width: 1000, height: 700, isMaximized: false };

describe('loadWindowState / saveWindowState', () => {
  it('round-trips through a file, creating missing folders', () => {
    const file = join(dir, 'nested', 'deeper', 'window-state.json');
    saveWindowState(file, { ...saved, isMaximized: true });
    expect(loadWindowState(file)).toEqual({ ...saved, isMaximized: true });
  });

  it('leaves no temp file behind and overwrites atomically', () => {
    const file = join(dir, 'window-state.json');
    saveWindowState(file, saved);
    saveWindowState(file, { ...saved, x: 5 });
    expect(readdirSync(dir)).toEqual(['window-state.json']);
    expect(loadWindowState(file)?.x).toBe(5);
  });

  it('rounds fractional bounds (HiDPI scaling) before saving', () => {
    const file = join(dir, 's.json');
    saveWindowState(file, { x: 10.4, y: 20.6, width: 800.5, height: 600.2, isMaximized: false });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 10, y: 21, width: 801, height: 600, isMaximized: false });
  });

  it('returns null for a missing file', () => {
    expect(loadWindowState(join(dir, 'nope.json'))).toBeNull();
  });

  it.each([
    ['not JSON', '{"x": 1,'],
    ['an array', '[1,2,3,4]'],
    ['null', 'null'],
    ['a string number', '{"x":"1","y":0,"width":800,"height":600}'],
    ['a missing field', '{"x":1,"y":0,"width":800}'],
    ['a tiny window', '{"x":1,"y":0,"width":10,"height":10}'],
    ['an absurd coordinate', '{"x":1e9,"y":0,"width":800,"height":600}'],
  ])('returns null for %s', (_label, text) => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, text);
    expect(loadWindowState(file)).toBeNull();
  });

  it('treats anything but isMaximized === true as not maximized', () => {
    const file = join(dir, 'm.json');
    writeFileSync(file, '{"x":0,"y":0,"width":800,"height":600,"isMaximized":"yes"}');
    expect(loadWindowState(file)?.isMaximized).toBe(false);
  });
});

describe('fitToDisplays', () => {
  const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
  const right: Rect = { x: 1920, y: 0, width: 2560, height: 1400 };
  const defaults = { width: 1100, height: 780 };

  it('keeps bounds that are fully on a display', () => {
    expect(fitToDisplays(saved, [primary], defaults)).toEqual(saved);
  });

  it('keeps bounds on a secondary display', () => {
    const onRight = { ...saved, x: 2200, y: 100 };
    expect(fitToDisplays(onRight, [primary, right], defaults)).toEqual(onRight);
  });

  it('centres the defaults on the primary display when the saved display is gone', () => {
    const onRight = { ...saved, x: 2200, y: 100, isMaximized: true };
    expect(fitToDisplays(onRight, [primary], defaults)).toEqual({
      x: 410,
      y: 130,
      width: 1100,
      height: 780,
      isMaximized: true,
    });
  });

  it('falls back when less than half of the window is visible', () => {
    const mostlyOff = { ...saved, x: 1500 }; // 420 of 1000 px visible
    expect(fitToDisplays(mostlyOff, [primary], defaults)).toMatchObject({ x: 410, y: 130 });
  });

  it('pulls a mostly visible window fully inside its display', () => {
    const hanging = { ...saved, x: 1200, y: -50 }; // 720 of 1000 px wide visible
    expect(fitToDisplays(hanging, [primary], defaults)).toEqual({ ...saved, x: 920, y: 0 });
  });

  it('clamps a window larger than the work area', () => {
    const huge = { x: 0, y: 0, width: 3000, height: 2000, isMaximized: false };
    expect(fitToDisplays(huge, [primary], defaults)).toEqual({ ...primary, isMaximized: false });
  });

  it('clamps the defaults to a small primary display', () => {
    const small: Rect = { x: 0, y: 0, width: 1024, height: 600 };
    expect(fitToDisplays(null, [small], defaults)).toEqual({ x: 0, y: 0, width: 1024, height: 600, isMaximized: false });
  });

  it('counts a window spanning two displays as visible', () => {
    const spanning = { ...saved, x: 1500, width: 1000 }; // 420 px on primary, 580 on right
    expect(fitToDisplays(spanning, [primary, right], defaults)).toEqual({ ...spanning, x: 1920 });
  });

  it('honours a primary display that does not start at 0,0', () => {
    const offset: Rect = { x: -1280, y: 200, width: 1280, height: 1000 };
    expect(fitToDisplays(null, [offset, primary], defaults)).toMatchObject({ x: -1190, y: 310 });
  });

  it('uses the defaults when nothing was saved', () => {
    expect(fitToDisplays(null, [primary], defaults)).toEqual({ x: 410, y: 130, width: 1100, height: 780, isMaximized: false });
  });

  it('copes with no display information', () => {
    expect(fitToDisplays(saved, [], defaults)).toEqual(saved);
    expect(fitToDisplays(null, [], defaults)).toMatchObject({ width: 1100, height: 780 });
  });
});

describe('per display arrangement', () => {
  const laptop = displayLayoutKey([{ x: 0, y: 0, width: 1440, height: 900 }]);
  const docked = displayLayoutKey([
    { x: 1440, y: 0, width: 2560, height: 1440 },
    { x: 0, y: 0, width: 1440, height: 900 },
  ]);

  it('names an arrangement the same whatever order the displays come in', () => {
    expect(docked).toBe(
      displayLayoutKey([
        { x: 0, y: 0, width: 1440, height: 900 },
        { x: 1440.2, y: 0, width: 2560, height: 1440 },
      ]),
    );
    expect(docked).not.toBe(laptop);
  });

  it('keeps one state per arrangement, and the last one for an arrangement never seen', () => {
    const file = join(dir, 'layouts.json');
    saveWindowState(file, { x: 10, y: 10, width: 1000, height: 700, isMaximized: false }, laptop);
    saveWindowState(file, { x: 1600, y: 50, width: 2000, height: 1200, isMaximized: true }, docked);
    expect(loadWindowState(file, laptop)).toEqual({ x: 10, y: 10, width: 1000, height: 700, isMaximized: false });
    expect(loadWindowState(file, docked)).toEqual({ x: 1600, y: 50, width: 2000, height: 1200, isMaximized: true });
    expect(loadWindowState(file, 'projector')).toEqual({ x: 1600, y: 50, width: 2000, height: 1200, isMaximized: true });
    // Older versions read the top level: still the last state.
    expect(loadWindowState(file)).toMatchObject({ x: 1600, width: 2000 });
  });

  it('reads an older file (one state) for any arrangement', () => {
    const file = join(dir, 'old.json');
    writeFileSync(file, '{"x":5,"y":6,"width":900,"height":600,"isMaximized":false}');
    expect(loadWindowState(file, laptop)).toEqual({ x: 5, y: 6, width: 900, height: 600, isMaximized: false });
    saveWindowState(file, { x: 7, y: 8, width: 900, height: 600, isMaximized: false }, laptop);
    expect(loadWindowState(file, laptop)?.x).toBe(7);
  });

  it('drops a damaged per-arrangement entry and keeps the rest', () => {
    const file = join(dir, 'damaged.json');
    writeFileSync(
      file,
      JSON.stringify({ x: 1, y: 1, width: 800, height: 600, byLayout: { a: { x: 'no' }, b: { x: 2, y: 2, width: 800, height: 600 } } }),
    );
    expect(loadWindowState(file, 'a')?.x).toBe(1);
    expect(loadWindowState(file, 'b')?.x).toBe(2);
  });

  it(`remembers at most ${MAX_REMEMBERED_LAYOUTS} arrangements, dropping the least recently saved`, () => {
    const file = join(dir, 'many.json');
    for (let i = 0; i <= MAX_REMEMBERED_LAYOUTS; i++) {
      saveWindowState(file, { x: i, y: 0, width: 800, height: 600, isMaximized: false }, `layout-${i}`);
    }
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { byLayout: Record<string, unknown> };
    expect(Object.keys(saved.byLayout)).toHaveLength(MAX_REMEMBERED_LAYOUTS);
    expect(saved.byLayout['layout-0']).toBeUndefined();
    expect(loadWindowState(file, `layout-${MAX_REMEMBERED_LAYOUTS}`)?.x).toBe(MAX_REMEMBERED_LAYOUTS);
  });
});
