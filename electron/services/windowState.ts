import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Remembers the main window's bounds between launches, per display arrangement. Plain Node (no
 * 'electron' import) so it is unit-tested; the main process feeds it `screen.getAllDisplays()`.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState extends Rect {
  isMaximized: boolean;
}

export interface WindowDefaults {
  width: number;
  height: number;
}

/** Smallest size we restore; anything below is treated as corrupt rather than shown as a sliver. */
export const MIN_WINDOW_SIZE = { width: 320, height: 240 } as const;
/** Beyond any real screen arrangement: such numbers come from a corrupt file. */
const MAX_COORDINATE = 100_000;

/** Display layouts remembered at most (docked, undocked, projector…); the oldest is dropped. */
export const MAX_REMEMBERED_LAYOUTS = 8;

/**
 * Names a display arrangement (each display's bounds, in a stable order), so the window can be
 * remembered per arrangement: docked at the office, on the laptop alone, with a projector.
 */
export function displayLayoutKey(displays: readonly Rect[]): string {
  return [...displays]
    .map((d) => `${Math.round(d.x)},${Math.round(d.y)},${Math.round(d.width)}x${Math.round(d.height)}`)
    .sort()
    .join(';');
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** The per-layout states of a parsed file; anything implausible in it is left out. */
function rememberedLayouts(raw: unknown): Map<string, WindowState> {
  const out = new Map<string, WindowState>();
  if (typeof raw !== 'object' || raw === null) return out;
  const byLayout = (raw as { byLayout?: unknown }).byLayout;
  if (typeof byLayout !== 'object' || byLayout === null || Array.isArray(byLayout)) return out;
  for (const [key, value] of Object.entries(byLayout)) {
    const state = parseWindowState(value);
    if (state && key.length <= 1000) out.set(key, state);
  }
  return out;
}

/**
 * Reads the saved state; a missing, corrupt or implausible file gives null (use defaults). With
 * `layout` (displayLayoutKey), the state saved for that display arrangement, else the last one.
 */
export function loadWindowState(file: string, layout?: string): WindowState | null {
  const raw = readJson(file);
  if (layout !== undefined) {
    const forLayout = rememberedLayouts(raw).get(layout);
    if (forLayout) return forLayout;
  }
  return parseWindowState(raw);
}

export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const v = raw as Record<string, unknown>;
  const { x, y, width, height } = v;
  if (!isCoordinate(x) || !isCoordinate(y) || !isCoordinate(width) || !isCoordinate(height)) return null;
  if (width < MIN_WINDOW_SIZE.width || height < MIN_WINDOW_SIZE.height) return null;
  return {
    x: Math.round(x),
    y: Math.round(y),
    width: Math.round(width),
    height: Math.round(height),
    isMaximized: v.isMaximized === true,
  };
}

function isCoordinate(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= MAX_COORDINATE;
}

/**
 * Writes atomically (temp file + rename) so a crash or power loss mid-write leaves the old
 * file, never a half-written one. Synchronous on purpose: it also runs from the window's
 * `close` handler, where nothing asynchronous is guaranteed to finish before the app exits.
 */
export function saveWindowState(file: string, state: WindowState, layout?: string): void {
  const clean: WindowState = {
    x: Math.round(state.x),
    y: Math.round(state.y),
    width: Math.round(state.width),
    height: Math.round(state.height),
    isMaximized: state.isMaximized,
  };
  // The last state stays at the top level (what older versions read); per layout beside it.
  let content: WindowState & { byLayout?: Record<string, WindowState> } = clean;
  if (layout !== undefined) {
    const layouts = rememberedLayouts(readJson(file));
    layouts.delete(layout); // re-inserted last: the most recently used is kept longest
    layouts.set(layout, clean);
    while (layouts.size > MAX_REMEMBERED_LAYOUTS) layouts.delete(layouts.keys().next().value!);
    content = { ...clean, byLayout: Object.fromEntries(layouts) };
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, 'utf8');
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function intersectionArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Share of the window that must be on screen to keep its saved position. */
const MIN_VISIBLE_SHARE = 0.5;

/**
 * Where to open the window. The saved bounds are kept when at least half of the window is on
 * screen, or when it covers half of a display (saved on a bigger monitor); they are then moved
 * fully inside the display holding most of them, size clamped to its work area. Otherwise the
 * defaults are centred on the primary display (`workAreas[0]`), e.g. after the monitor the
 * window was on was unplugged. `isMaximized` is kept either way.
 */
export function fitToDisplays(
  state: WindowState | null,
  workAreas: readonly Rect[],
  defaults: WindowDefaults,
): WindowState {
  const primary = workAreas[0];
  const isMaximized = state?.isMaximized ?? false;
  if (!primary) {
    // No display information at all (headless): trust the saved bounds or use defaults.
    return state ? { ...state } : { x: 0, y: 0, width: defaults.width, height: defaults.height, isMaximized };
  }

  if (state) {
    const area = state.width * state.height;
    let best: Rect | undefined;
    let bestOverlap = 0;
    let totalOverlap = 0;
    for (const wa of workAreas) {
      const overlap = intersectionArea(state, wa);
      totalOverlap += overlap;
      if (overlap > bestOverlap) {
        bestOverlap = overlap;
        best = wa;
      }
    }
    // Visible enough: half the window is on screen, or (a window saved on a bigger monitor)
    // it covers half a display.
    const coversDisplay = best !== undefined && bestOverlap / (best.width * best.height) >= MIN_VISIBLE_SHARE;
    if (best && area > 0 && (totalOverlap / area >= MIN_VISIBLE_SHARE || coversDisplay)) {
      return { ...placeInside(state, best), isMaximized };
    }
  }

  const width = Math.min(defaults.width, primary.width);
  const height = Math.min(defaults.height, primary.height);
  return {
    x: Math.round(primary.x + (primary.width - width) / 2),
    y: Math.round(primary.y + (primary.height - height) / 2),
    width,
    height,
    isMaximized,
  };
}

/** Clamps the size to the work area, then shifts the window so it lies fully inside it. */
function placeInside(r: Rect, wa: Rect): Rect {
  const width = Math.min(r.width, wa.width);
  const height = Math.min(r.height, wa.height);
  const x = Math.min(Math.max(r.x, wa.x), wa.x + wa.width - width);
  const y = Math.min(Math.max(r.y, wa.y), wa.y + wa.height - height);
  return { x, y, width, height };
}
