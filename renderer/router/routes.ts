import { isISODate } from '../../shared/domain/dates';

/**
 * Every page has a stable, linkable hash route. Hash routing works the same under the
 * Electron custom scheme and the web host, and the browser's own history gives back/forward.
 */
export interface SearchParams {
  q: string;
  person?: string;
  kind?: string;
  from?: string;
  to?: string;
}

export type Route =
  | { name: 'search'; params: SearchParams }
  | { name: 'today' }
  | { name: 'reachOut' }
  | { name: 'journal' }
  | { name: 'people' }
  | { name: 'settings' }
  | { name: 'devices' }
  | { name: 'trash' }
  | { name: 'data' }
  | { name: 'day'; date: string }
  | { name: 'note'; id: string }
  | { name: 'person'; id: string }
  | { name: 'notFound'; path: string };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = (hash.replace(/^#/, '') || '/today').split('?');
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  const [head, arg] = parts;
  switch (head) {
    case 'search': {
      const sp = new URLSearchParams(query);
      const params: SearchParams = { q: sp.get('q') ?? '' };
      for (const key of ['person', 'kind', 'from', 'to'] as const) {
        const v = sp.get(key);
        if (v) params[key] = v;
      }
      return { name: 'search', params };
    }
    case 'today':
      return { name: 'today' };
    case 'journal':
      return { name: 'journal' };
    case 'reach-out':
      return { name: 'reachOut' };
    case 'people':
      return { name: 'people' };
    case 'trash':
      return { name: 'trash' };
    case 'settings':
      if (arg === undefined) return { name: 'settings' };
      return arg === 'devices' ? { name: 'devices' } : arg === 'data' ? { name: 'data' } : { name: 'notFound', path };
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
    case 'search': {
      const sp = new URLSearchParams();
      for (const [k, v] of Object.entries(route.params)) if (v) sp.set(k, v);
      const qs = sp.toString();
      return qs ? `#/search?${qs}` : '#/search';
    }
    case 'today':
    case 'journal':
    case 'people':
    case 'trash':
      return `#/${route.name}`;
    case 'reachOut':
      return '#/reach-out';
    case 'settings':
      return '#/settings';
    case 'devices':
      return '#/settings/devices';
    case 'data':
      return '#/settings/data';
    case 'day':
      return `#/day/${route.date}`;
    case 'note':
      return `#/note/${encodeURIComponent(route.id)}`;
    case 'person':
      return `#/person/${encodeURIComponent(route.id)}`;
  }
}

/** The route of any page in the registry; `find` asks the page to scroll to those words. */
export function pageHref(page: { id: string; kind: string; date: string }, find?: string): string {
  const base =
    page.kind === 'journal'
      ? routeHref({ name: 'day', date: page.date })
      : page.kind === 'person'
        ? routeHref({ name: 'person', id: page.id })
        : routeHref({ name: 'note', id: page.id });
  return find ? `${base}?find=${encodeURIComponent(find)}` : base;
}

/** The words a page was opened to show (from a search result), if any. */
export function findParam(hash: string): string | null {
  const query = hash.split('?')[1];
  return query ? new URLSearchParams(query).get('find') : null;
}

/** The page id a route shows, for "recently opened". */
export function routePageId(route: Route, journalId: (date: string) => string): string | null {
  if (route.name === 'day') return journalId(route.date);
  if (route.name === 'note' || route.name === 'person') return route.id;
  return null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
