/**
 * Lets the key recorder take key presses before the app's own shortcuts (Ctrl+K, Ctrl+Shift+F,
 * Alt+←…), which listen on `window` in the capture phase. Nothing runs before a window capture
 * listener except another one added earlier, so this one is added once, before App's effects
 * run (App calls installKeyCapture while it first renders), and passes presses on untouched
 * unless a recorder is listening.
 */

export type KeySink = (event: KeyboardEvent) => boolean;

let sink: KeySink | null = null;
let installedOn: Window | null = null;

function onKeyDown(event: KeyboardEvent): void {
  if (!sink) return;
  // The sink says whether it took the press (Tab, Enter and Space stay with the page's buttons).
  if (sink(event)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}

/** Adds the one listener (idempotent). Call before any other window keydown listener is added. */
export function installKeyCapture(target: Window = window): void {
  if (installedOn === target) return;
  installedOn?.removeEventListener('keydown', onKeyDown, true);
  target.addEventListener('keydown', onKeyDown, true);
  installedOn = target;
}

/** Sends every key press to `next` until the returned function is called. One sink at a time. */
export function captureKeys(next: KeySink): () => void {
  installKeyCapture(installedOn ?? window);
  sink = next;
  return () => {
    if (sink === next) sink = null;
  };
}
