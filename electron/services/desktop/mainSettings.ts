import { HostError } from '../../../shared/host/errors';
import type { DesktopSettings, HotkeyView, SettingsView } from '../../../shared/host/slices/settings';
import type { HotkeyTestResult, SettingsServices } from '../../host/settingsHandlers';
import { parseAccelerator } from './accelerator';
import { defaultDesktopSettings } from './closePolicy';
import { waylandShortcutHelp } from './hotkey';
import type { HotkeyManager, HotkeyResult } from './hotkey';
import type { LoginItems } from './loginItem';
import { DesktopSettingsError } from './settingsFile';
import type { SettingsFile } from './settingsFile';

/**
 * The desktop settings as the Electron app keeps them (SettingsServices for settings.* in
 * electron/host/settingsHandlers.ts): the settings file, the capture hotkey's registration and
 * start-at-login, kept in step. Plain Node; electron/main passes in the modules built on
 * Electron's globalShortcut and login-item calls.
 *
 * Order of an update: the file first (it validates; a refused patch changes nothing), then the
 * OS. A hotkey the OS refuses stays saved and the view says why (the previous one stays
 * registered meanwhile, see hotkey.ts); a login item the OS refuses is put back in the file and
 * the caller gets the OS's words.
 */

export interface DesktopSettingsOptions {
  file: SettingsFile;
  hotkey: HotkeyManager;
  loginItems: LoginItems;
  platform: string;
  isWayland: boolean;
  /** `XDG_CURRENT_DESKTOP`, to name the right keyboard settings on Linux. */
  desktop?: string;
  log?: (line: string) => void;
}

export interface DesktopSettingsServices extends SettingsServices {
  /**
   * Loads the file, registers the hotkey and adopts the OS's start-at-login state (the user may
   * have changed it in the OS's own settings). Call once, after Electron is ready.
   */
  start(): Promise<SettingsView>;
  /** The settings in force (the platform's defaults until start() has read the file). */
  current(): DesktopSettings;
}

export function createDesktopSettings(options: DesktopSettingsOptions): DesktopSettingsServices {
  const { file, hotkey, loginItems, platform } = options;
  const log = options.log ?? ((line: string) => console.warn(line));
  let settings: DesktopSettings = defaultDesktopSettings(platform);
  let started = false;
  const listeners = new Set<(view: SettingsView) => void>();
  // One change at a time: two quick updates must not interleave file writes and registrations.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const display = (accelerator: string): string => {
    const parsed = parseAccelerator(accelerator, platform);
    return parsed.ok ? parsed.display : accelerator;
  };

  function hotkeyView(result: HotkeyResult | null): HotkeyView {
    if (!started || result === null) {
      return { state: 'unavailable', message: 'The shortcut is being set up.', display: display(settings.captureHotkey), suggestions: [] };
    }
    switch (result.state) {
      case 'registered':
        return { state: 'registered', message: result.message, display: result.display, suggestions: [] };
      case 'refused':
        return { state: 'refused', message: result.message, display: display(result.accelerator), suggestions: result.suggestions };
      case 'invalid':
        return { state: 'invalid', message: result.message, display: settings.captureHotkey, suggestions: [] };
    }
  }

  function view(): SettingsView {
    return {
      available: true,
      platform,
      settings: { ...settings },
      hotkey: hotkeyView(hotkey.status()),
      wayland: platform === 'linux' ? { active: options.isWayland, instructions: waylandShortcutHelp(options.desktop) } : null,
      backgroundDefault: defaultDesktopSettings(platform).keepRunning,
    };
  }

  function changed(): SettingsView {
    const next = view();
    for (const listener of [...listeners]) {
      try {
        listener(next);
      } catch (err) {
        log(`kindred: a settings listener threw: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return next;
  }

  return {
    view,
    current: () => ({ ...settings }),

    start: () =>
      serial(async () => {
        settings = await file.load();
        started = true;
        hotkey.apply(settings.captureHotkey);
        try {
          const os = await loginItems.get();
          if (os.enabled !== settings.startAtLogin) settings = await file.update({ startAtLogin: os.enabled });
        } catch (err) {
          log(`kindred: could not read the start-at-login state: ${err instanceof Error ? err.message : String(err)}`);
        }
        return changed();
      }),

    update: (patch) =>
      serial(async () => {
        const before = settings;
        try {
          settings = await file.update(patch);
        } catch (err) {
          if (err instanceof DesktopSettingsError) throw new HostError('bad_request', err.message);
          throw err;
        }
        if (patch.captureHotkey !== undefined) hotkey.apply(settings.captureHotkey);
        if (patch.startAtLogin !== undefined && patch.startAtLogin !== before.startAtLogin) {
          try {
            await loginItems.set(settings.startAtLogin);
          } catch (err) {
            settings = await file.update({ startAtLogin: before.startAtLogin });
            changed();
            const why = err instanceof Error ? err.message : String(err);
            throw new HostError('unavailable', `Kindred could not change start at login: ${why}`);
          }
        }
        return changed();
      }),

    async startHotkeyTest(accelerator, onPressed): Promise<HotkeyTestResult> {
      const result = hotkey.startTest(accelerator, onPressed);
      return { state: result.state, message: result.message };
    },

    stopHotkeyTest() {
      hotkey.stopTest();
      // A press seen during the test may have verified the saved shortcut (Wayland): re-read it.
      if (started) hotkey.apply(settings.captureHotkey);
      changed();
    },

    holdHotkey(held) {
      if (held) hotkey.dispose();
      else if (started) hotkey.apply(settings.captureHotkey);
      changed();
    },

    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
