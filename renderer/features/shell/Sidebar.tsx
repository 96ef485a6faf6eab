import type { JSX } from 'react';
import type { Route } from '../../router/routes';
import { routeHref } from '../../router/routes';
import { SaveIndicator } from './SaveIndicator';

const ITEMS = [
  { name: 'today', label: 'Today', match: ['today', 'day'] },
  { name: 'journal', label: 'Journal', match: ['journal', 'note'] },
  { name: 'people', label: 'People', match: ['people', 'person'] },
] as const;

export function Sidebar({ route }: { route: Route }): JSX.Element {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand" aria-hidden="true">
        Kindred
      </div>
      <ul>
        {ITEMS.map((item) => {
          const current = (item.match as readonly string[]).includes(route.name);
          return (
            <li key={item.name}>
              <a href={routeHref({ name: item.name })} aria-current={current ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          );
        })}
      </ul>
      <div className="history-buttons">
        <button type="button" aria-label="Back" title="Back (Alt+←)" onClick={() => window.history.back()}>
          ←
        </button>
        <button type="button" aria-label="Forward" title="Forward (Alt+→)" onClick={() => window.history.forward()}>
          →
        </button>
      </div>
      <SaveIndicator />
    </nav>
  );
}
