import { z } from 'zod';

/**
 * `settings.*`: desktop settings — the quick-capture hotkey, keep running in the background,
 * start at login, and where a quick capture lands (issue 12). The host owns them (they must work
 * with every window closed); the renderer's Settings page only shows what `settings.get` says and
 * asks for changes. A browser tab has no global hotkey, tray or login item, so the web host
 * answers `available: false` and refuses changes in plain words.
 *
 * Also `app.command`: the application menu, tray or a second launch asking the main window's
 * renderer to go somewhere (Today, Search, the quick switcher, Settings).
 */

export type CaptureMode = 'note' | 'today';

/** What is stored (one small JSON file in the host's data folder). */
export interface DesktopSettings {
  /** An Electron accelerator, e.g. "CommandOrControl+Shift+Space". */
  captureHotkey: string;
  /** Closing the main window keeps Kindred running (tray / dock); off = the app really quits. */
  keepRunning: boolean;
  startAtLogin: boolean;
  /** Quick capture saves as a conversation note, or appends to today's journal. */
  captureMode: CaptureMode;
}

/**
 * How the capture hotkey stands right now:
 * - registered: the OS gave it to Kindred (on Wayland: requested — the key recorder's test proves it);
 * - refused: another app has it, or the OS said no; `suggestions` are free alternatives;
 * - invalid: the stored text is not a shortcut (a hand-edited file);
 * - unavailable: no global hotkeys here (the browser build).
 */
export type HotkeyState = 'registered' | 'refused' | 'invalid' | 'unavailable';

export interface HotkeyView {
  state: HotkeyState;
  /** Plain words for `state`, shown as is ("Another app is using Ctrl+Shift+Space."). */
  message: string;
  /** The shortcut as this platform writes it ("Ctrl+Shift+Space", "⌘⇧Space"). */
  display: string;
  /**
   * Alternatives to offer when refused, free a moment ago (checked by the host): accelerators
   * ("CommandOrControl+Alt+K"); the page shows each as this platform writes it and tests it on click.
   */
  suggestions: string[];
}

export interface SettingsView {
  /** False in the browser build: "These settings are part of the desktop app". */
  available: boolean;
  /** `process.platform` of the host (linux, darwin, win32…). */
  platform: string;
  settings: DesktopSettings;
  hotkey: HotkeyView;
  /** Set on Linux: whether this is a Wayland session, and how to bind `kindred --capture` there. */
  wayland: { active: boolean; instructions: string } | null;
  /** The platform's default for `keepRunning` (on for macOS and Windows, off on Linux). */
  backgroundDefault: boolean;
}

/** Quick capture is not one: main opens the capture window itself (one `openCapture()`). */
export type AppCommand =
  | 'today'
  | 'search'
  | 'jump'
  | 'settings'
  // File menu → Settings → Your data, starting that action (renderer/features/data).
  | 'importContacts'
  | 'exportVault'
  | 'exportCalendar'
  | 'backup'
  | 'restore';

export interface SettingsRequests {
  'settings.get': { params: Record<string, never>; result: SettingsView };
  /**
   * Changes some settings and answers the new view. A shortcut that is not one is refused
   * ('bad_request', the parser's words) and nothing changes; one the OS refuses is saved and the
   * view says so (state 'refused' with suggestions), so the user sees why and can pick another.
   */
  'settings.update': { params: { patch: Partial<DesktopSettings> }; result: SettingsView };
  /**
   * The key recorder is open: the host lets go of the current capture hotkey (so the page sees
   * the keys) until `active: false`, the end of a test, or the window going away.
   */
  'settings.hotkey.record': { params: { active: boolean }; result: { ok: true } };
  /**
   * Registers `accelerator` for a moment so the user can press it from anywhere; each press
   * comes back as `settings.hotkeyTestPressed` to the window that asked. Nothing is saved.
   */
  'settings.hotkey.test.start': { params: { accelerator: string }; result: { state: HotkeyState; message: string } };
  /** Ends the test and puts the saved hotkey back. Stopping when no test runs is fine. */
  'settings.hotkey.test.stop': { params: Record<string, never>; result: { ok: true } };
}

export interface SettingsEvents {
  /** Settings or the hotkey's state changed (here, in another window, or from the tray). */
  'settings.changed': SettingsView;
  /** The shortcut under test was pressed (sent only to the window running the test). */
  'settings.hotkeyTestPressed': { accelerator: string };
  /** The menu, tray or a second launch asks the main window to do something. */
  'app.command': { command: AppCommand };
}

/** Longer than any real accelerator ("CommandOrControl+Option+Shift+Super+MediaPlayPause"…). */
export const ACCELERATOR_MAX = 100;

const accelerator = z
  .string()
  .trim()
  .min(1, 'Press a shortcut first.')
  .max(ACCELERATOR_MAX, `A shortcut has at most ${ACCELERATOR_MAX} characters.`);

export const desktopSettingsPatchSchema = z
  .object({
    captureHotkey: accelerator,
    keepRunning: z.boolean(),
    startAtLogin: z.boolean(),
    captureMode: z.enum(['note', 'today']),
  })
  .partial()
  .strict();

export const settingsRequestSchemas = {
  'settings.get': z.object({}).strict(),
  'settings.update': z.object({ patch: desktopSettingsPatchSchema }).strict(),
  'settings.hotkey.record': z.object({ active: z.boolean() }).strict(),
  'settings.hotkey.test.start': z.object({ accelerator }).strict(),
  'settings.hotkey.test.stop': z.object({}).strict(),
} satisfies Record<string, z.ZodType>;

// Produced by the host itself; the renderer checks the shapes it knows before using them.
export const settingsEventSchemas = {
  'settings.changed': z.unknown() as unknown as z.ZodType<SettingsEvents['settings.changed']>,
  'settings.hotkeyTestPressed': z.unknown() as unknown as z.ZodType<SettingsEvents['settings.hotkeyTestPressed']>,
  'app.command': z.unknown() as unknown as z.ZodType<SettingsEvents['app.command']>,
} satisfies Record<string, z.ZodType>;
