import { app, Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';

/**
 * A minimal menu: Edit roles give the standard shortcuts (undo, copy, paste…) that the editor
 * relies on, especially on macOS where they only work through the menu. Developer tools exist
 * only in unpackaged builds.
 */
export function buildAppMenu(): Menu {
  const isMac = process.platform === 'darwin';
  const devTools: MenuItemConstructorOptions[] = app.isPackaged ? [] : [{ role: 'toggleDevTools' }];

  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : [{ role: 'fileMenu' } as const]),
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
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
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
