/**
 * Owns the capture hotkey's registration with the OS (Electron's `globalShortcut`, injected).
 * - A refused shortcut never fails silently: the previous one stays registered, and the
 *   result carries 2–3 alternatives that were really free a moment ago (each registered and
 *   unregistered again to find out).
 * - A change A→B unregisters A only after B succeeded.
 * - "Press it once to prove it works": startTest() swaps in the candidate with its own
 *   callback, stopTest() restores the shortcut that was active before.
 * - Wayland: `register()` returning true only means "requested" (the portal may ignore it, and
 *   on GNOME 50 it does), so the status says so and explains binding `kindred --capture` in the
 *   desktop's own keyboard settings; a press seen during a test marks it verified.
 */
import { parseAccelerator } from './accelerator';
import type { DesktopPlatform } from './accelerator';
import { reservedShortcut } from './reservedShortcuts';

/** The subset of Electron's `globalShortcut` this needs. */
export interface ShortcutRegistry {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
  isRegistered(accelerator: string): boolean;
}

export type HotkeyResult =
  | {
      state: 'registered';
      accelerator: string;
      display: string;
      /** False on Wayland until a press was seen: the OS may have accepted it without binding it. */
      verified: boolean;
      /** Empty when there is nothing to explain; on Wayland the text to show under the field. */
      message: string;
    }
  | { state: 'refused'; accelerator: string; message: string; suggestions: string[] }
  | { state: 'invalid'; message: string };

export interface HotkeyManagerOptions {
  shortcuts: ShortcutRegistry;
  onPressed: () => void;
  platform: DesktopPlatform;
  isWayland: boolean;
  /** `XDG_CURRENT_DESKTOP`, to name the right settings screen on Linux. */
  desktop?: string;
}

export interface HotkeyManager {
  apply(accelerator: string): HotkeyResult;
  /**
   * The capture accelerator (canonical form), or null when none is registered. During a test it
   * is still reported although it is released until stopTest() (or apply()) puts it back.
   */
  current(): string | null;
  /** The result of the last apply() (null before the first). */
  status(): HotkeyResult | null;
  /** Registers the candidate with its own callback (capture's shortcut is released meanwhile). */
  startTest(accelerator: string, onTestPress: () => void): HotkeyResult;
  /** Ends a test and re-registers the previous shortcut; apply() also ends a test. */
  stopTest(): void;
  /** Unregisters everything this manager registered (quit). */
  dispose(): void;
}

/** Where to bind `kindred --capture` when the app cannot grab keys itself. */
export function waylandShortcutHelp(desktop: string | undefined): string {
  const d = (desktop ?? '').toLowerCase();
  const how = d.includes('gnome') || d.includes('ubuntu') || d.includes('unity')
    ? 'open GNOME Settings → Keyboard → Custom Shortcuts, add a shortcut with the command kindred --capture and press your keys'
    : d.includes('kde') || d.includes('plasma')
      ? 'open KDE System Settings → Shortcuts → Custom Shortcuts, add a new command shortcut running kindred --capture and set your keys'
      : "add a shortcut in your desktop's keyboard settings that runs the command kindred --capture";
  return `On Wayland, apps cannot always claim a global shortcut. If pressing it does nothing, ${how}.`;
}

/** Tried in order; combinations few apps use, none of them reserved or an input-method toggle. */
const SUGGESTIONS: Record<string, string[]> = {
  darwin: ['CommandOrControl+Shift+Space', 'Control+Shift+Space', 'CommandOrControl+Alt+Shift+Space', 'Control+Alt+K', 'CommandOrControl+Alt+K', 'CommandOrControl+Alt+N'],
  other: ['CommandOrControl+Shift+Space', 'CommandOrControl+Alt+Space', 'CommandOrControl+Alt+Shift+Space', 'CommandOrControl+Alt+K', 'CommandOrControl+Alt+N', 'Alt+Shift+Space'],
};
const MAX_SUGGESTIONS = 3;

