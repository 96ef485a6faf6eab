import type { JSX } from 'react';
import type { Route } from '../../router/routes';
import { routeHref } from '../../router/routes';
import { navigate } from '../../router/useRoute';
import { useDueTodayCount } from '../reachOut/useReachOut';
import { SaveIndicator } from './SaveIndicator';
import { SyncIndicator } from '../devices/SyncIndicator';
import { shortcut } from '../../ui/shortcuts';
import { IndexingStatus } from '../search/IndexingStatus';
import { FIELD_LIMITS } from '../../../shared/domain/fieldLimits';

const ITEMS = [
  { name: 'today', label: 'Today', match: ['today', 'day'] },
  { name: 'reachOut', label: 'Reach out', match: ['reachOut'] },
  { name: 'journal', label: 'Journal', match: ['journal', 'note'] },
  { name: 'people', label: 'People', match: ['people', 'person'] },
  { name: 'search', label: 'Search', match: ['search'] },
  { name: 'devices', label: 'Devices', match: ['devices'] },
  { name: 'settings', label: 'Settings', match: ['settings', 'data'] },
  { name: 'trash', label: 'Trash', match: ['trash'] },
] as const;

export function Sidebar({ route, onOpenSwitcher }: { route: Route; onOpenSwitcher(): void }): JSX.Element {
  const dueToday = useDueTodayCount() ?? 0;
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand" aria-hidden="true">
        Kindred
      </div>
      <form
        role="search"
        className="sidebar-search"
        onSubmit={(e) => {
          e.preventDefault();
          const q = new FormData(e.currentTarget).get('q');
          navigate(routeHref({ name: 'search', params: { q: typeof q === 'string' ? q : '' } }));
          e.currentTarget.reset();
        }}
      >
        <input name="q" type="search" maxLength={FIELD_LIMITS.query} aria-label="Search all notes" placeholder="Search…" title={`Search (${shortcut('Ctrl+Shift+F')})`} />
      </form>
      <IndexingStatus />
      <ul>
        {ITEMS.map((item) => {
          const current = (item.match as readonly string[]).includes(route.name);
          return (
            <li key={item.name}>
              <a
                href={item.name === 'search' ? routeHref({ name: 'search', params: { q: '' } }) : routeHref({ name: item.name })}
                aria-current={current ? 'page' : undefined}
                aria-label={item.name === 'reachOut' && dueToday > 0 ? `${item.label}, ${dueToday} due today` : undefined}
              >
                {item.label}
                {item.name === 'reachOut' && dueToday > 0 && <span className="nav-count">{dueToday}</span>}
              </a>
            </li>
          );
        })}
      </ul>
      <button type="button" className="switcher-button" onClick={onOpenSwitcher} title={`Jump to a person or page (${shortcut('Ctrl+K')})`}>
        Jump to… <kbd>{shortcut('Ctrl+K')}</kbd>
      </button>
      <div className="history-buttons">
        <button type="button" aria-label="Back" title="Back (Alt+←)" onClick={() => window.history.back()}>
          ←
        </button>
        <button type="button" aria-label="Forward" title="Forward (Alt+→)" onClick={() => window.history.forward()}>
          →
        </button>
      </div>
      <SaveIndicator />
      <SyncIndicator />
    </nav>
  );
}
