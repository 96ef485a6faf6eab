/**
 * Where the capture window appears: on the display under the mouse, like Spotlight — centred
 * horizontally in that display's work area, a quarter of the free height down, always fully
 * inside the work area. Everything is in DIP (Electron's `screen` gives DIP bounds and
 * `setBounds` takes DIP), so scaled displays need no conversion here; results are rounded
 * because fractional DIP positions snap differently per platform.
 *
 * Display choice: the display whose bounds contain the cursor; else (cursor between displays,
 * or on a display unplugged a moment ago so `screen` no longer lists it) the nearest one;
 * without a cursor (Wayland has no cursor position) the remembered display, else the primary,
 * which the caller passes first.
 */

export interface PlacementRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacementDisplay {
  id: number;
  bounds: PlacementRect;
  workArea: PlacementRect;
  scaleFactor: number;
}

export interface PlacementInput {
  /** `screen.getAllDisplays()`, primary first. */
  displays: readonly PlacementDisplay[];
  /** `screen.getCursorScreenPoint()`; null where it is not available (Wayland). */
  cursor: { x: number; y: number } | null;
  size: { width: number; height: number };
  /** Where the user last left the capture window (after dragging it); used on that display only. */
  remembered?: { displayId: number; x: number; y: number };
}

export interface Placement extends PlacementRect {
  /** The display chosen; null only when no display is known at all (headless). */
  displayId: number | null;
}

function contains(r: PlacementRect, p: { x: number; y: number }): boolean {
  return p.x >= r.x && p.x < r.x + r.width && p.y >= r.y && p.y < r.y + r.height;
}

/** Squared distance from a point to the nearest point of a rectangle (0 inside). */
function distance2(r: PlacementRect, p: { x: number; y: number }): number {
  const dx = p.x < r.x ? r.x - p.x : p.x >= r.x + r.width ? p.x - (r.x + r.width - 1) : 0;
  const dy = p.y < r.y ? r.y - p.y : p.y >= r.y + r.height ? p.y - (r.y + r.height - 1) : 0;
  return dx * dx + dy * dy;
}

export function chooseDisplay(input: Pick<PlacementInput, 'displays' | 'cursor' | 'remembered'>): PlacementDisplay | undefined {
  const { displays, cursor, remembered } = input;
  if (displays.length === 0) return undefined;
  if (cursor && Number.isFinite(cursor.x) && Number.isFinite(cursor.y)) {
    const under = displays.find((d) => contains(d.bounds, cursor));
    if (under) return under;
    let best = displays[0]!;
    for (const d of displays) if (distance2(d.bounds, cursor) < distance2(best.bounds, cursor)) best = d;
    return best;
  }
  return displays.find((d) => d.id === remembered?.displayId) ?? displays[0];
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

export function placeCaptureWindow(input: PlacementInput): Placement {
  const want = {
    width: Math.max(1, Math.round(input.size.width)),
    height: Math.max(1, Math.round(input.size.height)),
  };
  const display = chooseDisplay(input);
  if (!display) return { x: 0, y: 0, ...want, displayId: null };
  const wa = display.workArea;
  // Shrink to fit a work area smaller than the window (a small or heavily scaled screen).
  const width = Math.min(want.width, Math.floor(wa.width));
  const height = Math.min(want.height, Math.floor(wa.height));
  let x = wa.x + (wa.width - width) / 2;
  let y = wa.y + (wa.height - height) / 4;
  if (input.remembered && input.remembered.displayId === display.id) {
    x = input.remembered.x;
    y = input.remembered.y;
  }
  // Round first, then clamp with integer edges so rounding can never push it outside.
  const minX = Math.ceil(wa.x);
  const minY = Math.ceil(wa.y);
  const maxX = Math.floor(wa.x + wa.width) - width;
  const maxY = Math.floor(wa.y + wa.height) - height;
  return {
    x: clamp(Math.round(x), minX, Math.max(minX, maxX)),
    y: clamp(Math.round(y), minY, Math.max(minY, maxY)),
    width,
    height,
    displayId: display.id,
  };
}
