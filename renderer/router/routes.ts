import { isISODate } from '../../shared/domain/dates';

/**
 * Every page has a stable, linkable hash route. Hash routing works the same under the
 * Electron custom scheme and the web host, and the browser's own history gives back/forward.
 */
export type Route =
  | { name: 'today' }
  | { name: 'journal' }
  | { name: 'people' }
  | { name: 'day'; date: string }
  | { name: 'note'; id: string }
  | { name: 'person'; id: string }
  | { name: 'notFound'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/today';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [head, arg] = parts;
  switch (head) {
    case 'today':
      return { name: 'today' };
    case 'journal':
      return { name: 'journal' };
    case 'people':
      return { name: 'people' };
    case 'day':
      return arg && isISODate(arg) ? { name: 'day', date: arg } : { name: 'notFound', path };
    case 'note':
      return arg ? { name: 'note', id: arg } : { name: 'notFound', path };
    case 'person':
      return arg ? { name: 'person', id: arg } : { name: 'notFound', path };
    default:
      return { name: 'notFound', path };
  }
}

export function routeHref(route: Exclude<Route, { name: 'notFound' }>): string {
  switch (route.name) {
    case 'today':
    case 'journal':
    case 'people':
      return `#/${route.name}`;
    case 'day':
      return `#/day/${route.date}`;
    case 'note':
      return `#/note/${encodeURIComponent(route.id)}`;
    case 'person':
      return `#/person/${encodeURIComponent(route.id)}`;
  }
}

/** The route of any page in the registry. */
export function pageHref(page: { id: string; kind: string; date: string }): string {
  if (page.kind === 'journal') return routeHref({ name: 'day', date: page.date });
  if (page.kind === 'person') return routeHref({ name: 'person', id: page.id });
  return routeHref({ name: 'note', id: page.id });
}
