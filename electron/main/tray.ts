import { join } from 'node:path';
import { app, Menu, nativeImage, Tray } from 'electron';

/**
 * The tray / menu-bar icon. Every action is in its context menu: on Linux a click on the icon
 * may never arrive (StatusNotifierItem hosts differ), so the click only repeats "Open Kindred".
 */

export interface TrayActions {
  quickCapture(): void;
  openKindred(): void;
  quit(): void;
  /** The capture hotkey as a menu label shows it ("Ctrl+Shift+Space"), or null when none is active. */
  hotkeyLabel(): string | null;
  /** Sync's state for the "Pause sync" item: null while sync is off (no paired device). */
  syncPaused(): boolean | null;
  setSyncPaused(paused: boolean): void;
}

export interface AppTray {
  /** Rebuilds the menu (the hotkey label or sync's state changed). */
  refresh(): void;
  destroy(): void;
}

export function createAppTray(actions: TrayActions): AppTray {
  const icons = join(app.getAppPath(), 'resources', 'tray');
  // macOS: a template image (black + alpha, @2x picked up by name) that the menu bar tints.
  const image =
    process.platform === 'darwin'
      ? nativeImage.createFromPath(join(icons, 'trayTemplate.png'))
      : nativeImage.createFromPath(join(icons, 'tray.png'));
  if (process.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);
  tray.setToolTip('Kindred');

  const syncItem = (): Electron.MenuItemConstructorOptions[] => {
    const paused = actions.syncPaused();
    if (paused === null) return [];
    return [{ label: 'Pause sync', type: 'checkbox', checked: paused, click: () => actions.setSyncPaused(!paused) }];
  };

  const build = (): void => {
    const hotkey = actions.hotkeyLabel();
    const menu = Menu.buildFromTemplate([
      // The label, not an accelerator: a tray menu must not register the shortcut a second time.
      { label: hotkey ? `Quick capture    ${hotkey}` : 'Quick capture', click: () => actions.quickCapture() },
      { label: 'Open Kindred', click: () => actions.openKindred() },
      ...syncItem(),
      { type: 'separator' },
      { label: 'Quit Kindred', click: () => actions.quit() },
    ]);
    // Linux: a changed menu is only picked up by setting it again.
    tray.setContextMenu(menu);
  };
  build();
  tray.on('click', () => actions.openKindred());

  return {
    refresh: build,
    destroy: () => tray.destroy(),
  };
}
