import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { findParam, parseRoute, type Route } from './routes';
import { historyShortcut, isEditableTarget, IS_MAC } from '../ui/shortcuts';

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

/** Words to highlight on the page, when it was opened from a search result. */
export function useFindWords(): string[] {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const find = findParam(hash);
  return useMemo(() => (find ? find.split(/\s+/).filter(Boolean) : []), [find]);
}

export function navigate(href: string, { replace = false } = {}): void {
  if (replace) {
    window.history.replaceState(null, '', href);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else window.location.hash = href.replace(/^#/, '');
}

/**
 * Alt+←/→ and the mouse's back/forward buttons move through history, as in a browser.
 * (Electron windows have no browser UI to do it, and on Windows main also forwards
 * `app-command` events.)
 */
export function useHistoryShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const go = historyShortcut(e, { mac: IS_MAC, editing: isEditableTarget(e.target) });
      if (go === 'back') {
        e.preventDefault();
        window.history.back();
      } else if (go === 'forward') {
        e.preventDefault();
        window.history.forward();
      }
    };
    const onMouse = (e: MouseEvent): void => {
      if (e.button === 3 || e.button === 4) {
        e.preventDefault();
        if (e.button === 3) window.history.back();
        else window.history.forward();
      }
    };
    const swallow = (e: MouseEvent): void => {
      if (e.button === 3 || e.button === 4) e.preventDefault();
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('mouseup', onMouse);
    window.addEventListener('mousedown', swallow);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('mouseup', onMouse);
      window.removeEventListener('mousedown', swallow);
    };
  }, []);
}
