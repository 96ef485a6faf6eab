import { app, Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../shared/host/slices/settings';

/**
 * The application menu: the standard Edit/View/Window roles (undo, copy, paste… only work through
 * the menu on macOS) and Kindred's own commands with their shortcuts. Developer tools exist only
 * in unpackaged builds. Rebuilt when the capture hotkey changes, so the menu shows the real one.
 */

export interface AppMenuActions {
  /** Opens the quick-capture window (the same openCapture() as the hotkey and the tray). */
  quickCapture(): void;
  /** Sends a command to the main window's page (`app.command`). */
  command(command: AppCommand): void;
  /** The capture hotkey in Electron's form, or null when none is registered. */
  captureHotkey: string | null;
}

/** The menu item id of Quick capture (tests click it through `Menu.getApplicationMenu()`). */
export const QUICK_CAPTURE_MENU_ID = 'quick-capture';

export function buildAppMenu(actions: AppMenuActions): Menu {
  const isMac = process.platform === 'darwin';
  const devTools: MenuItemConstructorOptions[] = app.isPackaged ? [] : [{ role: 'toggleDevTools' }];
  const settingsItem: MenuItemConstructorOptions = {
    id: 'settings',
    label: isMac ? 'Settings…' : 'Settings',
    accelerator: 'CommandOrControl+,',
    click: () => actions.command('settings'),
  };

  // Your data (Settings → Your data): each opens that screen and starts the action there.
  const dataItems: MenuItemConstructorOptions[] = [
    { id: 'import-contacts', label: 'Import contacts…', click: () => actions.command('importContacts') },
    { type: 'separator' },
    { id: 'export-vault', label: 'Export as Markdown vault…', click: () => actions.command('exportVault') },
    { id: 'export-calendar', label: 'Export calendar…', click: () => actions.command('exportCalendar') },
    { type: 'separator' },
    { id: 'backup', label: 'Back up…', click: () => actions.command('backup') },
    { id: 'restore', label: 'Restore from backup…', click: () => actions.command('restore') },
  ];

  const goItems: MenuItemConstructorOptions[] = [
    {
      id: QUICK_CAPTURE_MENU_ID,
      label: 'Quick capture',
      // Shown, not registered: the global hotkey already owns these keys while the app runs.
      ...(actions.captureHotkey ? { accelerator: actions.captureHotkey, registerAccelerator: false } : {}),
      click: () => actions.quickCapture(),
    },
    { type: 'separator' },
    { id: 'today', label: 'Today', accelerator: 'CommandOrControl+T', click: () => actions.command('today') },
    // The page handles these keys itself (renderer/features/search/useSearchShortcuts.ts); the
    // menu shows them and does not register them a second time.
    {
      id: 'search',
      label: 'Search',
      accelerator: 'CommandOrControl+Shift+F',
      registerAccelerator: false,
      click: () => actions.command('search'),
    },
    {
      id: 'jump',
      label: 'Jump to…',
      accelerator: 'CommandOrControl+K',
      registerAccelerator: false,
      click: () => actions.command('jump'),
    },
  ];

  const template: MenuItemConstructorOptions[] = [
    ...(isMac
      ? [
          {
            label: app.name,
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              settingsItem,
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ] satisfies MenuItemConstructorOptions[],
          },
          { label: 'File', submenu: dataItems },
        ]
      : [
          {
            label: 'File',
            submenu: [...dataItems, { type: 'separator' }, settingsItem, { type: 'separator' }, { role: 'quit' }] satisfies MenuItemConstructorOptions[],
          },
        ]),
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        ...(isMac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...devTools,
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Go', submenu: goItems },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
