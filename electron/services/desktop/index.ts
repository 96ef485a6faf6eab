/**
 * Desktop behaviour for issue 12 (quick capture, tray, start at login, keep running), as plain
 * Node with the OS calls injected: electron/main only wires these to Electron's APIs.
 */
export { DEFAULT_CAPTURE_HOTKEY, acceleratorFromKeyEvent, parseAccelerator } from './accelerator';
export type { AcceleratorResult, DesktopPlatform, RecordedKeyEvent } from './accelerator';
export { createHotkeyManager, waylandShortcutHelp } from './hotkey';
export type { HotkeyManager, HotkeyManagerOptions, HotkeyResult, ShortcutRegistry } from './hotkey';
export { reservedShortcut } from './reservedShortcuts';
export type { ReservedShortcut } from './reservedShortcuts';
export { chooseDisplay, placeCaptureWindow } from './placement';
export type { Placement, PlacementDisplay, PlacementInput, PlacementRect } from './placement';
export { MAX_DRAFT_BYTES, createDraftStore } from './drafts';
export type { CaptureDraft, DraftStore, DraftStoreOptions } from './drafts';
export { activateAction, closeAction, defaultDesktopSettings, quitWhenAllClosed } from './closePolicy';
export type { ActivateAction, CloseAction, CloseContext } from './closePolicy';
export { AUTOSTART_FILE, autostartEnabled, autostartEntry, createLoginItems, loginExecPath, quoteExecArg } from './loginItem';
export type { LoginItemSettingsLike, LoginItemState, LoginItems, LoginItemsOptions } from './loginItem';
export { DesktopSettingsError, createSettingsFile } from './settingsFile';
export type { DesktopSettings, DesktopSettingsPatch, SettingsFile } from './settingsFile';
export { launchArgsFromAdditionalData, parseLaunchArgs } from './secondInstance';
export type { LaunchArgs } from './secondInstance';
export { writeFileAtomic } from './atomicFile';
// Shared with the renderer (no node:* there), re-exported for main's convenience.
export { MIDNIGHT_MAX_WAIT_MS, msUntilNextLocalMidnight, scheduleAtEachMidnight } from '../../../shared/domain/midnight';
export type { MidnightClock } from '../../../shared/domain/midnight';
