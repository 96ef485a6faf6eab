import { useEffect, useState } from 'react';
import type { AppCommand } from '../../../shared/host/slices/settings';
import { routeHref } from '../../router/routes';
import { navigate } from '../../router/useRoute';
import { useServices } from '../../state/AppServices';
import { installKeyCapture } from './keyCapture';
import { DATA_ACTIONS, requestDataAction } from '../data/pendingAction';

const COMMANDS: ReadonlySet<string> = new Set<AppCommand>(['today', 'search', 'jump', 'settings', ...(DATA_ACTIONS as ReadonlySet<AppCommand>)]);

/**
 * What the main window does when the application menu, the tray or a second launch sends
 * `app.command`: go to Today, Search or Settings, or open the quick switcher.
 *
 * Also installs the key recorder's key capture on first render, before App's own shortcut
 * listeners are added (see keyCapture.ts).
 */
export function useAppCommands(openSwitcher: () => void): void {
  useState(() => {
    if (typeof window !== 'undefined') installKeyCapture(window);
    return true;
  });
  const { host } = useServices();
  useEffect(
    () =>
      host.subscribe('app.command', (payload) => {
        const command = payload && typeof payload.command === 'string' && COMMANDS.has(payload.command) ? payload.command : null;
        if (command) runAppCommand(command, openSwitcher);
      }),
    [host, openSwitcher],
  );
}

export function runAppCommand(command: AppCommand, openSwitcher: () => void): void {
  switch (command) {
    case 'today':
      navigate(routeHref({ name: 'today' }));
      return;
    case 'search':
      if (window.location.hash.startsWith('#/search')) document.getElementById('search-input')?.focus();
      else navigate(routeHref({ name: 'search', params: { q: '' } }));
      return;
    case 'jump':
      openSwitcher();
      return;
    case 'settings':
      navigate(routeHref({ name: 'settings' }));
      return;
    // File menu → Your data, which then starts the action (renderer/features/data/pendingAction.ts).
    case 'importContacts':
    case 'exportVault':
    case 'exportCalendar':
    case 'backup':
    case 'restore':
      requestDataAction(command);
      navigate(routeHref({ name: 'data' }));
      return;
  }
}