export function createHotkeyManager(options: HotkeyManagerOptions): HotkeyManager {
  const { shortcuts, platform, isWayland } = options;
  let active: string | null = null;
  let last: HotkeyResult | null = null;
  let test: { accelerator: string; restore: string | null } | null = null;
  const verified = new Set<string>();

  const tryRegister = (acc: string, cb: () => void): boolean => {
    try {
      return shortcuts.register(acc, cb);
    } catch {
      return false; // Electron throws for accelerators it cannot parse; treat as refused
    }
  };

  /** Free alternatives, as accelerators (what `apply` and the settings slice take). */
  function suggest(refused: string): string[] {
    const out: string[] = [];
    for (const text of SUGGESTIONS[platform === 'darwin' ? 'darwin' : 'other']!) {
      if (out.length >= MAX_SUGGESTIONS) break;
      const parsed = parseAccelerator(text, platform);
      if (!parsed.ok) continue;
      const candidate = parsed.accelerator;
      if (candidate === refused || candidate === active || reservedShortcut(candidate, platform)) continue;
      if (shortcuts.isRegistered(candidate)) continue;
      // Probing is the only way to know: Electron has no "is this free?" query.
      if (tryRegister(candidate, () => undefined)) {
        shortcuts.unregister(candidate);
        out.push(candidate);
      }
    }
    return out;
  }

  function registeredResult(accelerator: string, display: string): HotkeyResult {
    const ok = !isWayland || verified.has(accelerator);
    const notes: string[] = [];
    const ime = reservedShortcut(accelerator, platform);
    if (ime && !ime.refuse) notes.push(`${display} ${ime.reason}; if you use it for that, choose another.`);
    if (!ok) notes.push(`Press ${display} once to check it works. ${waylandShortcutHelp(options.desktop)}`);
    return { state: 'registered', accelerator, display, verified: ok, message: notes.join(' ') };
  }

  function refusedResult(accelerator: string, display: string, reason?: string): HotkeyResult {
    const suggestions = suggest(accelerator);
    const shown = suggestions.map((acc) => {
      const parsed = parseAccelerator(acc, platform);
      return parsed.ok ? parsed.display : acc;
    });
    const tail = shown.length > 0 ? ` Try ${shown.join(', ')}.` : ' Try another combination.';
    const extra = isWayland ? ` ${waylandShortcutHelp(options.desktop)}` : '';
    const why = reason ? `${display} ${reason}, so Kindred cannot use it.` : `${display} is taken by another app or by the system, so Kindred cannot use it.`;
    return { state: 'refused', accelerator, message: `${why}${tail}${extra}`, suggestions };
  }

  function stopTest(): void {
    if (!test) return;
    const { accelerator, restore } = test;
    test = null;
    shortcuts.unregister(accelerator);
    if (restore !== null && !tryRegister(restore, options.onPressed)) {
      // Another app took it while the test ran: say so rather than show it as active.
      active = null;
      const parsed = parseAccelerator(restore, platform);
      last = refusedResult(restore, parsed.ok ? parsed.display : restore);
    }
  }

  return {
    apply(text) {
      stopTest();
      const parsed = parseAccelerator(text, platform);
      if (!parsed.ok) return (last = { state: 'invalid', message: parsed.error });
      const acc = parsed.accelerator;
      const reserved = reservedShortcut(acc, platform);
      if (reserved?.refuse) return (last = refusedResult(acc, parsed.display, reserved.reason));
      if (acc === active && shortcuts.isRegistered(acc)) return (last = registeredResult(acc, parsed.display));
      if (acc === active) shortcuts.unregister(acc); // lost behind our back: register afresh
      if (!tryRegister(acc, options.onPressed)) {
        if (acc === active) active = null;
        return (last = refusedResult(acc, parsed.display));
      }
      if (active !== null && active !== acc) shortcuts.unregister(active);
      active = acc;
      return (last = registeredResult(acc, parsed.display));
    },
    current: () => active,
    status: () => last,
    startTest(text, onTestPress) {
      stopTest();
      const parsed = parseAccelerator(text, platform);
      if (!parsed.ok) return { state: 'invalid', message: parsed.error };
      const acc = parsed.accelerator;
      const reserved = reservedShortcut(acc, platform);
      if (reserved?.refuse) return refusedResult(acc, parsed.display, reserved.reason);
      // The active shortcut is released so a press of the same keys reaches the test, not capture.
      if (active !== null) shortcuts.unregister(active);
      const ok = tryRegister(acc, () => {
        verified.add(acc);
        onTestPress();
      });
      if (!ok) {
        if (active !== null && !tryRegister(active, options.onPressed)) active = null;
        return refusedResult(acc, parsed.display);
      }
      test = { accelerator: acc, restore: active };
      return registeredResult(acc, parsed.display);
    },
    stopTest,
    dispose() {
      stopTest();
      if (active !== null) shortcuts.unregister(active);
      active = null;
    },
  };
}
