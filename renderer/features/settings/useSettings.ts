import { useCallback, useEffect, useRef, useState } from 'react';
import type { SettingsView } from '../../../shared/host/slices/settings';
import { useServices } from '../../state/AppServices';
import { plainError } from '../devices/syncText';
import { isSettingsView } from './settingsModel';

export interface SettingsState {
  /** The host's latest word on the desktop settings, or null until it answers. */
  view: SettingsView | null;
  /** Why `settings.get` failed, in plain words; null otherwise. */
  error: string | null;
  /** Takes a view a request returned (`settings.update`) as the latest. */
  accept(view: unknown): void;
}

/**
 * Follows the desktop settings as the host reports them: `settings.get` once at mount, then every
 * `settings.changed` (a change from the tray, another window, or the hotkey's state moving). An
 * event that arrives before the first answer is newer, so the answer is then dropped.
 */
export function useSettings(): SettingsState {
  const { host } = useServices();
  const [view, setView] = useState<SettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heardEvent = useRef(false);

  useEffect(() => {
    let live = true;
    heardEvent.current = false;
    const stop = host.subscribe('settings.changed', (payload) => {
      if (!live || !isSettingsView(payload)) return;
      heardEvent.current = true;
      setView(payload);
      setError(null);
    });
    host
      .request('settings.get', {})
      .then((answer) => {
        if (!live || heardEvent.current) return;
        if (isSettingsView(answer)) {
          setView(answer);
          setError(null);
        } else setError('This version of Kindred has no desktop settings yet.');
      })
      .catch((err: unknown) => {
        if (!live || heardEvent.current) return;
        const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : null;
        setError(code === 'unknown_method' ? 'This version of Kindred has no desktop settings yet.' : plainError(err));
      });
    return () => {
      live = false;
      stop();
    };
  }, [host]);

  const accept = useCallback((next: unknown) => {
    if (isSettingsView(next)) {
      setView(next);
      setError(null);
    }
  }, []);

  return { view, error, accept };
}
