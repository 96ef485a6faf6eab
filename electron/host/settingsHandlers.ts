import type { CallContext, HostHandlers } from '../../shared/host/contract';
import { HostError } from '../../shared/host/errors';
import type { DesktopSettings, HotkeyState, SettingsRequests, SettingsView } from '../../shared/host/slices/settings';
import { parseAccelerator } from '../../shared/domain/accelerator';
import { defaultDesktopSettings } from '../services/desktop/closePolicy';
import type { HostEmitter } from './emitter';

/**
 * `settings.*` over the desktop's settings services (Electron main implements them: the settings
 * file, the hotkey manager, login items), and their changes as `settings.changed` to every window.
 *
 * A host without them (the web host: a browser tab has no global hotkey, tray or login item;
 * tests that build a bare host) answers a view with `available: false` and refuses changes in
 * plain words, so the Settings page can still say what these settings are and where they live.
 *
 * A shortcut is parsed here before the services see it: text that is not a shortcut is refused
 * with the parser's words ('bad_request') and nothing changes. The window that starts a hotkey
 * test owns it: presses go to that window only, and if it goes away the test stops and the saved
 * hotkey comes back (the same for "recording", where the saved hotkey is let go meanwhile).
 */
export type SettingsHandlers = Pick<HostHandlers, keyof SettingsRequests>;

export interface HotkeyTestResult {
  state: HotkeyState;
  message: string;
}

export interface SettingsServices {
  /** The current view (settings, the hotkey's state, Wayland facts); cheap, synchronous. */
  view(): SettingsView;
  /** Saves a valid patch (the accelerator already parsed) and applies it; answers the new view. */
  update(patch: Partial<DesktopSettings>): Promise<SettingsView>;
  /** Registers `accelerator` for a test (the saved hotkey let go meanwhile); `onPressed` on each press. */
  startHotkeyTest(accelerator: string, onPressed: () => void): Promise<HotkeyTestResult>;
  /** Ends the test, puts the saved hotkey back; a no-op when none runs. */
  stopHotkeyTest(): void;
  /**
   * Optional: let go of the saved hotkey while the key recorder listens (true), take it back
   * (false), so pressing the current keys reaches the page instead of opening capture.
   */
  holdHotkey?(held: boolean): void;
  /** Every change (here, from another window, from the tray); returns the unsubscribe. */
  onChange(listener: (view: SettingsView) => void): () => void;
}

export interface SettingsSlice {
  handlers: SettingsHandlers;
  /** A window went away: end its hotkey test or recording. */
  clientGone(clientId: string): void;
  dispose(): void;
}

export const DESKTOP_ONLY = 'These settings are part of the desktop app.';

/** What a host without desktop settings answers: the platform's defaults, nothing to change. */
export function unavailableSettingsView(platform: string): SettingsView {
  const settings = defaultDesktopSettings(platform);
  const parsed = parseAccelerator(settings.captureHotkey, platform);
  return {
    available: false,
    platform,
    settings,
    hotkey: {
      state: 'unavailable',
      message: `${DESKTOP_ONLY} A browser tab cannot listen for a shortcut while another app is in front.`,
      display: parsed.ok ? parsed.display : settings.captureHotkey,
      suggestions: [],
    },
    wayland: null,
    backgroundDefault: settings.keepRunning,
  };
}

/** The web host's services: the view says "desktop only"; every change is refused. */
export function unavailableSettings(platform: string): SettingsServices {
  const refuse = (): never => {
    throw new HostError('unavailable', `${DESKTOP_ONLY} Open Kindred on your computer to change them.`);
  };
  return {
    view: () => unavailableSettingsView(platform),
    update: async () => refuse(),
    startHotkeyTest: async () => refuse(),
    stopHotkeyTest: () => undefined,
    onChange: () => () => undefined,
  };
}

export function createSettingsSlice(services: SettingsServices | undefined, emitter: HostEmitter, platform: string): SettingsSlice {
  const settings = services ?? unavailableSettings(platform);
  const off = settings.onChange((view) => emitter.emitAll('settings.changed', view));
  let testOwner: string | null = null;
  let holdOwner: string | null = null;

  const stopTest = (): void => {
    testOwner = null;
    settings.stopHotkeyTest();
  };
  const release = (): void => {
    holdOwner = null;
    settings.holdHotkey?.(false);
  };
  /** Parses a shortcut with the host platform's rules; refuses with the parser's words. */
  const canonical = (text: string): string => {
    const parsed = parseAccelerator(text, settings.view().platform);
    if (!parsed.ok) throw new HostError('bad_request', parsed.error);
    return parsed.accelerator;
  };
  const ensureAvailable = (): void => {
    if (!settings.view().available) throw new HostError('unavailable', `${DESKTOP_ONLY} Open Kindred on your computer to change them.`);
  };

  const handlers: SettingsHandlers = {
    'settings.get': async () => settings.view(),
    'settings.update': async ({ patch }) => {
      ensureAvailable();
      const clean: Partial<DesktopSettings> = { ...patch };
      if (patch.captureHotkey !== undefined) clean.captureHotkey = canonical(patch.captureHotkey);
      return settings.update(clean);
    },
    'settings.hotkey.record': async ({ active }, ctx: CallContext) => {
      ensureAvailable();
      if (active) {
        holdOwner = ctx.clientId;
        settings.holdHotkey?.(true);
      } else if (holdOwner === ctx.clientId) release();
      return { ok: true };
    },
    'settings.hotkey.test.start': async ({ accelerator }, ctx) => {
      ensureAvailable();
      const acc = canonical(accelerator);
      // One test at a time: a newer one (this window or another) replaces it.
      if (testOwner !== null) stopTest();
      const owner = ctx.clientId;
      testOwner = owner;
      try {
        const result = await settings.startHotkeyTest(acc, () => {
          if (testOwner === owner) emitter.emitTo(owner, 'settings.hotkeyTestPressed', { accelerator: acc });
        });
        if (result.state !== 'registered' && testOwner === owner) testOwner = null;
        return { state: result.state, message: result.message };
      } catch (err) {
        if (testOwner === owner) testOwner = null;
        throw err;
      }
    },
    'settings.hotkey.test.stop': async (_params, ctx) => {
      // Another window's test is not this window's to stop.
      if (testOwner === null || testOwner === ctx.clientId) stopTest();
      return { ok: true };
    },
  };

  return {
    handlers,
    clientGone(clientId) {
      if (testOwner === clientId) stopTest();
      if (holdOwner === clientId) release();
    },
    dispose() {
      off();
      if (testOwner !== null) stopTest();
      if (holdOwner !== null) release();
    },
  };
}
