import { useEffect } from 'react';
import { routeHref } from '../../router/routes';
import { navigate } from '../../router/useRoute';

/** Ctrl/Cmd+K opens the quick switcher; Ctrl/Cmd+Shift+F opens Search. */
export function useSearchShortcuts(openSwitcher: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'k' && !e.shiftKey) {
        e.preventDefault();
        openSwitcher();
      } else if (key === 'f' && e.shiftKey) {
        e.preventDefault();
        if (window.location.hash.startsWith('#/search')) {
          document.getElementById('search-input')?.focus();
        } else navigate(routeHref({ name: 'search', params: { q: '' } }));
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [openSwitcher]);
}
